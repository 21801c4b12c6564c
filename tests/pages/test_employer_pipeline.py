"""The pipeline board: columns by status; one click moves a candidate one legal step (htmx swaps
the board, plain POST redirects back); an illegal step changes nothing and says why."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LEGAL = [
    ("proposed", "shortlisted"),
    ("proposed", "rejected"),
    ("shortlisted", "interview"),
    ("shortlisted", "rejected"),
    ("interview", "offered"),
    ("interview", "rejected"),
    ("offered", "hired"),
    ("offered", "rejected"),
]
ILLEGAL = [
    ("proposed", "interview"),
    ("proposed", "hired"),
    ("shortlisted", "offered"),
    ("interview", "hired"),
    ("hired", "rejected"),
    ("rejected", "shortlisted"),
    ("withdrawn", "shortlisted"),
    ("offered", "proposed"),
    ("proposed", "withdrawn"),  # the BLKK's step, not the employer's
]


@pytest.fixture
def job(employer_x):
    return f.VacancyFactory(employer=employer_x, headcount=2)


def card(job, status, **trainee):
    return f.ApplicationFactory(
        vacancy=job, status=status, **{f"trainee__{k}": v for k, v in trainee.items()}
    )


def step(client, application, to, htmx=False):
    url = reverse("employer:application-step", args=[application.pk])
    return client.post(url, {"to": to}, **(HTMX if htmx else {}))


def test_board_puts_each_application_in_its_column(client, carol, job):
    apps = {
        status: card(job, status) for status in ["proposed", "shortlisted", "interview", "offered", "hired"]
    }
    rejected = card(job, "rejected")
    client.force_login(carol)
    context = client.get(reverse("employer:vacancy-pipeline", args=[job.pk])).context
    columns = {c["status"]: [a.pk for a in c["cards"]] for c in context["columns"]}
    assert columns == {status: [a.pk] for status, a in apps.items()}
    assert [a.pk for a in context["ended"]] == [rejected.pk]


def test_each_card_offers_only_the_legal_employer_steps(client, carol, job):
    proposed, offered, hired = card(job, "proposed"), card(job, "offered"), card(job, "hired")
    client.force_login(carol)
    context = client.get(reverse("employer:vacancy-pipeline", args=[job.pk])).context
    steps = {a.pk: a.steps for c in context["columns"] for a in c["cards"]}
    assert steps[proposed.pk] == ["shortlisted", "rejected"]  # never "withdrawn": the BLKK's step
    assert steps[offered.pk] == ["hired", "rejected"]
    assert steps[hired.pk] == []


def test_hire_button_hidden_once_all_places_are_filled(client, carol, employer_x):
    job = f.VacancyFactory(employer=employer_x, headcount=1)
    card(job, "hired")
    offered = card(job, "offered")
    client.force_login(carol)
    context = client.get(reverse("employer:vacancy-pipeline", args=[job.pk])).context
    assert next(a for c in context["columns"] for a in c["cards"] if a.pk == offered.pk).steps == ["rejected"]


@pytest.mark.parametrize(("start", "to"), LEGAL)
def test_legal_step_moves_with_one_click_without_javascript(client, carol, job, start, to):
    application = card(job, start)
    client.force_login(carol)
    response = step(client, application, to)
    assert response.status_code == 302 and response.url == reverse("employer:vacancy-pipeline", args=[job.pk])
    application.refresh_from_db()
    assert application.status == to
    assert getattr(application, f"{to}_at") is not None


@pytest.mark.parametrize(("start", "to"), LEGAL)
def test_legal_step_moves_with_one_click_with_htmx_and_returns_the_board(client, carol, job, start, to):
    application = card(job, start)
    client.force_login(carol)
    response = step(client, application, to, htmx=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="board"') and "<html" not in html
    application.refresh_from_db()
    assert application.status == to
    column = next((c for c in response.context["columns"] if c["status"] == to), None)
    moved = column["cards"] if column else response.context["ended"]
    assert application.pk in [a.pk for a in moved]


@pytest.mark.parametrize(("start", "to"), ILLEGAL)
def test_illegal_step_is_refused_and_changes_nothing(client, carol, job, start, to):
    application = card(job, start)
    client.force_login(carol)
    response = step(client, application, to, htmx=True)
    assert response.status_code == 200
    assert response.context["error"]
    assert 'class="message error"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == start


def test_illegal_step_without_javascript_says_why(client, carol, job):
    application = card(job, "proposed")
    client.force_login(carol)
    response = client.post(
        reverse("employer:application-step", args=[application.pk]), {"to": "hired"}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    application.refresh_from_db()
    assert application.status == "proposed"


@pytest.mark.parametrize("to", ["", "promoted", "x\x00", "hired' OR 1=1"])
def test_garbage_step_is_refused(client, carol, job, to):
    application = card(job, "proposed")
    client.force_login(carol)
    response = step(client, application, to, htmx=True)
    assert response.status_code == 200 and response.context["error"]
    application.refresh_from_db()
    assert application.status == "proposed"


def test_hire_beyond_headcount_is_refused(client, carol, employer_x):
    job = f.VacancyFactory(employer=employer_x, headcount=1)
    card(job, "hired")
    offered = card(job, "offered")
    client.force_login(carol)
    response = step(client, offered, "hired", htmx=True)
    assert response.context["error"]
    offered.refresh_from_db()
    assert offered.status == "offered"


def test_last_hire_fills_the_vacancy(client, carol, employer_x):
    job = f.VacancyFactory(employer=employer_x, headcount=1)
    offered = card(job, "offered")
    client.force_login(carol)
    response = step(client, offered, "hired", htmx=True)
    job.refresh_from_db()
    assert job.status == "filled"
    assert response.context["vacancy"].status == "filled"


@pytest.mark.parametrize("persona", ["dave", "alice", "bob", "olivia", "olga"])
def test_others_cannot_move_carols_candidates(client, request, job, persona):
    application = card(job, "proposed")
    client.force_login(request.getfixturevalue(persona))
    assert step(client, application, "shortlisted").status_code == 404
    application.refresh_from_db()
    assert application.status == "proposed"


def test_anonymous_step_is_sent_to_login(client, job):
    application = card(job, "proposed")
    response = step(client, application, "shortlisted")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    application.refresh_from_db()
    assert application.status == "proposed"


def test_step_refuses_get(client, carol, job):
    application = card(job, "proposed")
    client.force_login(carol)
    assert client.get(reverse("employer:application-step", args=[application.pk])).status_code == 405


def test_cards_are_wired_for_htmx_and_plain_post(client, carol, job):
    application = card(job, "proposed")
    client.force_login(carol)
    html = client.get(reverse("employer:vacancy-pipeline", args=[job.pk])).content.decode()
    url = reverse("employer:application-step", args=[application.pk])
    assert f'action="{url}"' in html and f'hx-post="{url}"' in html and 'hx-target="#board"' in html


def test_name_and_phone_on_cards_only_from_shortlisting_for_consenting_adults(client, carol, job):
    proposed = card(job, "proposed", full_name="Rina Proposed", phone="081200000001")
    shortlisted = card(job, "shortlisted", full_name="Rudi Shortlisted", phone="081200000002")
    no_consent = card(
        job,
        "interview",
        full_name="Rahmat Withdrew",
        phone="081200000003",
        consent_share=False,
        consent_share_at=None,
    )
    client.force_login(carol)
    html = client.get(reverse("employer:vacancy-pipeline", args=[job.pk])).content.decode()
    assert "Rudi Shortlisted" in html and "081200000002" in html
    assert "Rina Proposed" not in html and "081200000001" not in html
    assert "Rahmat Withdrew" not in html and "081200000003" not in html
    for application in (proposed, shortlisted, no_consent):
        assert application.trainee.nik not in html


def test_board_never_shows_a_minors_name(client, carol, job):
    today = timezone.localdate()
    minor = card(job, "shortlisted", full_name="Anak Tujuh Belas", birth_date=dt.date(today.year - 17, 1, 1))
    client.force_login(carol)
    html = client.get(reverse("employer:vacancy-pipeline", args=[job.pk])).content.decode()
    assert "Anak Tujuh Belas" not in html and minor.trainee.phone not in html


def test_board_query_count_does_not_grow_with_cards(client, carol, job):
    client.force_login(carol)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("employer:vacancy-pipeline", args=[job.pk])).status_code == 200
        return len(ctx)

    card(job, "proposed")
    card(job, "shortlisted")
    few = queries()
    for status in ["proposed", "shortlisted", "interview", "offered", "rejected", "shortlisted"]:
        card(job, status)
    assert queries() == few


def test_htmx_step_query_count_does_not_grow_with_cards(client, carol, job):
    client.force_login(carol)

    def queries():
        application = card(job, "proposed")
        with CaptureQueriesContext(connection) as ctx:
            step(client, application, "rejected", htmx=True)
        return len(ctx)

    card(job, "shortlisted")  # a name shown (and its audit row written) in both measurements
    few = queries()
    for status in ["proposed", "shortlisted", "interview", "offered"]:
        card(job, status)
    assert queries() == few
