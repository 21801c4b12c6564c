"""Lists at national scale: keyset pages, cheap page jumps and a cheap count, for the API and the pages.

Every list has a fixed order (its queryset's ``order_by``, made total with the primary key). Five
pieces make any page of a million-row list cost about as much as the first one:

- **Keyset pages.** The API's ``next``/``previous`` links carry an opaque ``cursor``: the ordering
  values of the page's last (first) row, signed with the secret key (so a tampered or forged cursor
  is a 400, never a query) but not encrypted, like DRF's own cursors: it can hold a trainee's name,
  which is why query strings stay out of the access log (deploy/gunicorn.conf.py). The page is then
  ``WHERE (full_name, id) > (%s, %s) ORDER BY full_name, id LIMIT 51``, which PostgreSQL answers
  from a composite index at any depth. Walking a list by its links visits every row exactly once,
  even while rows are added or removed elsewhere in it.
- **Page numbers stay** (``?page=N`` in the API, "Page N of M" on the pages). A deep page of a long
  list seeks to the nearest *milestone* before it (the ordering values of every
  ``MILESTONE_STRIDE``-th row, collected by one index-ordered scan and cached; a page reads just the
  one it needs) and skips the rest of the offset (fewer than ``MILESTONE_STRIDE`` rows) in the page's
  own query, as it does any offset under ``SKIP_IN_QUERY`` rows (for rows without annotations,
  which PostgreSQL would compute for the skipped rows too). A page deeper in a short list walks
  its offset over the ordering columns alone to find the page's first key and reads the page from
  that key: those skipped rows are never fetched or joined.
- **Short lists picked through other tables are read filters first.** A list of at most
  ``COUNT_BOUND`` rows (known from the count) whose rows are selected through a join or subquery
  (a BLKK's enrolments, an employer's applications) has its page's keys picked from the rows its
  filters select, then the rows fetched by primary key: bounded work, whatever PostgreSQL guesses
  about where in the order those rows sit.
- **Lists short by design are read whole.** A vacancy's shortlist holds the run's top 50: its view
  says ``short_by_design``, and its page-number pages come from one query of at most
  ``WHOLE_LIST_BOUND`` rows, counted and sliced in memory (a longer one is paged as any other).
- **A cheap count.** ``COUNT(*)`` over the first ``COUNT_BOUND + 1`` rows is exact and fresh for
  every list up to ``COUNT_BOUND`` rows (a BLKK's trainees, a regency, an employer's vacancies). A
  longer list is counted in full once and the count is cached (the Django cache: Redis in
  production) for ``CACHE_SECONDS``, keyed by the SQL and parameters of the query (so per scope
  and filter), and a national list does not re-count a million rows per request.

Staleness, decided: for a list longer than ``COUNT_BOUND`` rows the ``count`` (and so the number of
pages and the 404 past the last one) may be up to ``CACHE_SECONDS`` old, and so may the milestones
behind deep page numbers: after rows are added or removed, page N of such a list may start a few
rows early or late for up to a minute. The rows of a page are always current and in order, and
cursor links are always exact. Shorter lists are exact and fresh in every respect. When the cache
is down the lists still answer (counting and collecting milestones on every request).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core import paginator as django_paginator
from django.core import signing
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache import cache as default_cache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections
from django.db.models import F, Field, QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.db.models.fields.tuple_lookups import (
    Tuple,
    TupleGreaterThan,
    TupleGreaterThanOrEqual,
    TupleLessThan,
    TupleLessThanOrEqual,
)
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

logger = logging.getLogger(__name__)

COUNT_BOUND = 10_000  # lists up to this many rows are counted exactly on every request
CACHE_SECONDS = 60  # how long the count and the milestones of a longer list are reused
MILESTONE_STRIDE = 50  # a milestone every this many rows (a page of the API); deeper pages seek to one
SKIP_IN_QUERY = 500  # fewer rows than this before a page are skipped by its own query (OFFSET)
WHOLE_LIST_BOUND = 200  # a list short by design (``short_by_design`` on its view) up to this is read whole
CURSOR_SALT = "apps.core.pagination.cursor"
MAX_CURSOR_LENGTH = 2_000


# --- the order of a list ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Keyset:
    """A list's total order as a keyset: model field paths compared together, all one direction."""

    fields: tuple[str, ...]
    model_fields: tuple[Field, ...]
    descending: bool
    label: str  # model and fields, so a cursor of one list is refused by another

    @classmethod
    def of(cls, queryset: QuerySet) -> Keyset | None:
        """The queryset's order (explicit, else the model's default) made total with the primary key,
        or ``None`` when it cannot be a keyset: expressions, mixed directions, nullable or
        multi-valued columns, a relation ordered by its model's own ordering."""
        query = queryset.query
        if query.combinator or query.distinct_fields or query.extra_order_by:
            return None
        meta = queryset.model._meta
        names = list(query.order_by) or (list(meta.ordering) if query.default_ordering else [])
        if not names or not all(isinstance(name, str) for name in names):
            return None
        directions = {name.startswith("-") for name in names}
        if len(directions) != 1 or "?" in names:
            return None
        descending = directions.pop()
        paths, fields = [], []
        for name in names:
            path = name.lstrip("-")
            field = _column(meta, path)
            if field is None:
                return None
            paths.append(path)
            fields.append(field)
            if field is meta.pk and LOOKUP_SEP not in path:
                break  # unique from here on: later fields cannot change the order
        else:
            paths.append("pk")
            fields.append(meta.pk)
        return cls(tuple(paths), tuple(fields), descending, f"{meta.label}:{','.join(paths)}")

    @property
    def pk_position(self) -> int:
        return next(
            i
            for i, (path, field) in enumerate(zip(self.fields, self.model_fields, strict=True))
            if field.primary_key and LOOKUP_SEP not in path
        )

    def order(self, queryset: QuerySet, *, backwards: bool = False) -> QuerySet:
        desc = self.descending != backwards
        return queryset.order_by(*(f"-{f}" if desc else f for f in self.fields))

    def seek(
        self, queryset: QuerySet, values: tuple, *, backwards: bool = False, inclusive: bool = False
    ) -> QuerySet:
        """The rows after ``values`` in this order (before them, ``backwards``; from them on,
        ``inclusive``), in walking order."""
        row = Tuple(*(F(field) for field in self.fields))
        if self.descending != backwards:
            lookup = TupleLessThanOrEqual if inclusive else TupleLessThan
        else:
            lookup = TupleGreaterThanOrEqual if inclusive else TupleGreaterThan
        return self.order(queryset, backwards=backwards).filter(lookup(row, list(values)))

    def values_of(self, obj: Any) -> tuple:
        values = []
        for path in self.fields:
            value = obj
            for part in path.split(LOOKUP_SEP):
                value = getattr(value, part)
            values.append(value)
        return tuple(values)

    # cursor values travel as JSON; each comes back through its model field
    def dump(self, values: tuple) -> list:
        return [_jsonable(v) for v in values]

    def load(self, raw: Any) -> tuple:
        if not isinstance(raw, list) or len(raw) != len(self.model_fields):
            raise ValueError("wrong number of values")
        values = []
        for field, value in zip(self.model_fields, raw, strict=True):
            if value is None or isinstance(value, dict | list):
                raise ValueError("not a column value")
            values.append(field.to_python(value))
        return tuple(values)


