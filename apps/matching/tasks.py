"""Celery tasks: thin wrappers (ids in, a service call). Retried with backoff; acks late."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from apps.core import jobs
from apps.matching import services
from apps.matching.models import MatchRun

RETRY = jobs.TASK_OPTIONS


@shared_task(**RETRY)
def run_match(run_id: int) -> None:
    services.matchrun_execute(run_id=run_id)


@shared_task(**RETRY)
def nightly_rematch() -> int:
    """Re-run everything (beat, nightly): one national run."""
    return services.matchrun_request(scope=MatchRun.Scope.NATIONAL).pk


@shared_task
def sweep_queued_runs(older_than_seconds: int = 30) -> int:
    """Send runs that stayed ``queued`` (the broker was down when they were requested)."""
    cutoff = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    ids = list(
        MatchRun.objects.filter(status=MatchRun.Status.QUEUED, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    return sum(services.enqueue(run_id, force=True) for run_id in ids)


@shared_task(bind=True, **RETRY)
def shortlist_province(self, run_id: int, province_code: str) -> int:
    worker = self.request.hostname or ""
    return services.national_chunk(run_id=run_id, province_code=province_code, worker=worker)["matches"]


@shared_task(**RETRY)
def finish_national(run_id: int) -> None:
    services.national_finish(run_id=run_id)
