"""Match runs through Redis and real Celery worker processes (not eager mode)."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from apps.matching.models import Match, MatchRun
from apps.vacancies import services as vacancy_services
from apps.vacancies.models import Application
from tests import factories as f
from tests.matching.conftest import LAS
from tests.workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class Rollback(Exception):
    pass


def draft(employer, units=LAS[:4], headcount=1, **fields):
    from apps.taxonomy.models import CompetencyUnit

    return f.VacancyFactory(
        employer=employer,
        status="draft",
        headcount=headcount,
        closes_on=timezone.localdate() + dt.timedelta(days=20),
        competencies=list(CompetencyUnit.objects.filter(code__in=units)),
        **fields,
    )


def done_run(vacancy):
    return MatchRun.objects.filter(vacancy=vacancy, status="done").first()


def test_run_requested_in_a_rolled_back_transaction_never_happens(start_worker, graduate, employer_x):
    start_worker()
    graduate(LAS[:4])
    ghost, real = draft(employer_x), draft(employer_x)
    with pytest.raises(Rollback), transaction.atomic():
        vacancy_services.vacancy_publish(vacancy=ghost)
        raise Rollback
    with transaction.atomic():
        vacancy_services.vacancy_publish(vacancy=real)
    wait_for(lambda: done_run(real))  # the queue is FIFO: a ghost task would have run before
    assert not MatchRun.objects.filter(vacancy=ghost).exists()
    assert not Match.objects.filter(vacancy=ghost).exists()
    assert MatchRun.objects.count() == 1


def test_committed_run_happens_exactly_once(start_worker, graduate, employer_x):
    start_worker()
    g = graduate(LAS[:4])
    job = draft(employer_x)
    with transaction.atomic():
        vacancy_services.vacancy_publish(vacancy=job)
    run = wait_for(lambda: done_run(job))
    assert run.attempts == 1
    assert list(Match.objects.filter(vacancy=job).values_list("trainee_id", "run_id")) == [(g.pk, run.pk)]
    assert (
        Application.objects.filter(vacancy=job, trainee=g, status="proposed", source="matched").count() == 1
    )


def _national_result():
    return (
        sorted(Match.objects.values_list("vacancy_id", "trainee_id", "rank", "score", "proposed")),
        sorted(Application.objects.filter(status="proposed").values_list("vacancy_id", "trainee_id")),
    )


def _national_run():
    from apps.matching import services

    run = services.matchrun_request(scope=MatchRun.Scope.NATIONAL)
    return wait_for(lambda: MatchRun.objects.filter(pk=run.pk, status="done").first(), timeout=120)


def test_two_workers_on_a_national_run_give_the_same_result_as_one(
    start_worker, graduate, vacancy, employer_y
):
    # Graduates and vacancies in several provinces (Jawa Tengah, DKI Jakarta, Jawa Timur).
    places = ["33.25", "33.26", "33.27", "31.71", "31.74", "35.78", "35.15"]
    for i, code in enumerate(places):
        blkk = f.BlkkFactory(regency=f.regency(code))
        for j in range(4):
            graduate(LAS[: 1 + (i + j) % 6], blkk=blkk, regency=f.regency(code), relocate=(i + j) % 5 == 0)
        vacancy(LAS[(i % 3) : (i % 3) + 4], headcount=1 + i % 2, regency=f.regency(code))
    one = start_worker("solo")
    _national_run()
    single = _national_result()
    one.stop()
    start_worker("a")
    start_worker("b")
    run = _national_run()
    assert run.counts["chunks_done"] == run.counts["chunks"] == 3
    assert _national_result() == single
    assert len(single[0]) > 0 and len(single[1]) > 0