def _column(meta: Any, path: str) -> Field | None:
    """The concrete, non-null column a path such as ``full_name``, ``blkk_id`` or ``trainee__full_name``
    ends in, through non-null forward relations only; ``None`` if it is anything else."""
    parts = path.split(LOOKUP_SEP)
    for i, part in enumerate(parts):
        try:
            field = meta.pk if part == "pk" else meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if not getattr(field, "concrete", False) or field.many_to_many or field.null:
            return None
        last = i == len(parts) - 1
        if field.is_relation:
            if last and part == field.attname and part != field.name:
                return field  # "blkk_id": the key column itself
            if last:
                return None  # "blkk": ordered by the related model's own ordering
            meta = field.related_model._meta
        elif not last:
            return None
    return field


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


# --- the list's keys, compiled once ----------------------------------------------------------------
_UNSET = object()


def _keys_query(queryset: QuerySet) -> tuple[str, tuple] | None:
    """SQL and parameters of the list's primary keys (unordered), or ``None`` for a query that cannot
    match a row (e.g. ``pk__in=[]``). Compiled once per queryset: the count, its cache key and the
    join check all read it."""
    found = queryset.__dict__.get("_pagination_keys", _UNSET)
    if found is _UNSET:
        query = queryset.order_by().values_list("pk").query
        try:
            sql, params = query.get_compiler(queryset.db).as_sql()
            found = (sql, tuple(params))
        except EmptyResultSet:
            found = None
        queryset.__dict__["_pagination_keys"] = found
    return found


