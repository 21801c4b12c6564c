"""Match runs end to end on the database: shortlists, explanations, allocation, proposals."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.matching import services
from apps.matching.models import Match, MatchRun
from apps.trainees import services as trainee_services
from apps.vacancies import services as vacancy_services
from apps.vacancies.models import Application
from tests import factories as f
from tests.matching.conftest import LAS

pytestmark = pytest.mark.django_db


def shortlist(vacancy):
    return list(Match.objects.filter(vacancy=vacancy).order_by("rank").values_list("trainee_id", flat=True))


def proposals():
    return set(
        Application.objects.filter(status="proposed", source="matched").values_list(
            "vacancy_id", "trainee_id"
        )
    )


def test_ranking_follows_coverage_of_required_units(graduate, vacancy, run_now):
    few = graduate(LAS[:1])
    most = graduate(LAS[:3])
    all_ = graduate(LAS[:4])
    job = vacancy(LAS[:4])
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    assert shortlist(job) == [all_.pk, most.pk, few.pk]


def test_explanation_lists_matched_and_missing_units_and_factor_parts(graduate, vacancy, run_now):
    g = graduate(LAS[:2])
    job = vacancy(LAS[:4])
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    match = Match.objects.get(vacancy=job, trainee=g)
    assert (match.matched, match.missing) == (LAS[:2], LAS[2:4])
    assert match.reasons["coverage"] == pytest.approx(35.0)
    assert match.score == pytest.approx(sum(match.reasons.values()), abs=0.05)


@pytest.mark.parametrize(
    "trainee",
    [
        {"consent_share": False, "consent_share_at": None},
        {"objects_to_matching": True},
        {"birth_date": dt.date.today().replace(year=dt.date.today().year - 17)},
        {"education": "SD"},
        {"regency_id": "31.71"},  # Jakarta, far from Batang, not relocating
    ],
    ids=["no-consent", "objects", "minor", "education", "out-of-reach"],
)
def test_ineligible_graduates_are_excluded(graduate, vacancy, run_now, trainee):
    if "regency_id" in trainee:
        trainee = {"regency": f.regency(trainee.pop("regency_id"))}
    outsider = graduate(LAS[:4], **trainee)
    insider = graduate(LAS[:1])
    job = vacancy(LAS[:4], min_education="SMP")
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    assert shortlist(job) == [insider.pk]
    assert outsider.pk not in shortlist(job)


def test_far_away_graduate_willing_to_relocate_is_eligible(graduate, vacancy, run_now):
    mover = graduate(LAS[:4], regency=f.regency("31.71"), relocate=True)
    job = vacancy(LAS[:4])
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    assert shortlist(job) == [mover.pk]


def test_women_only_vacancy_lists_only_women(graduate, vacancy, run_now):
    man = graduate(LAS[:4], gender="L")
    woman = graduate(LAS[:1], gender="P", birth_date=dt.date(2001, 3, 9))
    job = vacancy(LAS[:4], gender="P")
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    assert shortlist(job) == [woman.pk]
    assert man.pk not in shortlist(job)


def test_allocation_respects_headcount_and_one_proposal_per_graduate(graduate, vacancy, run_now):
    grads = [graduate(LAS[:4]) for _ in range(3)]
    jobs = [vacancy(LAS[:4], headcount=1), vacancy(LAS[:4], headcount=1)]
    run_now()
    plan = proposals()
    assert len(plan) == 2
    assert len({t for _, t in plan}) == 2  # nobody proposed twice
    assert {v for v, _ in plan} == {j.pk for j in jobs}
    assert {t for _, t in plan} <= {g.pk for g in grads}
    assert set(Match.objects.filter(proposed=True).values_list("vacancy_id", "trainee_id")) == plan


def test_proposals_carry_their_vacancys_employer_and_their_trainees_blkk(
    graduate, vacancy, run_now, blkk_a, blkk_b, employer_x, employer_y
):
    from_a, from_b = graduate(LAS[:4]), graduate(LAS[:4], blkk=blkk_b, relocate=True)
    at_x, at_y = vacancy(LAS[:4]), vacancy(LAS[:4], employer=employer_y)

    run_now()

    copies = set(
        Application.objects.filter(**services.PROPOSAL).values_list("vacancy", "employer", "trainee", "blkk")
    )
    assert {(v, e) for v, e, _t, _b in copies} == {(at_x.pk, employer_x.pk), (at_y.pk, employer_y.pk)}
    assert {(t, b) for _v, _e, t, b in copies} == {(from_a.pk, blkk_a.pk), (from_b.pk, blkk_b.pk)}


def test_allocation_spreads_the_best_graduate_to_maximise_total_score(graduate, vacancy, run_now):
    # A fits both jobs best; B fits only job 1. Greedy would give A job 1 and leave job 2 empty.
    a = graduate(LAS[:4])
    b = graduate(LAS[:2])
    job1 = vacancy(LAS[:4])
    job2 = vacancy(LAS[2:4])
    run_now()
    assert proposals() == {(job1.pk, b.pk), (job2.pk, a.pk)}


def test_hired_graduate_is_no_longer_proposed(graduate, vacancy, run_now):
    star = graduate(LAS[:4])
    other = graduate(LAS[:1])
    job1 = vacancy(LAS[:4])
    job2 = vacancy(LAS[:4], headcount=1)
    f.ApplicationFactory(vacancy=job1, trainee=star, status="hired", source="nominated")
    run_now()
    assert star.pk not in {t for _, t in proposals()}
    assert proposals() == {(job2.pk, other.pk)}


def test_a_rerun_replaces_results_without_duplicates(graduate, vacancy, run_now):
    graduate(LAS[:4])
    job = vacancy(LAS[:4])
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    first = (list(Match.objects.values_list("vacancy_id", "trainee_id", "score")), proposals())
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    assert (list(Match.objects.values_list("vacancy_id", "trainee_id", "score")), proposals()) == first


def test_a_done_run_is_not_executed_again(graduate, vacancy, run_now):
    graduate(LAS[:4])
    job = vacancy(LAS[:4])
    run = run_now(MatchRun.Scope.VACANCY, vacancy=job)
    assert services.matchrun_execute(run_id=run.pk) is None
    assert MatchRun.objects.get(pk=run.pk).status == "done"


def test_run_records_progress_counts_and_timings(graduate, vacancy, run_now):
    graduate(LAS[:4])
    run = run_now(MatchRun.Scope.VACANCY, vacancy=vacancy(LAS[:4]))
    assert (run.status, run.progress) == ("done", 1.0)
    assert run.counts["matches"] == 1 and run.counts["proposed"] == 1
    assert {"load", "engine", "store", "total"} <= set(run.timings)


def test_new_graduate_joins_existing_shortlists_incrementally(graduate, vacancy, run_now):
    graduate(LAS[:1])
    job = vacancy(LAS[:4])
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    newcomer = graduate(LAS[:4])
    run_now(MatchRun.Scope.GRADUATES, trainee_ids=[newcomer.pk])
    assert shortlist(job)[0] == newcomer.pk
    assert proposals() == {(job.pk, newcomer.pk)}


def test_withdrawn_consent_removes_graduate_from_every_shortlist(graduate, vacancy, run_now):
    g = graduate(LAS[:4])
    job = vacancy(LAS[:4])
    run_now()
    trainee_services.trainee_set_consent(trainee=g, consent=False)
    run_now(MatchRun.Scope.GRADUATES, trainee_ids=[g.pk])
    assert shortlist(job) == [] and proposals() == set()


def test_shortlist_is_top_k(graduate, vacancy, run_now, settings):
    settings.MATCHING = {**settings.MATCHING, "TOP_K": 2}
    grads = [graduate(LAS[: i + 1]) for i in range(4)]
    job = vacancy(LAS[:4])
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    assert shortlist(job) == [grads[3].pk, grads[2].pk]


def test_closing_a_vacancy_empties_its_shortlist_and_proposals(graduate, vacancy, run_now):
    graduate(LAS[:4])
    job = vacancy(LAS[:4])
    run_now()
    vacancy_services.vacancy_close(vacancy=job)
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    assert shortlist(job) == [] and proposals() == set()


def test_failed_run_records_the_error(vacancy, monkeypatch):
    job = vacancy(LAS[:4])
    run = services.matchrun_request(scope=MatchRun.Scope.VACANCY, vacancy=job)

    def boom(*args, **kwargs):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(services, "shortlist_vacancies", boom)
    with pytest.raises(RuntimeError):
        services.matchrun_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and "engine exploded" in run.error


def test_publishing_enqueues_a_run_only_after_commit(employer_x, django_capture_on_commit_callbacks):
    job = f.VacancyFactory(
        employer=employer_x, status="draft", closes_on=timezone.localdate() + dt.timedelta(days=9)
    )
    with django_capture_on_commit_callbacks() as callbacks:
        vacancy_services.vacancy_publish(vacancy=job)
    assert MatchRun.objects.filter(vacancy=job, status="queued").count() == 1
    # One enqueue of the run after the commit (beside the dashboards' refresh: the vacancy opened).
    assert [c.__qualname__ for c in callbacks if "matchrun_request" in c.__qualname__] == [
        "matchrun_request.<locals>.<lambda>"
    ]
    assert len(callbacks) == 2
