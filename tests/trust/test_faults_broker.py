"""A hung broker (it accepts TCP connections and never answers) never holds a request.

Worse than a broker that is down (refused at once): every read waits for a timeout. In production
one Redis (REDIS_URL) is both Celery's broker and its result backend, so the test hangs both. The
employer publishes a vacancy through the real page; the answer comes within seconds, the vacancy is
open and its run waits ``queued``; once the broker answers again the sweeper sends it and a real
worker completes it.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from apps.matching.models import Match, MatchRun
from apps.vacancies.models import Application, Vacancy
from tests.workers import HungServer, use_celery_redis, use_result_backend, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def hung_broker(private_redis):
    """A hung server; the test points Celery at it with ``use_celery_redis(hung_broker.url)``.
    Afterwards the result backend is restored (``private_redis`` restores the broker)."""
    from django.conf import settings

    server = HungServer()
    yield server
    use_result_backend(settings.CELERY_RESULT_BACKEND)
    server.close()


def draft(employer, units):
    from apps.taxonomy.models import CompetencyUnit
    from tests import factories as f

    return f.VacancyFactory(
        employer=employer,
        status="draft",
        headcount=1,
        closes_on=timezone.localdate() + dt.timedelta(days=20),
        competencies=list(CompetencyUnit.objects.filter(code__in=units)),
    )


def within(seconds: float, call):
    """Run ``call()`` in a thread; return (its result, elapsed seconds) or fail once ``seconds`` have
    passed (a test must fail, not hang, when a request is held)."""
    outcome: dict = {}

    def target() -> None:
        started = time.monotonic()
        try:
            outcome["value"] = call()
        except BaseException as exc:
            outcome["error"] = exc
        finally:
            outcome["elapsed"] = time.monotonic() - started
            connections.close_all()  # this thread's database connection

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"the request was still held after {seconds:.0f}s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"], outcome["elapsed"]


def test_a_hung_broker_never_holds_a_request_and_the_sweeper_runs_it_later(
    hung_broker, private_redis, start_worker, client, carol, graduate, employer_x
):
    from apps.matching.tasks import sweep_queued_runs
    from tests.matching.conftest import LAS

    start_worker("patient", broker=private_redis.url)  # a worker is there all along
    g = graduate(LAS[:4])
    job = draft(employer_x, LAS[:4])
    client.force_login(carol)

    use_celery_redis(hung_broker.url)
    url = reverse("employer:vacancy-status", args=[job.pk])
    response, elapsed = within(20, lambda: client.post(url, {"action": "publish"}))
    assert response.status_code == 302, response.content[:500]
    assert elapsed < 5, f"publishing took {elapsed:.1f}s with the broker hung"
    assert hung_broker.connections >= 1, "the publish never reached the hung broker"
    job.refresh_from_db()
    assert job.status == Vacancy.Status.OPEN
    run = MatchRun.objects.get(vacancy=job)
    time.sleep(1)
    run.refresh_from_db()
    assert run.status == "queued" and run.attempts == 0

    use_celery_redis(private_redis.url)  # the broker answers again
    assert sweep_queued_runs(older_than_seconds=0) == 1
    done = wait_for(lambda: MatchRun.objects.filter(pk=run.pk, status="done").first(), timeout=60)
    assert done.attempts == 1
    assert list(Match.objects.filter(vacancy=job).values_list("trainee_id", flat=True)) == [g.pk]
    assert (
        Application.objects.filter(vacancy=job, trainee=g, status="proposed", source="matched").count() == 1
    )
    assert sweep_queued_runs(older_than_seconds=0) == 0  # nothing left queued