def _count(queryset: QuerySet, sql: str, params: tuple) -> int:
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


# --- cache helpers: the lists work (more slowly) when the cache is down --------------------------------
def _digest_key(kind: str, queryset: QuerySet, sql: str, params: Any) -> str:
    database = connections[queryset.db].settings_dict["NAME"]
    digest = hashlib.sha256(f"{database}\x00{sql}\x00{params!r}".encode()).hexdigest()
    return f"pagination:{kind}:{digest}"


def _cache_key(kind: str, queryset: QuerySet) -> str | None:
    """A key from the query's SQL and parameters; ``None`` for a query that cannot match a row."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. ``pk__in=[]``: nothing to count or to seek through
        return None
    return _digest_key(kind, queryset, sql, params)


def redis_client(backend: Any) -> Any:
    """The Redis client of Django's Redis cache backend, made once per backend (Django makes a new
    one, with its table of a few hundred response callbacks, for every cache call); ``None`` for
    another backend."""
    if not isinstance(backend, RedisCache):
        return None
    shared = backend._cache.__dict__
    client = shared.get("_shared_client")
    if client is None:
        client = shared["_shared_client"] = backend._cache.get_client(None, write=True)
    return client


def _shared_redis() -> tuple[RedisCache, Any] | tuple[None, None]:
    """The settings' Redis cache and its client when the lists use it, else ``(None, None)``."""
    backend = caches[DEFAULT_CACHE_ALIAS] if cache is default_cache else None
    client = redis_client(backend)
    return (backend, client) if client is not None else (None, None)


def _cache_get(key: str) -> Any:
    try:
        backend, client = _shared_redis()
        if client is not None:
            value = client.get(backend.make_and_validate_key(key))
            return None if value is None else backend._cache._serializer.loads(value)
        return cache.get(key)
    except Exception:  # a cache outage must not take the lists down with it
        logger.warning("pagination cache unavailable", exc_info=True)
        return None


def _cache_set(key: str, value: Any) -> None:
    try:
        cache.set(key, value, CACHE_SECONDS)
    except Exception:
        logger.warning("pagination cache unavailable", exc_info=True)


# --- count and page windows -------------------------------------------------------------------------
# Keys of the lists this process last found within the bound (key -> when): such a list is counted
# (bounded) without asking the cache first, which holds counts of longer lists only. A list that has
# grown past the bound is then counted in full and cached as any other: never a stale count.
_SHORT: dict[str, float] = {}
_SHORT_MAX = 10_000


def cheap_count(queryset: QuerySet) -> int:
    """The number of rows: exact and fresh up to ``COUNT_BOUND``, above it exact but up to
    ``CACHE_SECONDS`` old (see the module docstring)."""
    keys = _keys_query(queryset)
    if keys is None:
        return 0
    sql, params = keys
    key = _digest_key("count", queryset, sql, params)
    now = time.monotonic()
    if now - _SHORT.get(key, -CACHE_SECONDS) >= CACHE_SECONDS:
        cached = _cache_get(key)
        if cached is not None:
            return cached
    bounded = _count(queryset, f"SELECT COUNT(*) FROM ({sql} LIMIT %s) _rows", (*params, COUNT_BOUND + 1))  # noqa: S608
    if bounded <= COUNT_BOUND:
        if len(_SHORT) >= _SHORT_MAX:
            _SHORT.clear()
        _SHORT[key] = now
        return bounded
    _SHORT.pop(key, None)
    total = _count(queryset, f"SELECT COUNT(*) FROM ({sql}) _rows", params)  # noqa: S608
    _cache_set(key, total)
    return total


