"""Employer pages: own vacancy list, the vacancy form (create / edit / publish / close), match-run
progress, and who may open each page (carol owns the vacancies; dave is another employer)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.matching.models import MatchRun
from apps.vacancies.models import Vacancy
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LATER = TODAY + dt.timedelta(days=30)


@pytest.fixture
def job(employer_x):
    return f.VacancyFactory(employer=employer_x, title="Operator Las SMAW")


@pytest.fixture
def draft(employer_x):
    return f.VacancyFactory(employer=employer_x, title="Juru Las Draf", status="draft", published_at=None)


def form_data(**overrides):
    data = {
        "title": "Operator Las Pipa",
        "description": "Shift pagi, KITB.",
        "vocation": f.vocation("LAS").pk,
        "competencies": [u.pk for u in f.units("LAS", 3)],
        "headcount": 4,
        "min_education": "SMK",
        "gender": "any",
        "age_min": 18,
        "age_max": 30,
        "regency": "33.25",
        "salary_min": 2_700_000,
        "salary_max": 3_100_000,
        "closes_on": LATER.isoformat(),
        "action": "save",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def snapshot(vacancy):
    vacancy.refresh_from_db()
    return (
        vacancy.title,
        vacancy.headcount,
        vacancy.age_min,
        vacancy.age_max,
        vacancy.salary_min,
        vacancy.salary_max,
        vacancy.status,
        sorted(vacancy.competencies.values_list("pk", flat=True)),
    )


# --- who may open what ----------------------------------------------------------------------
OBJECT_PAGES = [
    "employer:vacancy-detail",
    "employer:vacancy-edit",
    "employer:vacancy-candidates",
    "employer:vacancy-pipeline",
    "employer:vacancy-run",
]
OBJECT_POSTS = [
    ("employer:vacancy-status", {"action": "close"}),
    ("employer:vacancy-rematch", {}),
    ("employer:vacancy-edit", {}),
]


@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_owner_opens_her_vacancy_pages(client, carol, job, name):
    client.force_login(carol)
    assert client.get(reverse(name, args=[job.pk])).status_code == 200


@pytest.mark.parametrize("name", OBJECT_PAGES)
@pytest.mark.parametrize("persona", ["dave", "alice", "olivia", "oscar"])
def test_others_get_404_on_carols_vacancy_pages(client, request, job, name, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name, args=[job.pk])).status_code == 404


@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_portal_admin_opens_any_vacancy_page(client, root, job, name):
    client.force_login(root)
    assert client.get(reverse(name, args=[job.pk])).status_code == 200


def test_portal_admin_without_an_employer_cannot_open_the_new_vacancy_form(client, root):
    client.force_login(root)
    assert client.get(reverse("employer:vacancy-create")).status_code == 404
    assert client.post(reverse("employer:vacancy-create"), form_data()).status_code == 404
    assert not Vacancy.objects.exists()


@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_anonymous_is_sent_to_login_from_vacancy_pages(client, job, name):
    response = client.get(reverse(name, args=[job.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_malformed_or_unknown_vacancy_id_is_404(client, carol, job, name):
    client.force_login(carol)
    assert client.get(reverse(name, args=[job.pk + 10_000])).status_code == 404


@pytest.mark.parametrize(("name", "data"), OBJECT_POSTS)
@pytest.mark.parametrize("persona", ["dave", "alice", "olivia"])
def test_others_cannot_change_carols_vacancy(client, request, job, name, data, persona):
    client.force_login(request.getfixturevalue(persona))
    before = snapshot(job)
    response = client.post(reverse(name, args=[job.pk]), {**form_data(title="Hijacked"), **data})
    assert response.status_code == 404
    assert snapshot(job) == before
    assert not MatchRun.objects.exists()


@pytest.mark.parametrize("name", ["employer:vacancy-list", "employer:vacancy-create", "employer:units"])
@pytest.mark.parametrize("persona", ["alice", "olivia", "olga"])
def test_non_employers_get_404_on_employer_pages(client, request, name, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", ["employer:vacancy-list", "employer:vacancy-create"])
def test_anonymous_is_sent_to_login_from_employer_pages(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- the list ---------------------------------------------------------------------------------
def test_list_shows_only_own_vacancies(client, carol, job, employer_y):
    f.VacancyFactory(employer=employer_y, title="Penjahit Rahasia Dave")
    client.force_login(carol)
    response = client.get(reverse("employer:vacancy-list"))
    assert [v.title for v in response.context["page"]] == ["Operator Las SMAW"]
    assert "Penjahit Rahasia Dave" not in response.content.decode()


def test_list_counts_proposals_pipeline_and_hires(client, carol, job):
    for status in ["proposed", "proposed", "shortlisted", "interview", "hired", "rejected"]:
        f.ApplicationFactory(vacancy=job, status=status)
    client.force_login(carol)
    row = client.get(reverse("employer:vacancy-list")).context["page"][0]
    assert (row.proposals, row.in_progress, row.hired) == (2, 2, 1)


def test_list_query_count_does_not_grow_with_rows(client, carol, employer_x):
    client.force_login(carol)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("employer:vacancy-list")).status_code == 200
        return len(ctx)

    f.ApplicationFactory(vacancy=f.VacancyFactory(employer=employer_x))
    few = queries()
    for _ in range(5):
        f.ApplicationFactory(vacancy=f.VacancyFactory(employer=employer_x), status="shortlisted")
    assert queries() == few


# --- create ----------------------------------------------------------------------------------
def test_create_saves_a_draft_with_its_units(client, carol, employer_x):
    client.force_login(carol)
    response = client.post(reverse("employer:vacancy-create"), form_data())
    vacancy = Vacancy.objects.get(title="Operator Las Pipa")
    assert response.status_code == 302 and response.url == reverse(
        "employer:vacancy-detail", args=[vacancy.pk]
    )
    assert (vacancy.employer, vacancy.status, vacancy.headcount) == (employer_x, "draft", 4)
    assert set(vacancy.competencies.all()) == set(f.units("LAS", 3))
    assert not MatchRun.objects.exists()


def test_create_and_publish_opens_the_vacancy_and_requests_matching(client, carol):
    client.force_login(carol)
    client.post(reverse("employer:vacancy-create"), form_data(action="publish"))
    vacancy = Vacancy.objects.get(title="Operator Las Pipa")
    assert vacancy.status == "open" and vacancy.published_at is not None
    assert MatchRun.objects.filter(vacancy=vacancy, status="queued").exists()


def test_salary_below_umk_saves_with_a_warning(client, carol):
    client.force_login(carol)
    response = client.post(
        reverse("employer:vacancy-create"), form_data(salary_min=2_000_000, salary_max=2_200_000), follow=True
    )
    assert Vacancy.objects.filter(title="Operator Las Pipa", salary_min=2_000_000).exists()
    html = response.content.decode()
    assert "UMK" in html and "Rp 2.534.382" in html  # Batang 2025, Indonesian thousands


def test_salary_at_or_above_umk_gives_no_warning(client, carol):
    client.force_login(carol)
    response = client.post(reverse("employer:vacancy-create"), form_data(), follow=True)
    assert "UMK" not in "".join(str(m) for m in response.context["messages"])


BAD_INPUT = [
    ("headcount", {"headcount": 0}),
    ("headcount", {"headcount": "banyak"}),
    ("age_max", {"age_min": 30, "age_max": 25}),
    ("age_min", {"age_min": 16}),
    ("age_max", {"age_max": 70}),
    ("salary_max", {"salary_min": 3_000_000, "salary_max": 2_800_000}),
    ("salary_min", {"salary_min": -5}),
    ("closes_on", {"closes_on": (TODAY - dt.timedelta(days=1)).isoformat(), "action": "publish"}),
    ("closes_on", {"closes_on": "31-02-2026"}),
    ("competencies", {"competencies": "UNITS_OF_ANOTHER_VOCATION"}),
    ("competencies", {"competencies": ["abc"]}),
    ("competencies", {"competencies": ["999999999"]}),
    ("vocation", {"vocation": "abc"}),
    ("vocation", {"vocation": "999999"}),
    ("regency", {"regency": "99.99"}),
    ("regency", {"regency": "x\x00"}),
    ("title", {"title": ""}),
    ("min_education", {"min_education": "PhD"}),
    ("gender", {"gender": "X"}),
]


def resolve(overrides):
    if overrides.get("competencies") == "UNITS_OF_ANOTHER_VOCATION":
        return {**overrides, "competencies": [u.pk for u in f.units("GRM", 2)]}
    return overrides


@pytest.mark.parametrize(
    ("field", "overrides"), BAD_INPUT, ids=[f"{f_}-{i}" for i, (f_, _) in enumerate(BAD_INPUT)]
)
def test_create_with_bad_input_shows_the_field_error_and_saves_nothing(client, carol, field, overrides):
    client.force_login(carol)
    response = client.post(reverse("employer:vacancy-create"), form_data(**resolve(overrides)))
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert "error-summary" in response.content.decode()
    assert not Vacancy.objects.exists()
    assert not MatchRun.objects.exists()


@pytest.mark.parametrize(
    ("field", "overrides"), BAD_INPUT, ids=[f"{f_}-{i}" for i, (f_, _) in enumerate(BAD_INPUT)]
)
def test_edit_with_bad_input_shows_the_field_error_and_changes_nothing(
    client, carol, draft, field, overrides
):
    client.force_login(carol)
    before = snapshot(draft)
    response = client.post(reverse("employer:vacancy-edit", args=[draft.pk]), form_data(**resolve(overrides)))
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert snapshot(draft) == before
    assert not MatchRun.objects.exists()


def test_form_offers_only_the_units_of_the_chosen_vocation(client, carol, job):
    client.force_login(carol)
    html = client.get(reverse("employer:vacancy-edit", args=[job.pk])).content.decode()
    las, grm = f.units("LAS", 1)[0], f.units("GRM", 1)[0]
    assert las.code in html and grm.code not in html


def test_units_endpoint_swaps_in_the_new_vocations_units(client, carol):
    client.force_login(carol)
    grm = f.units("GRM", 2)
    response = client.get(
        reverse("employer:units"), {"vocation": f.vocation("GRM").pk, "competencies": [grm[0].pk]}
    )
    html = response.content.decode()
    assert html.startswith('<div id="id_competencies"')
    assert grm[0].code in html and grm[1].code in html
    assert f.units("LAS", 1)[0].code not in html
    checked = re.findall(r'<input [^>]*value="(\d+)"[^>]*checked', html)
    assert checked == [str(grm[0].pk)]


def test_units_endpoint_with_garbage_vocation_answers_an_empty_list(client, carol):
    client.force_login(carol)
    response = client.get(reverse("employer:units"), {"vocation": "abc\x00"})
    assert response.status_code == 200 and "checkbox" not in response.content.decode()


def test_refresh_without_javascript_reshows_the_form_and_saves_nothing(client, carol):
    client.force_login(carol)
    response = client.post(
        reverse("employer:vacancy-create"), form_data(vocation=f.vocation("GRM").pk, action="refresh")
    )
    assert response.status_code == 200 and not Vacancy.objects.exists()
    assert f.units("GRM", 1)[0].code in response.content.decode()


def test_new_form_starts_with_the_employers_regency_and_usual_defaults(client, carol, employer_y, dave):
    client.force_login(dave)
    form = client.get(reverse("employer:vacancy-create")).context["form"]
    assert form["regency"].value() == "33.26"
    assert (form["min_education"].value(), form["gender"].value(), form["age_min"].value()) == (
        "SMP",
        "any",
        18,
    )


def test_vocation_select_is_wired_for_htmx(client, carol):
    client.force_login(carol)
    html = client.get(reverse("employer:vacancy-create")).content.decode()
    assert f'hx-get="{reverse("employer:units")}"' in html and 'hx-target="#id_competencies"' in html


def test_every_input_has_a_label(client, carol, job):
    client.force_login(carol)
    form = client.get(reverse("employer:vacancy-edit", args=[job.pk])).context["form"]
    html = client.get(reverse("employer:vacancy-edit", args=[job.pk])).content.decode()
    for field in form.visible_fields():
        if field.name != "competencies":
            assert f'for="{field.id_for_label}"' in html, field.name


# --- edit, publish, close ---------------------------------------------------------------------
def test_edit_updates_the_vacancy(client, carol, job):
    client.force_login(carol)
    response = client.post(
        reverse("employer:vacancy-edit", args=[job.pk]), form_data(title="Operator Las Baru")
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.title, job.headcount, job.status) == ("Operator Las Baru", 4, "open")


def test_edit_and_publish_a_draft(client, carol, draft):
    client.force_login(carol)
    client.post(reverse("employer:vacancy-edit", args=[draft.pk]), form_data(action="publish"))
    draft.refresh_from_db()
    assert draft.status == "open" and MatchRun.objects.filter(vacancy=draft).exists()


def test_publish_with_a_past_closing_date_rolls_back_the_edit(client, carol, draft):
    client.force_login(carol)
    past = (TODAY - dt.timedelta(days=2)).isoformat()
    response = client.post(
        reverse("employer:vacancy-edit", args=[draft.pk]),
        form_data(title="Changed", closes_on=past, action="publish"),
    )
    assert response.context["form"].errors["closes_on"]
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Juru Las Draf", "draft")


def test_closed_vacancy_cannot_be_edited(client, carol, employer_x):
    closed = f.VacancyFactory(employer=employer_x, status="closed", title="Tutup")
    client.force_login(carol)
    response = client.post(reverse("employer:vacancy-edit", args=[closed.pk]), form_data(title="Dibuka lagi"))
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.title == "Tutup"


def test_publish_button_opens_a_draft(client, carol, draft):
    client.force_login(carol)
    client.post(reverse("employer:vacancy-status", args=[draft.pk]), {"action": "publish"})
    draft.refresh_from_db()
    assert draft.status == "open"
    assert MatchRun.objects.filter(vacancy=draft, scope="vacancy").count() == 1


def test_publish_button_with_past_closing_date_says_why_and_keeps_the_draft(client, carol, employer_x):
    stale = f.VacancyFactory(employer=employer_x, status="draft", closes_on=TODAY - dt.timedelta(days=1))
    client.force_login(carol)
    response = client.post(
        reverse("employer:vacancy-status", args=[stale.pk]), {"action": "publish"}, follow=True
    )
    stale.refresh_from_db()
    assert stale.status == "draft"
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_close_button_closes_an_open_vacancy(client, carol, job):
    client.force_login(carol)
    client.post(reverse("employer:vacancy-status", args=[job.pk]), {"action": "close"})
    job.refresh_from_db()
    assert job.status == "closed"


def test_unknown_status_action_changes_nothing(client, carol, job):
    client.force_login(carol)
    client.post(reverse("employer:vacancy-status", args=[job.pk]), {"action": "draft"})
    job.refresh_from_db()
    assert job.status == "open"


def test_status_endpoint_refuses_get(client, carol, job):
    client.force_login(carol)
    assert client.get(reverse("employer:vacancy-status", args=[job.pk])).status_code == 405


# --- match run progress -----------------------------------------------------------------------
def test_running_match_is_polled_every_two_seconds(client, carol, job):
    MatchRun.objects.create(scope="vacancy", vacancy=job, status="running", progress=0.4)
    client.force_login(carol)
    html = client.get(reverse("employer:vacancy-detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html and reverse("employer:vacancy-run", args=[job.pk]) in html
    assert "40%" in html


def test_finished_match_stops_polling(client, carol, job):
    MatchRun.objects.create(scope="vacancy", vacancy=job, status="done", progress=1, counts={"matches": 7})
    client.force_login(carol)
    html = client.get(reverse("employer:vacancy-run", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html and "7" in html


def test_failed_match_stops_polling_and_says_so(client, carol, job):
    MatchRun.objects.create(scope="vacancy", vacancy=job, status="failed", error="boom")
    client.force_login(carol)
    html = client.get(reverse("employer:vacancy-run", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html and "boom" not in html and 'class="error"' in html


def test_rematch_requests_a_run_for_the_vacancy(client, carol, job):
    client.force_login(carol)
    response = client.post(reverse("employer:vacancy-rematch", args=[job.pk]))
    assert response.status_code == 302
    run = MatchRun.objects.get()
    assert (run.scope, run.vacancy, run.requested_by, run.status) == ("vacancy", job, carol, "queued")


def test_rematch_of_a_draft_is_refused(client, carol, draft):
    client.force_login(carol)
    client.post(reverse("employer:vacancy-rematch", args=[draft.pk]))
    assert not MatchRun.objects.exists()


# --- presentation -----------------------------------------------------------------------------
def test_detail_shows_rupiah_and_day_first_dates_the_indonesian_way(client, carol, employer_x):
    vacancy = f.VacancyFactory(
        employer=employer_x, salary_min=2_534_382, salary_max=3_000_000, closes_on=dt.date(2031, 8, 9)
    )
    client.force_login(carol)
    html = client.get(reverse("employer:vacancy-detail", args=[vacancy.pk])).content.decode()
    assert "Rp 2.534.382" in html and "Rp 3.000.000" in html
    assert "9 Agu 2031" in html or "9 Agustus 2031" in html


def test_rupiah_stays_indonesian_in_english(client, carol, job):
    client.force_login(carol)
    client.cookies["django_language"] = "en"
    html = client.get(
        reverse("employer:vacancy-detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Rp 2.600.000" in html


def test_nav_links_to_vacancies_and_notifications(client, carol):
    client.force_login(carol)
    html = client.get(reverse("employer:vacancy-list")).content.decode()
    assert reverse("employer:vacancy-list") in html and reverse("notifications:list") in html
