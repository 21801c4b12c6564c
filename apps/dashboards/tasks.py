"""Celery tasks keeping the dashboards' summary tables current: thin wrappers of ``summaries``."""

from __future__ import annotations

from celery import shared_task

from apps.core import jobs
from apps.dashboards import summaries

RETRY = jobs.TASK_OPTIONS


@shared_task(**RETRY)
def refresh_stale_summaries() -> int:
    """Recompute the regencies marked stale (after each commit that marked one, and from beat)."""
    return len(summaries.refresh_stale())


@shared_task(**RETRY)
def rebuild_summaries() -> int:
    """Rebuild every summary row (beat, nightly): a safety net for writes made outside the ORM."""
    return summaries.refresh_all()
