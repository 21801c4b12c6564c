"""The explained shortlist an employer sees for her vacancy: scores and their parts, units held and
missing, the allocation's proposals; never a NIK, birth date or address; name and phone only
for a shortlisted, consenting adult (and every such view is audited)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from apps.accounts.models import AccessLog
from apps.core import pagination
from apps.matching.models import Match, MatchRun
from apps.taxonomy.models import CompetencyUnit
from apps.vacancies.models import Application
from tests import factories as f
from tests.matching import conftest as matching
from tests.matching.conftest import LAS
from tests.queries import sql_of

pytestmark = pytest.mark.django_db

# The matching suite's helpers: graduates, vacancies of carol's employer, in-process runs.
graduate, vacancy, run_now = matching.graduate, matching.vacancy, matching.run_now


@pytest.fixture
def shortlisted(graduate, vacancy, run_now):
    """A welding vacancy of carol's with three ranked graduates, after a run."""
    people = [
        graduate(LAS[:4], full_name="Siti Rahmawati", phone="081311112222", address="Jl. Melati 3, Batang"),
        graduate(LAS[:2], full_name="Agus Prasetyo", phone="081322223333", address="Dukuh Krajan RT 2"),
        graduate(LAS[:1], full_name="Dewi Lestari", phone="081333334444", address="Perum Griya Asri B7"),
    ]
    job = vacancy(LAS[:4], headcount=1)
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    return job, people


def page(client, user, job, **params):
    client.force_login(user)
    return client.get(reverse("employer:vacancy-candidates", args=[job.pk]), params)


def test_candidates_are_listed_in_rank_order_with_score_parts(client, carol, shortlisted):
    job, people = shortlisted
    response = page(client, carol, job)
    rows = response.context["rows"]
    assert [m.trainee_id for m in rows] == [p.pk for p in people]
    html = response.content.decode()
    top = Match.objects.get(vacancy=job, trainee=people[0])
    for part in ("coverage", "vocation", "distance", "recency"):
        assert f"{top.reasons[part]:.1f}".replace(".", ",") in html  # Indonesian decimal comma


def test_factor_labels_and_score_are_shown(client, carol, shortlisted):
    job, _people = shortlisted
    client.cookies["django_language"] = "en"
    html = page(client, carol, job).content.decode()
    for label in ("Unit coverage", "Same vocation", "Distance", "Recent graduation", "Score"):
        assert label in html


def test_matched_and_missing_units_show_codes_and_titles(client, carol, shortlisted):
    job, people = shortlisted
    response = page(client, carol, job)
    second = next(m for m in response.context["rows"] if m.trainee_id == people[1].pk)
    assert [u.code for u in second.matched_units] == LAS[:2]
    assert [u.code for u in second.missing_units] == LAS[2:4]
    html = response.content.decode()
    for unit in CompetencyUnit.objects.filter(code__in=LAS[:4]):
        assert unit.code in html and unit.title in html


def test_allocation_proposal_is_marked(client, carol, shortlisted):
    job, people = shortlisted
    response = page(client, carol, job)
    proposed = [m.trainee_id for m in response.context["rows"] if m.proposed]
    assert proposed == [people[0].pk]  # headcount 1: the best graduate
    assert 'class="badge proposed"' in response.content.decode()


def test_blkk_education_and_regency_are_shown(client, carol, shortlisted, blkk_a):
    job, _people = shortlisted
    html = page(client, carol, job).content.decode()
    assert blkk_a.name in html and "Kabupaten Batang" in html
    assert "SMK" in html


def date_spellings(day: dt.date) -> set[str]:
    spellings = {
        day.isoformat(),
        day.strftime("%d-%m-%Y"),
        day.strftime("%d/%m/%Y"),
        day.strftime("%d.%m.%Y"),
        day.strftime("%d/%m/%y"),
        day.strftime("%m/%d/%Y"),
        day.strftime("%Y%m%d"),
    }
    for language in ("id", "en"):
        with translation.override(language):
            for fmt in ("DATE_FORMAT", "SHORT_DATE_FORMAT", "j F Y", "j M Y", "j N Y", "F j, Y", "N j, Y"):
                spellings.add(date_format(day, fmt))
    return spellings


