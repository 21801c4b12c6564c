"""Faults in production shape: a worker killed mid-run, Redis down, PostgreSQL connections killed.

Real PostgreSQL, real Redis and real Celery worker processes. Redis faults use a private
``redis-server`` (the machine's shared one is never touched); PostgreSQL faults terminate this
test database's own backends with ``pg_terminate_backend``.
"""

from __future__ import annotations

import time

import pytest
from django.db.models import Count, F

from apps.matching import services
from apps.matching.models import Match, MatchRun
from apps.vacancies.models import Application, Vacancy
from tests.workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VISIBILITY = 5  # seconds: an unacknowledged task of a dead worker is redelivered after this


def results() -> tuple[list, list]:
    """Every shortlist row and every proposal (without the run that wrote them)."""
    matches = sorted(
        Match.objects.values_list(
            "vacancy_id", "trainee_id", "rank", "score", "proposed", "matched", "missing"
        )
    )
    proposals = sorted(
        Application.objects.filter(status="proposed", source="matched").values_list(
            "vacancy_id", "trainee_id"
        )
    )
    return matches, proposals


def assert_one_consistent_plan() -> None:
    proposed = Application.objects.filter(status=Application.Status.PROPOSED)
    twice = proposed.values("trainee").annotate(n=Count("id")).filter(n__gt=1)
    assert not twice.exists(), "a graduate is proposed to two vacancies"
    over = proposed.values("vacancy").annotate(n=Count("id")).filter(n__gt=F("vacancy__headcount"))
    assert not over.exists(), "a vacancy has more proposals than its headcount"
    dupes = Match.objects.values("vacancy", "trainee").annotate(n=Count("id")).filter(n__gt=1)
    assert not dupes.exists()
    flagged = set(Match.objects.filter(proposed=True).values_list("vacancy_id", "trainee_id"))
    assert flagged == set(proposed.filter(source="matched").values_list("vacancy_id", "trainee_id"))


# --- 1. a worker killed (SIGKILL, pool children included) in the middle of a run --------------
def test_run_survives_its_worker_being_killed_mid_run(private_redis, start_worker, bulk_data):
    province = bulk_data()
    env = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY)}
    first = start_worker("doomed", broker=private_redis.url, env=env)
    run = services.matchrun_request(scope=MatchRun.Scope.PROVINCE, province_code=province)
    running = wait_for(
        lambda: MatchRun.objects.filter(pk=run.pk).exclude(status="queued").first(), timeout=60, interval=0.02
    )
    assert running.status == "running", f"the run must still be running when killed: {running.status}"
    time.sleep(0.5)  # well inside the run (several seconds): loading / scoring / storing
    first.kill()
    killed = MatchRun.objects.get(pk=run.pk)
    assert killed.status == "running" and killed.attempts == 1, "the run finished before the kill"
    assert not Application.objects.filter(status="proposed").exists()  # the allocation never ran

    # The message was never acknowledged: a new worker restores it once the visibility timeout
    # has passed since its delivery (kombu sweeps unacked messages when a consumer starts).
    delivered = killed.started_at.timestamp()
    time.sleep(max(0.0, delivered + VISIBILITY + 1 - time.time()))
    start_worker("rescuer", broker=private_redis.url, env=env)
    done = wait_for(lambda: MatchRun.objects.filter(pk=run.pk, status="done").first(), timeout=90)
    assert done.attempts == 2 and done.progress == 1.0 and not done.error
    assert MatchRun.objects.count() == 1
    assert set(Match.objects.values_list("run_id", flat=True)) == {run.pk}
    assert_one_consistent_plan()
    by_worker = results()
    assert by_worker[0] and by_worker[1]
    assert done.counts["matches"] == len(by_worker[0])

    time.sleep(2)  # nothing is delivered a third time
    assert MatchRun.objects.get(pk=run.pk).attempts == 2

    # A reference run in this process on the same data gives exactly the same results.
    services.shortlist_vacancies(
        Vacancy.objects.filter(status=Vacancy.Status.OPEN, regency__province=province), replace_closed=True
    )
    services.allocate_and_propose()
    assert results() == by_worker


