"""A checked import waits in the cache between preview and commit, bound to its uploader."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

from apps.registry.models import Blkk
from apps.trainees.imports.columns import PENDING_SECONDS
from apps.trainees.imports.service import ImportCheck, ImportResult, RowError, import_commit


@dataclass
class PendingImport:
    token: str
    user_id: int
    blkk_id: int
    filename: str
    check: ImportCheck
    state: str = "checked"  # checked → running → done | failed
    result: ImportResult | None = None

    CHECKED = "checked"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def errors(self) -> list[RowError]:
        if self.state == self.FAILED and self.result:
            return self.result.errors
        return self.check.errors


def _key(token: str, suffix: str = "") -> str:
    return f"trainee-import:{token}{suffix}"


def pending_create(*, user_id: int, blkk_id: int, filename: str, check: ImportCheck) -> PendingImport:
    pending = PendingImport(secrets.token_urlsafe(18), user_id, blkk_id, filename[:200], check)
    pending_save(pending)
    return pending


def pending_save(pending: PendingImport) -> None:
    cache.set(_key(pending.token), pending, PENDING_SECONDS)


def pending_get(token: str, *, user_id: int, blkk_id: int | None) -> PendingImport | None:
    """The user's own pending import, or None (expired, someone else's, or no such token)."""
    pending = cache.get(_key(token))
    if not isinstance(pending, PendingImport) or (pending.user_id, pending.blkk_id) != (user_id, blkk_id):
        return None
    return pending


def pending_claim(pending: PendingImport) -> bool:
    """Mark a checked import as running, once (a double click starts one import)."""
    if pending.state != PendingImport.CHECKED or not pending.check.ok:
        return False
    if not cache.add(_key(pending.token, ":claim"), 1, PENDING_SECONDS):
        return False
    pending.state = PendingImport.RUNNING
    pending_save(pending)
    return True


def pending_progress(token: str) -> int:
    return cache.get(_key(token, ":progress"), 0)


def pending_delete(token: str) -> None:
    cache.delete_many([_key(token), _key(token, ":progress")])


def import_run(*, token: str) -> PendingImport | None:
    """Commit a claimed import (the Celery task's body) and record the outcome for the page.

    A database that is briefly unreachable is left to the task's retries (the import stays
    "running"); any other failure ends it as "failed" — nothing was saved either way."""
    pending = cache.get(_key(token))
    if not isinstance(pending, PendingImport) or pending.state != PendingImport.RUNNING:
        return pending  # expired, or already done by an earlier delivery of the same task
    try:
        result = import_commit(
            blkk=Blkk.objects.get(pk=pending.blkk_id),
            rows=pending.check.rows,
            progress=lambda done: cache.set(_key(token, ":progress"), done, PENDING_SECONDS),
        )
    except (OperationalError, InterfaceError):
        raise
    except Exception:
        message = _("The import failed unexpectedly; nothing was saved. Upload the file again.")
        pending.result = ImportResult(errors=[RowError(0, "", message)])
        pending.state = PendingImport.FAILED
        pending_save(pending)
        raise
    pending.result = result
    pending.state = PendingImport.FAILED if result.errors else PendingImport.DONE
    pending_save(pending)
    return pending