@pytest.mark.parametrize("language", ["id", "en"])
def test_never_a_nik_birth_date_or_address_even_after_shortlisting(client, carol, shortlisted, language):
    job, people = shortlisted
    application = Application.objects.get(vacancy=job, trainee=people[0])
    application.status = "shortlisted"
    application.save()
    client.cookies["django_language"] = language
    html = page(client, carol, job).content.decode()
    for person in people:
        person.refresh_from_db()
        assert person.nik not in html
        assert person.address not in html
        for spelling in date_spellings(person.birth_date):
            assert spelling not in html, spelling


def test_name_and_phone_hidden_before_shortlisting(client, carol, shortlisted):
    job, people = shortlisted
    html = page(client, carol, job).content.decode()
    for person in people:
        assert person.full_name not in html and person.phone not in html
    assert not AccessLog.objects.exists()


def test_name_and_phone_shown_once_a_consenting_adult_is_shortlisted(client, carol, shortlisted):
    job, people = shortlisted
    Application.objects.filter(vacancy=job, trainee=people[0]).update(status="shortlisted")
    html = page(client, carol, job).content.decode()
    assert people[0].full_name in html and people[0].phone in html
    assert people[1].full_name not in html and people[1].phone not in html


def test_proposed_only_is_not_enough_for_contact_details(client, carol, shortlisted):
    job, people = shortlisted
    assert Application.objects.get(vacancy=job, trainee=people[0]).status == "proposed"
    html = page(client, carol, job).content.decode()
    assert people[0].full_name not in html


def test_viewing_contact_details_is_written_to_the_access_log(client, carol, shortlisted):
    job, people = shortlisted
    Application.objects.filter(vacancy=job, trainee=people[0]).update(status="interview")
    page(client, carol, job)
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.trainee_id) == (carol, "view_contact", people[0].pk)


def test_withdrawn_consent_drops_the_candidate_at_once(client, carol, shortlisted):
    job, people = shortlisted
    people[0].consent_share, people[0].consent_share_at = False, None
    people[0].save()
    html = page(client, carol, job).content.decode()
    assert people[0].pk not in [m.trainee_id for m in page(client, carol, job).context["rows"]]
    assert people[0].full_name not in html


def test_other_employer_gets_404(client, dave, shortlisted):
    job, _people = shortlisted
    assert page(client, dave, job).status_code == 404


def test_staff_of_the_graduates_blkk_still_get_404_on_the_employer_page(client, alice, shortlisted):
    job, _people = shortlisted
    assert page(client, alice, job).status_code == 404


# --- putting a candidate into the pipeline ----------------------------------------------------
def test_pick_puts_a_shortlist_candidate_into_the_pipeline(client, carol, shortlisted):
    job, people = shortlisted
    client.force_login(carol)
    response = client.post(reverse("employer:candidate-pick", args=[job.pk, people[2].pk]))
    assert response.status_code == 302
    application = Application.objects.get(vacancy=job, trainee=people[2])
    assert (application.status, application.source) == ("proposed", "employer")


def test_pick_button_shown_only_for_candidates_not_yet_in_the_pipeline(client, carol, shortlisted):
    job, people = shortlisted
    html = page(client, carol, job).content.decode()
    assert reverse("employer:candidate-pick", args=[job.pk, people[0].pk]) not in html  # proposed already
    assert reverse("employer:candidate-pick", args=[job.pk, people[2].pk]) in html


def test_pick_of_a_candidate_already_in_the_pipeline_says_so(client, carol, shortlisted):
    job, people = shortlisted
    client.force_login(carol)
    response = client.post(reverse("employer:candidate-pick", args=[job.pk, people[0].pk]), follow=True)
    assert Application.objects.filter(vacancy=job, trainee=people[0]).count() == 1
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_pick_of_a_graduate_not_on_this_shortlist_is_404(client, carol, shortlisted, graduate):
    job, _people = shortlisted
    outsider = graduate(LAS[:4])  # graduated after the run: not on the shortlist
    client.force_login(carol)
    response = client.post(reverse("employer:candidate-pick", args=[job.pk, outsider.pk]))
    assert response.status_code == 404
    assert not Application.objects.filter(trainee=outsider).exists()