def milestone(queryset: QuerySet, keyset: Keyset, number: int) -> tuple[int, tuple] | None:
    """Milestone ``number`` (the ordering values of row ``number * MILESTONE_STRIDE``), or the last
    one when the list has fewer, as ``(its number, its values)``; ``None`` when there is none.

    The milestones are collected by one index-ordered scan and cached for ``CACHE_SECONDS``: in
    Redis as a list, of which a page reads the one milestone it needs (``LINDEX``), so a deep page
    costs one short round trip however long the list."""
    keys = _keys_query(queryset)
    if keys is None:
        return None
    sql, params = keys
    direction = "desc" if keyset.descending else "asc"
    key = _digest_key(f"milestones:{keyset.label}:{direction}", queryset, sql, params)
    found = _milestone_get(key, number)
    if found is not None:
        return found
    stones = _collect_milestones(queryset, keyset)
    _milestones_set(key, stones)
    if not stones:
        return None
    number = min(number, len(stones))
    return number, stones[number - 1]


def _collect_milestones(queryset: QuerySet, keyset: Keyset) -> list[tuple]:
    """Ordering values of rows number ``MILESTONE_STRIDE``, ``2 * MILESTONE_STRIDE``, …"""
    aliases = [f"_k{i}" for i in range(len(keyset.fields))]
    keys = queryset.order_by().annotate(**{a: F(f) for a, f in zip(aliases, keyset.fields, strict=True)})
    try:
        sql, params = keys.values_list(*aliases).query.sql_with_params()
    except EmptyResultSet:
        return []
    direction = "DESC" if keyset.descending else "ASC"
    columns = ", ".join(f'"{a}"' for a in aliases)
    over = ", ".join(f'"{a}" {direction}' for a in aliases)
    connection = connections[queryset.db]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM (SELECT {columns}, ROW_NUMBER() OVER (ORDER BY {over}) AS _n "  # noqa: S608
            f"FROM ({sql}) AS _rows) AS _numbered WHERE _n %% %s = 0 ORDER BY _n",
            (*params, MILESTONE_STRIDE),
        )
        rows = cursor.fetchall()
    # A raw cursor skips the backend's converters: SQLite returns a timestamp as naive UTC, which a
    # filter would read in the current time zone (hours off). PostgreSQL needs none for these columns.
    columns_of = [field.cached_col for field in keyset.model_fields]
    converters = [connection.ops.get_db_converters(col) for col in columns_of]
    if not any(converters):
        return [tuple(row) for row in rows]
    return [
        tuple(
            _converted(v, c, col, connection) for v, c, col in zip(row, converters, columns_of, strict=True)
        )
        for row in rows
    ]


def _converted(value: Any, converters: list, col: Any, connection: Any) -> Any:
    for converter in converters:
        value = converter(value, col, connection)
    return value


def _milestone_get(key: str, number: int) -> tuple[int, tuple] | None:
    """Milestone ``number`` (or the last, when fewer) from the cache; ``None`` when not cached."""
    try:
        backend, client = _shared_redis()
        if client is None:
            stones = cache.get(key)
            if not stones:
                return None
            number = min(number, len(stones))
            return number, stones[number - 1]
        name = backend.make_and_validate_key(key)
        pipe = client.pipeline(transaction=False)
        pipe.lindex(name, number - 1)
        pipe.llen(name)
        raw, length = pipe.execute()
        if not length:
            return None
        if raw is None:  # the list is shorter: its last milestone
            number = length
            raw = client.lindex(name, number - 1)
            if raw is None:
                return None
        return number, tuple(backend._cache._serializer.loads(raw))
    except Exception:  # a cache outage must not take the lists down with it
        logger.warning("pagination cache unavailable", exc_info=True)
        return None


