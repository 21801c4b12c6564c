"""Dashboard answers kept in the cache until the summary tables change.

An official's dashboard (the API summary, the national / province / regency page) is a function
of the summary tables, the reference data and the language; for admins and officials (scopes of
whole regencies, ``policies.counts_by_region``) it is the same for everyone with the same scope.
So the answer is computed once per *generation* of the summaries and served from the cache
(Redis in production) until the next generation:

- ``summaries.refresh_stale`` / ``refresh_all`` call ``forget`` whenever they change summary rows:
  a new random generation token at once (so the refreshing request itself never reads an older
  answer) and again after the commit (so an answer computed by someone else between the two,
  from the rows before the commit, is never read either).
- ``remember`` first runs ``summaries.ensure_fresh`` (one indexed ``EXISTS``: a committed change
  always leaves a mark, and a reader refreshes the marked regencies before it looks), then reads
  the generation, then the answer stored under it. An answer computed from older rows can only
  be stored under an older generation, which nobody reads again.

The token is random rather than a counter, so a cache that lost its keys (restart, eviction) can
never bring an old generation back. Answers also expire after ``TTL`` seconds as a safety net
for changes the marks do not see (a vocation renamed in the admin). When the cache is down every
request computes its answer, as before.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import translation

from apps.accounts import policies
from apps.accounts.models import User

log = logging.getLogger(__name__)

TTL = 600  # seconds; the marks make answers exact, this only bounds what the marks cannot see
T = TypeVar("T")


def scope_key(user: Any) -> str | None:
    """The part of the country the user's dashboards add up (``None``: not cacheable, counted row
    by row: BLKK staff, employers)."""
    if not policies.counts_by_region(user):
        return None
    if policies.role_of(user) == User.Role.OFFICIAL:
        if user.scope_regency_id:
            return f"regency:{user.scope_regency_id}"
        if user.scope_province_id:
            return f"province:{user.scope_province_id}"
    return "national"


def forget() -> None:
    """The summary rows changed (call inside the refreshing transaction)."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _generation_key() -> str:
    # Per database: one cache may serve several portals (or parallel test runs).
    return f"dashboards:generation:{connection.settings_dict['NAME']}"


def _new_generation() -> str | None:
    token = secrets.token_hex(8)
    try:
        cache.set(_generation_key(), token, None)
    except Exception:  # the cache is a speed-up: an outage must not fail a refresh
        log.warning("dashboard cache unavailable", exc_info=True)
        return None
    return token


def _generation() -> str | None:
    try:
        token = cache.get(_generation_key())
    except Exception:
        log.warning("dashboard cache unavailable", exc_info=True)
        return None
    if token is None:
        token = _new_generation()
    return token


def remember(kind: str, user: Any, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()`` for this kind of answer, scope, ``parts`` (filters) and language, from the cache
    when the summaries have not changed since it was stored."""

    scope = scope_key(user)
    if scope is None:
        return compute()
    return _remembered(kind, scope, parts, compute)


def remember_public(kind: str, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``remember`` for what everyone sees alike (e.g. the job board's regencies with open
    vacancies): kept until the summaries change, as the officials' answers are."""
    return _remembered(kind, "public", parts, compute)


def _remembered(kind: str, scope: str, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    from apps.dashboards import summaries  # summaries imports this module

    summaries.ensure_fresh()
    generation = _generation()
    if generation is None:
        return compute()
    raw = "\x00".join(map(str, (kind, scope, translation.get_language(), *parts)))
    key = f"dashboards:{connection.settings_dict['NAME']}:{generation}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"
    try:
        answer = cache.get(key)
    except Exception:
        log.warning("dashboard cache unavailable", exc_info=True)
        return compute()
    if answer is not None:
        return answer
    answer = compute()
    try:
        cache.set(key, answer, TTL)
    except Exception:
        log.warning("dashboard cache unavailable", exc_info=True)
    return answer