def test_pick_of_a_graduate_on_another_vacancys_shortlist_is_404(
    client, carol, shortlisted, vacancy, graduate, run_now
):
    job, _people = shortlisted
    other_job = vacancy(LAS[5:8], employer=f.EmployerFactory())
    elsewhere = graduate(LAS[5:8])
    run_now(MatchRun.Scope.VACANCY, vacancy=other_job)
    assert Match.objects.filter(vacancy=other_job, trainee=elsewhere).exists()
    assert not Match.objects.filter(vacancy=job, trainee=elsewhere).exists()
    client.force_login(carol)
    assert client.post(reverse("employer:candidate-pick", args=[job.pk, elsewhere.pk])).status_code == 404


def test_other_employer_cannot_pick_on_carols_vacancy(client, dave, shortlisted):
    job, people = shortlisted
    client.force_login(dave)
    assert client.post(reverse("employer:candidate-pick", args=[job.pk, people[2].pk])).status_code == 404
    assert not Application.objects.filter(trainee=people[2]).exists()


def test_rerun_button_requests_matching_for_this_vacancy(client, carol, shortlisted):
    job, _people = shortlisted
    client.force_login(carol)
    before = MatchRun.objects.count()
    client.post(reverse("employer:vacancy-rematch", args=[job.pk]))
    assert MatchRun.objects.count() == before + 1
    assert MatchRun.objects.latest("created_at").vacancy == job


def test_candidates_page_query_count_does_not_grow_with_rows(client, carol, graduate, vacancy, run_now):
    job = vacancy(LAS[:4], headcount=1)
    graduate(LAS[:2])
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    Application.objects.filter(vacancy=job).update(status="shortlisted")  # one contact shown (logged)
    client.force_login(carol)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("employer:vacancy-candidates", args=[job.pk]))
        return len(ctx), len(response.context["rows"])

    few, n_few = queries()
    for i in range(5):
        graduate(LAS[: 1 + i % 4])
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    Application.objects.filter(vacancy=job).update(status="shortlisted")
    many, n_many = queries()
    assert (n_few, n_many) == (1, 6)
    assert many == few


def test_empty_shortlist_explains_itself(client, carol, vacancy):
    job = vacancy(LAS[:4])
    response = page(client, carol, job)
    assert response.status_code == 200 and response.context["rows"] == []


def test_minor_is_never_listed(client, carol, graduate, vacancy, run_now):
    job = vacancy(LAS[:4])
    adult = graduate(LAS[:4])
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    minor = graduate(LAS[:4], birth_date=timezone.localdate().replace(year=timezone.localdate().year - 17))
    Match.objects.create(vacancy=job, trainee=minor, score=99, rank=1)  # even if a stale row says so
    rows = page(client, carol, job).context["rows"]
    assert [m.trainee_id for m in rows] == [adult.pk]


@pytest.mark.parametrize("bound", [200, 5], ids=["read whole", "longer than read whole"])
def test_a_long_shortlist_is_paged_twenty_at_a_time_in_rank_order(
    client, carol, graduate, vacancy, run_now, monkeypatch, bound
):
    monkeypatch.setattr(pagination, "WHOLE_LIST_BOUND", bound)
    job = vacancy(LAS[:4], headcount=1)
    people = [graduate(LAS[: 1 + i % 4]) for i in range(45)]
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    client.force_login(carol)
    seen = []
    for number in (1, 2, 3):
        response = page(client, carol, job, page=number)
        rows = response.context["rows"]
        assert len(rows) == (20 if number < 3 else 5)
        assert (
            f"{number} dari 3" in response.content.decode() or f"{number} of 3" in response.content.decode()
        )
        seen += [(m.rank, m.trainee_id) for m in rows]
    assert [rank for rank, _ in seen] == sorted(rank for rank, _ in seen)
    assert sorted(trainee for _, trainee in seen) == sorted(p.pk for p in people)


def test_the_shortlist_is_read_in_one_query_without_a_count(client, carol, graduate, vacancy, run_now):
    job = vacancy(LAS[:4], headcount=1)
    for i in range(25):
        graduate(LAS[: 1 + i % 4])
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    client.force_login(carol)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("employer:vacancy-candidates", args=[job.pk]), {"page": 2})
    sent = [sql_of(q) for q in ctx.captured_queries]
    shortlist = [sql for sql in sent if 'FROM "matching_match"' in sql]
    assert len(shortlist) == 1
    assert "COUNT(" not in shortlist[0]
    assert len(response.context["rows"]) == 5 and response.context["page"].paginator.num_pages == 2
