"""The matching endpoints of the API: start a run, follow it, read the explained shortlist."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from apps.accounts import policies
from apps.accounts.models import AccessLog
from apps.matching.models import Match, MatchRun
from apps.vacancies.models import Application
from tests import factories as f
from tests.matching import conftest as matching
from tests.matching.conftest import LAS
from tests.workers import wait_for

BASE = "/api/v1/"
pytestmark = pytest.mark.django_db
graduate, vacancy, run_now = matching.graduate, matching.vacancy, matching.run_now  # shared fixtures


@pytest.fixture
def matched(graduate, vacancy, run_now, blkk_b):
    """carol's welding vacancy (2 places) after a run: four graduates of two BLKK ranked by coverage."""
    job = vacancy(LAS[:4], headcount=2)
    people = {
        "all": graduate(LAS[:4], full_name="Siti Rahmawati", phone="081111111111", address="Jl. Mawar 1"),
        "three": graduate(LAS[:3]),
        "two": graduate(LAS[:2], blkk=blkk_b, regency=f.regency("33.25")),
        "one": graduate(LAS[:1]),
    }
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    return job, people


def candidates(api, user, job, **params):
    return api.as_(user).get(f"{BASE}vacancies/{job.pk}/candidates/", params)


def test_candidates_are_ranked_by_coverage_with_their_explanation(api, carol, matched):
    job, people = matched
    body = candidates(api, carol, job).json()
    assert body["count"] == 4
    rows = body["results"]
    assert [r["candidate"] for r in rows] == [people[k].pk for k in ("all", "three", "two", "one")]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]
    assert rows[1]["matched"] == LAS[:3] and rows[1]["missing"] == [LAS[3]]
    assert set(rows[0]["reasons"]) == {"coverage", "vocation", "distance", "recency"}
    assert rows[0]["score"] == pytest.approx(sum(rows[0]["reasons"].values()), abs=0.05)


def test_candidates_carry_the_allocation_plan(api, carol, matched):
    job, people = matched
    rows = candidates(api, carol, job).json()["results"]
    assert [r["candidate"] for r in rows if r["proposed"]] == [people["all"].pk, people["three"].pk]
    proposed = candidates(api, carol, job, proposed="true").json()["results"]
    assert len(proposed) == 2


def test_employer_sees_no_name_or_phone_until_shortlisted(api, carol, matched):
    job, people = matched
    row = candidates(api, carol, job).json()["results"][0]
    assert (row["full_name"], row["phone"]) == (None, None)
    Application.objects.filter(vacancy=job, trainee=people["all"]).update(status="shortlisted")
    row = candidates(api, carol, job).json()["results"][0]
    assert (row["full_name"], row["phone"]) == ("Siti Rahmawati", "081111111111")


# persona -> candidates (by key in ``matched``) whose contact a view of the shortlist writes to the
# access log once the two in the pipeline (the proposed ones) are shortlisted: every view but the
# owning BLKK's is audited (an admin sees every candidate's contact); officials see no shortlist.
CONTACT_AUDITED = {
    "carol": ["all", "three"],
    "root": ["all", "three", "two", "one"],
    "alice": [],
    "bob": [],
    "olivia": [],
}


@pytest.mark.parametrize(("persona", "audited"), CONTACT_AUDITED.items())
def test_every_name_and_phone_the_shortlist_shows_an_employer_is_audited(
    api, request, matched, persona, audited
):
    job, people = matched
    user = request.getfixturevalue(persona)
    Application.objects.filter(vacancy=job).update(status="shortlisted")
    response = candidates(api, user, job)
    assert response.status_code == 200
    logged = AccessLog.objects.filter(action=AccessLog.Action.VIEW_CONTACT)
    assert sorted(logged.values_list("trainee_id", flat=True)) == sorted(people[k].pk for k in audited)
    assert all((log.user_id, log.path) == (user.pk, response.request["PATH_INFO"]) for log in logged)
    shown = {r["candidate"] for r in response.json()["results"] if r["full_name"] is not None}
    if persona in ("carol", "root"):  # not the owning BLKK: every name and phone shown is audited
        assert shown == {people[k].pk for k in audited}
    else:
        assert not audited


