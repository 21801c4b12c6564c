"""Celery tasks: thin wrappers (a token in, a service call)."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from apps.trainees import imports


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
    reject_on_worker_lost=True,
)
def import_trainees(token: str) -> None:
    """Commit a checked spreadsheet import (all or nothing); progress is read by the page."""
    imports.import_run(token=token)