def _milestones_set(key: str, stones: list[tuple]) -> None:
    if not stones:
        return
    try:
        backend, client = _shared_redis()
        if client is None:
            cache.set(key, stones, CACHE_SECONDS)
            return
        name = backend.make_and_validate_key(key)
        dumps = backend._cache._serializer.dumps
        pipe = client.pipeline(transaction=True)  # readers see the old list or the new one, whole
        pipe.delete(name)
        pipe.rpush(name, *(dumps(stone) for stone in stones))
        pipe.expire(name, CACHE_SECONDS)
        pipe.execute()
    except Exception:
        logger.warning("pagination cache unavailable", exc_info=True)


def window(queryset: QuerySet, offset: int, limit: int, keyset: Keyset | None, count: int) -> list:
    """Rows ``offset`` … ``offset + limit - 1`` of the (ordered) queryset of ``count`` rows, cheaply
    at any depth.

    A short list (``count <= COUNT_BOUND``) selected through other tables is read filters first
    (``short_list_page``). In a long list a deep page seeks to the milestone before it. Fewer than
    ``SKIP_IN_QUERY`` rows left before the page are skipped by the page's own query; a longer offset
    (deep in a short list), or any offset before rows with annotations, is walked over the ordering
    columns alone to find the page's first key, and the page is read from that key on, so only its
    own rows are fetched, joined and annotated (two short queries, each planned with literal values).
    """
    if keyset is None:
        return list(queryset[offset : offset + limit])
    if count <= COUNT_BOUND and selected_through_other_tables(queryset):
        if offset == 0 and count < limit:
            # The whole list fits the page: read it all, without a LIMIT to tempt PostgreSQL into
            # walking the order's index (one query instead of picking the keys first).
            return list(queryset)[:limit]
        return short_list_page(queryset, keyset, offset=offset, limit=limit)
    start = queryset
    if count > COUNT_BOUND and offset >= MILESTONE_STRIDE:
        found = milestone(queryset, keyset, offset // MILESTONE_STRIDE)
        if found is not None:
            number, values = found
            start = keyset.seek(queryset, values)
            offset -= number * MILESTONE_STRIDE
    # Few rows to skip: skipped by the page's own query (OFFSET), unless the rows carry annotations
    # (an employer's vacancies with their counts): PostgreSQL would compute them for every skipped
    # row too (0.3 ms a row there), so such a page is read from its first key, found first.
    if offset < SKIP_IN_QUERY and not (offset and queryset.query.annotations):
        return list(start[offset : offset + limit])
    first = list(start.values_list(*keyset.fields)[offset : offset + 1])
    return list(keyset.seek(queryset, first[0], inclusive=True)[:limit]) if first else []


def seek(
    queryset: QuerySet, keyset: Keyset, values: tuple, limit: int, count: int, *, backwards: bool = False
) -> list:
    """Up to ``limit`` rows after ``values`` (before them, ``backwards``), in walking order."""
    if count <= COUNT_BOUND and selected_through_other_tables(queryset):
        return short_list_page(queryset, keyset, after=values, backwards=backwards, limit=limit)
    return list(keyset.seek(queryset, values, backwards=backwards)[:limit])


def selected_through_other_tables(queryset: QuerySet) -> bool:
    """Does the list pick its rows through another table (a join or a subquery in its filters)?

    Then PostgreSQL cannot tell where in the order those rows sit, and a short list is better read
    filters first (``short_list_page``). Filters on the list's own columns are served by composite
    indexes such as (blkk, full_name, id) and estimated well: those lists walk the order's index.
    """
    keys = _keys_query(queryset)
    if keys is None:
        return False
    sql = keys[0]
    return " JOIN " in sql or sql.count("SELECT ") > 1


def short_list_page(
    queryset: QuerySet,
    keyset: Keyset,
    *,
    limit: int,
    offset: int = 0,
    after: tuple | None = None,
    backwards: bool = False,
) -> list:
    """A page of a list known to hold at most ``COUNT_BOUND`` rows, found through its filters first.

    ``ORDER BY id LIMIT 51`` tempts PostgreSQL to walk the order's index and filter as it goes,
    expecting to meet the list's rows early; when they sit together deep in the table (a new
    BLKK's enrolments, reached through a join) it reads most of the table instead (0.8 s for one
    BLKK's enrolments at national scale). Here the list's keys are collected first
    (``WITH … AS MATERIALIZED``, planned on the filters alone: at most ``COUNT_BOUND`` rows, like the
    count before it), sorted, and the page's rows fetched by primary key.
    """
    keys = queryset.order_by()
    if after is not None:
        keys = keyset.seek(keys, after, backwards=backwards).order_by()
    aliases = [f"_k{i}" for i in range(len(keyset.fields))]
    keys = keys.annotate(**{a: F(f) for a, f in zip(aliases, keyset.fields, strict=True)}).values_list(
        *aliases
    )
    try:
        sql, params = keys.query.sql_with_params()
    except EmptyResultSet:
        return []
    direction = "DESC" if keyset.descending != backwards else "ASC"
    order = ", ".join(f'"{a}" {direction}' for a in aliases)
    connection = connections[queryset.db]
    fence = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f'WITH _rows AS {fence}({sql}) SELECT "{aliases[keyset.pk_position]}" FROM _rows '  # noqa: S608
            f"ORDER BY {order} LIMIT %s OFFSET %s",
            (*params, limit, offset),
        )
        pks = [row[0] for row in cursor.fetchall()]
    if not pks:
        return []
    return list(keyset.order(queryset, backwards=backwards).filter(pk__in=pks))