def test_a_shortlist_without_contacts_shown_writes_no_access_log(api, carol, dave, matched):
    job, people = matched
    Application.objects.filter(vacancy=job).exclude(trainee=people["three"]).update(status="rejected")
    Application.objects.filter(vacancy=job, trainee=people["three"]).update(status="proposed")
    assert all(r["full_name"] is None for r in candidates(api, carol, job).json()["results"])
    Application.objects.filter(vacancy=job).update(status="shortlisted")
    assert candidates(api, dave, job).status_code == 404  # another employer: nothing shown
    assert candidates(api, carol, job, page="x").status_code == 404  # a bad page shows nothing
    assert not AccessLog.objects.exists()
    rows = candidates(api, carol, job, proposed="true").json()["results"]
    assert set(AccessLog.objects.values_list("trainee_id", flat=True)) == {r["candidate"] for r in rows}


def test_each_candidate_carries_its_own_application_on_this_vacancy(api, carol, matched):
    job, people = matched
    Application.objects.filter(vacancy=job, trainee=people["three"]).update(status="interview")
    Application.objects.filter(vacancy=job, trainee=people["one"]).delete()
    other = f.VacancyFactory(employer=job.employer)  # an application elsewhere is not this one's
    elsewhere = f.ApplicationFactory(vacancy=other, trainee=people["one"], status="hired")
    applications = {a.trainee_id: a for a in Application.objects.filter(vacancy=job)}
    rows = {r["candidate"]: r["application"] for r in candidates(api, carol, job).json()["results"]}
    assert rows[people["three"].pk] == {"id": applications[people["three"].pk].pk, "status": "interview"}
    assert rows[people["one"].pk] is None and elsewhere.pk not in {(a or {}).get("id") for a in rows.values()}
    for key in ("all", "two"):
        application = applications.get(people[key].pk)
        assert rows[people[key].pk] == (application and {"id": application.pk, "status": application.status})


def test_candidates_never_carry_nik_birth_date_or_address(api, carol, matched):
    job, people = matched
    Application.objects.filter(vacancy=job).update(status="shortlisted")
    text = candidates(api, carol, job).content.decode()
    for person in people.values():
        assert person.nik not in text
        assert person.birth_date.isoformat() not in text
    assert "Jl. Mawar" not in text and "birth_date" not in text and "nik" not in text


def test_blkk_staff_see_only_their_own_graduates_among_candidates(api, bob, matched):
    job, people = matched
    rows = candidates(api, bob, job).json()["results"]
    assert [r["candidate"] for r in rows] == [people["two"].pk]


@pytest.mark.parametrize("persona", ["dave", "otto"])
def test_candidates_of_a_vacancy_outside_scope_are_404(api, request, matched, persona):
    job, _ = matched
    assert candidates(api, request.getfixturevalue(persona), job).status_code == 404


SHORTLIST_SEEN = {  # persona -> the candidates (by key in ``matched``) they see; None: a 404
    "root": ["all", "three", "two", "one"],
    "carol": ["all", "three", "two", "one"],  # the vacancy's employer
    "alice": ["all", "three", "one"],  # BLKK staff: their own graduates
    "bob": ["two"],
    "olivia": [],  # officials see the vacancy, not its shortlist
    "olga": [],
    "dave": None,  # another employer
    "otto": None,  # an official of another province
}


@pytest.mark.parametrize(("persona", "seen"), SHORTLIST_SEEN.items())
def test_each_role_sees_the_shortlist_its_policy_allows(api, request, matched, persona, seen):
    job, people = matched
    user = request.getfixturevalue(persona)
    response = candidates(api, user, job)
    if seen is None:
        assert response.status_code == 404
        return
    assert [r["candidate"] for r in response.json()["results"]] == [people[k].pk for k in seen]
    # The shortlist's own scope is the policy module's scope of matches on that vacancy.
    scoped = policies.scope(user, Match).filter(vacancy=job)
    assert set(policies.shortlist_scope(user, job)) == set(scoped)


def test_anonymous_gets_401(api, matched):
    job, _ = matched
    assert api.as_(None).get(f"{BASE}vacancies/{job.pk}/candidates/").status_code == 401
    assert api.as_(None).post(f"{BASE}vacancies/{job.pk}/match/").status_code == 401


def test_employer_starts_a_run_for_an_open_vacancy(api, carol, matched):
    job, _ = matched
    response = api.as_(carol).post(f"{BASE}vacancies/{job.pk}/match/")
    assert response.status_code == 202
    run = MatchRun.objects.get(pk=response.json()["run"])
    assert (run.vacancy_id, run.status, run.requested_by_id) == (job.pk, "queued", carol.pk)
    detail = api.as_(carol).get(f"{BASE}match-runs/{run.pk}/").json()
    assert detail["status"] == "queued" and detail["progress"] == 0.0