# --- 2. Redis down: publishing does not hang, the run waits queued, the sweeper sends it ------
def draft(employer, units, headcount=1):
    import datetime as dt

    from django.utils import timezone

    from apps.taxonomy.models import CompetencyUnit
    from tests import factories as f

    return f.VacancyFactory(
        employer=employer,
        status="draft",
        headcount=headcount,
        closes_on=timezone.localdate() + dt.timedelta(days=20),
        competencies=list(CompetencyUnit.objects.filter(code__in=units)),
    )


def test_publishing_while_redis_is_down_answers_fast_and_the_sweeper_runs_it_later(
    private_redis, start_worker, graduate, employer_x
):
    from django.db import transaction

    from apps.matching.tasks import sweep_queued_runs
    from apps.vacancies import services as vacancy_services
    from tests.matching.conftest import LAS

    start_worker("survivor", broker=private_redis.url)
    g = graduate(LAS[:4])
    job = draft(employer_x, LAS[:4])
    private_redis.stop()

    started = time.monotonic()
    with transaction.atomic():
        vacancy_services.vacancy_publish(vacancy=job)
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"publishing took {elapsed:.1f}s with the broker down"
    job.refresh_from_db()
    assert job.status == Vacancy.Status.OPEN
    run = MatchRun.objects.get(vacancy=job)
    time.sleep(1)
    run.refresh_from_db()
    assert run.status == "queued" and run.attempts == 0

    private_redis.start()
    assert sweep_queued_runs(older_than_seconds=0) == 1
    done = wait_for(lambda: MatchRun.objects.filter(pk=run.pk, status="done").first(), timeout=90)
    assert done.attempts == 1
    assert list(Match.objects.filter(vacancy=job).values_list("trainee_id", flat=True)) == [g.pk]
    assert (
        Application.objects.filter(vacancy=job, trainee=g, status="proposed", source="matched").count() == 1
    )
    assert sweep_queued_runs(older_than_seconds=0) == 0  # nothing left queued


# --- 3. PostgreSQL connections killed: the portal and the worker reconnect on their own -------
def test_portal_and_worker_recover_when_their_database_connections_are_killed(
    live_server, client, carol, start_worker, graduate, employer_x, kill_db_connections
):
    # A real WSGI server (live_server): Django's test Client disconnects close_old_connections
    # from request_started, so it cannot show how a served request recovers.
    import json
    import urllib.error
    import urllib.request

    from django.db import transaction

    from apps.vacancies import services as vacancy_services
    from tests.matching.conftest import LAS

    start_worker("steady")
    g = graduate(LAS[:4])
    warmup = draft(employer_x, LAS[:4])
    with transaction.atomic():
        vacancy_services.vacancy_publish(vacancy=warmup)
    wait_for(lambda: MatchRun.objects.filter(vacancy=warmup, status="done").exists())  # worker connected
    client.force_login(carol)
    cookie = f"sessionid={client.cookies['sessionid'].value}"

    def get(path: str) -> tuple[int | None, bytes]:
        request = urllib.request.Request(f"{live_server.url}{path}", headers={"Cookie": cookie})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    assert get("/")[0] == 200
    assert kill_db_connections() >= 1  # this process's (live_server closes its own after each request)
    answers = [get("/")[0], get("/")[0]]
    assert answers[-1] == 200 and answers.count(200) >= 1 and len([a for a in answers if a != 200]) <= 1, (
        answers
    )
    status, body = get("/health/")
    assert json.loads(body)["database"] == "ok", body
    assert status == 200, body

    from django.db import connection

    connection.close_if_unusable_or_obsolete()  # what a request's start does in this process
    job = draft(employer_x, LAS[:4], headcount=2)
    with transaction.atomic():
        vacancy_services.vacancy_publish(vacancy=job)
    run = MatchRun.objects.get(vacancy=job)
    done = wait_for(lambda: MatchRun.objects.filter(pk=run.pk, status="done").first(), timeout=60)
    assert done.attempts == 1
    assert list(Match.objects.filter(vacancy=job).values_list("trainee_id", flat=True)) == [g.pk]
    assert_one_consistent_plan()