# --- the pages' paginator ---------------------------------------------------------------------------
def read_whole(queryset: QuerySet) -> list | None:
    """A list short by design (a vacancy's shortlist), already in its final order, read whole in
    one query to be counted and paged in memory; ``None`` when it holds more than
    ``WHOLE_LIST_BOUND`` rows after all (it is then paged as any other list)."""
    rows = list(queryset[: WHOLE_LIST_BOUND + 1])
    return rows if len(rows) <= WHOLE_LIST_BOUND else None


class Paginator(django_paginator.Paginator):
    """Django's paginator with the cheap count and cheap deep pages (same "Page N of M" behaviour).

    ``short_by_design=True``: the list is read whole when it holds at most ``WHOLE_LIST_BOUND``
    rows (one query, no count), as the API reads it (``read_whole``)."""

    def __init__(self, object_list, per_page, *args, short_by_design: bool = False, **kwargs):
        if short_by_design and isinstance(object_list, QuerySet):
            keyset = Keyset.of(object_list)
            whole = read_whole(keyset.order(object_list) if keyset is not None else object_list)
            object_list = object_list if whole is None else whole
        super().__init__(object_list, per_page, *args, **kwargs)

    @cached_property
    def keyset(self) -> Keyset | None:
        return Keyset.of(self.object_list) if isinstance(self.object_list, QuerySet) else None

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return cheap_count(self.object_list)
        return super().count

    def page(self, number: Any) -> django_paginator.Page:
        if self.keyset is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        queryset = self.keyset.order(self.object_list)
        rows = window(queryset, bottom, max(top - bottom, 0), self.keyset, self.count)
        return self._get_page(rows, number, self)