@pytest.mark.parametrize(("persona", "status"), [("dave", 404), ("alice", 403), ("olivia", 403)])
def test_only_the_vacancys_employer_starts_a_run(api, request, matched, persona, status):
    job, _ = matched
    before = MatchRun.objects.count()
    assert (
        api.as_(request.getfixturevalue(persona)).post(f"{BASE}vacancies/{job.pk}/match/").status_code
        == status
    )
    assert MatchRun.objects.count() == before


def test_a_draft_vacancy_cannot_be_matched(api, carol, employer_x):
    draft = f.VacancyFactory(employer=employer_x, status="draft")
    response = api.as_(carol).post(f"{BASE}vacancies/{draft.pk}/match/")
    assert response.status_code == 400 and "status" in response.json()


def test_someone_elses_match_run_is_404(api, dave, matched):
    job, _ = matched
    run = MatchRun.objects.get(vacancy=job)
    assert api.as_(dave).get(f"{BASE}match-runs/{run.pk}/").status_code == 404


# --- through Redis and a real worker process ---------------------------------------------------
def _open_vacancy(api, user, units, **fields):
    payload = {
        "title": "Operator Las",
        "vocation": "LAS",
        "competencies": units,
        "headcount": 1,
        "min_education": "SMP",
        "gender": "any",
        "age_min": 18,
        "age_max": 40,
        "regency": "33.25",
        "salary_min": 2_600_000,
        "salary_max": 3_000_000,
        "closes_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "status": "open",
        **fields,
    }
    with transaction.atomic():
        response = api.as_(user).post(f"{BASE}vacancies/", payload, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def _done(api, user, vacancy_id):
    def check():
        runs = api.as_(user).get(f"{BASE}match-runs/", {"vacancy": vacancy_id}).json()["results"]
        return runs and all(r["status"] == "done" for r in runs) and runs

    return wait_for(check, timeout=90)


def _ranked(api, user, vacancy_id):
    return api.as_(user).get(f"{BASE}vacancies/{vacancy_id}/candidates/").json()["results"]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_matching_scenarios_through_the_api_with_a_real_worker(api, start_worker, graduate, carol, dave):
    start_worker()
    full = graduate(LAS[:4], gender="P", birth_date=dt.date(2000, 4, 9))
    most = graduate(LAS[:3])
    some = graduate(LAS[:2], gender="P", birth_date=dt.date(2001, 6, 1))
    graduate(LAS[:4], consent_share=False, consent_share_at=None)  # ineligible: no consent
    graduate(LAS[:4], regency=f.regency("31.71"))  # ineligible: Jakarta, not relocating

    # Ranking by coverage; ineligible graduates excluded; the allocation proposes the best one.
    job = _open_vacancy(api, carol, LAS[:4])
    run = _done(api, carol, job)[0]
    assert run["counts"]["matches"] == 3
    ranked = _ranked(api, carol, job)
    assert [r["candidate"] for r in ranked] == [full.pk, most.pk, some.pk]
    assert [r["candidate"] for r in ranked if r["proposed"]] == [full.pk]

    # A women-only vacancy of another employer lists only women; the plan spreads proposals so
    # that nobody is proposed twice and no vacancy gets more than its headcount.
    women = _open_vacancy(api, dave, LAS[:4], gender="P", headcount=2, regency="33.26")
    _done(api, dave, women)
    assert [r["candidate"] for r in _ranked(api, dave, women)] == [full.pk, some.pk]
    proposals = list(
        Application.objects.filter(status="proposed", source="matched").values_list(
            "vacancy_id", "trainee_id"
        )
    )
    assert len({t for _, t in proposals}) == len(proposals)
    assert sum(1 for v, _ in proposals if v == job) <= 1 and sum(1 for v, _ in proposals if v == women) <= 2

    # The plan moved the best graduate to the women-only vacancy (total score is maximal).
    assert Application.objects.filter(vacancy_id=women, trainee=full, status="proposed").exists()
    assert Application.objects.filter(vacancy_id=job, trainee=most, status="proposed").exists()

    # Hired graduates are no longer listed or proposed anywhere.
    application = Application.objects.get(vacancy_id=women, trainee=full)
    for step in ("shortlisted", "interview", "offered", "hired"):
        with transaction.atomic():
            response = api.as_(dave).post(
                f"{BASE}applications/{application.pk}/transition/", {"to": step}, format="json"
            )
        assert response.status_code == 200, response.content
    wait_for(lambda: not MatchRun.objects.exclude(status__in=["done", "failed"]).exists(), timeout=90)
    assert full.pk not in [r["candidate"] for r in _ranked(api, carol, job)]
    assert not Application.objects.filter(trainee=full, status="proposed").exists()
    assert Application.objects.filter(vacancy_id=women, trainee=some, status="proposed").exists()