# --- the API's pagination ---------------------------------------------------------------------------
class Pagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}``; ``next``/``previous`` are opaque keyset links
    (``?cursor=…``), ``?page=N`` still jumps to any page, ``page_size`` up to 200.

    A malformed, tampered or foreign cursor is a 400 with a ``cursor`` field error.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "cursor"
    cursor_query_description = _("The position in the list, as given in the next and previous links.")
    invalid_cursor_message = _(
        "This cursor is not valid for this list. Follow the next and previous links as given."
    )

    def paginate_queryset(self, queryset, request, view=None):
        size = self.get_page_size(request)
        if not size:
            return None
        self.request = request
        self.size = size
        self.keyset = Keyset.of(queryset)
        if self.keyset is not None:
            queryset = self.keyset.order(queryset)
        self.has_next = self.has_previous = False
        token = request.query_params.get(self.cursor_query_param)
        whole = self._whole(queryset, view) if token is None else None
        if whole is not None:
            self.count = len(whole)
            rows = self._by_number(request, lambda offset, limit: whole[offset : offset + limit])
        else:
            self.count = cheap_count(queryset)
            if token is None:
                rows = self._by_number(
                    request, lambda offset, limit: window(queryset, offset, limit, self.keyset, self.count)
                )
            else:
                rows = self._by_cursor(queryset, token)
        self.first, self.last = (rows[0], rows[-1]) if rows else (None, None)
        return rows

    # --- the two ways in
    @staticmethod
    def _whole(queryset: QuerySet, view: Any) -> list | None:
        """A list short by design (a vacancy's shortlist: ``short_by_design = True`` on its view),
        read whole in one query, to be paged in memory: no count, no second query (``read_whole``)."""
        return read_whole(queryset) if getattr(view, "short_by_design", False) else None

    def _by_number(self, request, window: Callable[[int, int], list]) -> list:
        pages = max(1, math.ceil(self.count / self.size))
        raw = request.query_params.get(self.page_query_param) or "1"
        try:
            number = pages if raw in self.last_page_strings else int(raw)
        except ValueError:
            number = 0
        if not 1 <= number <= pages:  # as DRF: a page that is not a number or not in the list is a 404
            raise NotFound(self.invalid_page_message.format(page_number=raw, message=""))
        self.number = number
        rows = window((number - 1) * self.size, self.size + 1)
        self.has_next = len(rows) > self.size
        self.has_previous = number > 1
        return rows[: self.size]

    def _by_cursor(self, queryset: QuerySet, token: str) -> list:
        self.number = None
        backwards, values = self._decode(token)
        rows = seek(queryset, self.keyset, values, self.size + 1, self.count, backwards=backwards)
        more = len(rows) > self.size
        rows = rows[: self.size]
        if not backwards:
            self.has_next, self.has_previous = more, True
            return rows
        if not more and len(rows) < self.size:  # reached the start: show the whole first page
            rows = window(queryset, 0, self.size + 1, self.keyset, self.count)
            self.has_next = len(rows) > self.size
            return rows[: self.size]
        self.has_next, self.has_previous = True, more
        return rows[::-1]

    # --- cursors
    def _encode(self, obj: Any, *, backwards: bool) -> str:
        payload = {"k": _fingerprint(self.keyset), "v": self.keyset.dump(self.keyset.values_of(obj))}
        if backwards:
            payload["b"] = 1
        return signing.dumps(payload, salt=CURSOR_SALT, compress=True)

    def _decode(self, token: str) -> tuple[bool, tuple]:
        try:
            if self.keyset is None or len(token) > MAX_CURSOR_LENGTH:
                raise ValueError("no keyset")
            payload = signing.loads(token, salt=CURSOR_SALT)
            if not isinstance(payload, dict) or payload.get("k") != _fingerprint(self.keyset):
                raise ValueError("another list's cursor")
            return bool(payload.get("b")), self.keyset.load(payload.get("v"))
        except (signing.BadSignature, DjangoValidationError, ValueError, TypeError, UnicodeError) as exc:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from exc

    # --- links and response
    def _link(self, obj: Any, *, backwards: bool) -> str:
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        if self.keyset is None:  # no keyset order: plain page numbers
            if self.number is None:
                return None
            number = self.number - 1 if backwards else self.number + 1
            if number == 1:
                return remove_query_param(url, self.page_query_param)
            return replace_query_param(url, self.page_query_param, number)
        return replace_query_param(url, self.cursor_query_param, self._encode(obj, backwards=backwards))

    def get_next_link(self):
        return self._link(self.last, backwards=False) if self.has_next and self.last is not None else None

    def get_previous_link(self):
        if not self.has_previous:
            return None
        if self.first is None:  # an empty page after the start: back to the first page
            url = remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)
            return remove_query_param(url, self.page_query_param)
        return self._link(self.first, backwards=True)

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                [
                    ("count", self.count),
                    ("next", self.get_next_link()),
                    ("previous", self.get_previous_link()),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        link = "http://api.example.org/accounts/?cursor=eyJrIjoiNGYx…"
        described["properties"]["next"]["example"] = link
        described["properties"]["previous"]["example"] = link
        return described

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(self.cursor_query_description),
                "schema": {"type": "string"},
            },
        ]


def _fingerprint(keyset: Keyset) -> str:
    return hashlib.sha256(keyset.label.encode()).hexdigest()[:8]
