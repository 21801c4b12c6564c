"""DRF plumbing named in settings.REST_FRAMEWORK (kept apart from viewsets to avoid import cycles)."""

from __future__ import annotations

import contextlib
import logging
import re
from typing import Any, ClassVar

import orjson
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache import cache as default_cache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connections, router
from django.db.models import Model
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from redis.exceptions import RedisError
from rest_framework import authentication, exceptions, renderers, status, throttling
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils import encoders

from apps.core.pagination import (
    Pagination,  # noqa: F401  (settings.REST_FRAMEWORK names it here)
    redis_client,
)

logger = logging.getLogger(__name__)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This record already exists or was changed at the same time; reload and try again.")
    default_code = "conflict"


def _django_errors(exc: DjangoValidationError) -> Any:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def _from_json_decoder(exc: BaseException) -> bool:
    """Was this raised while decoding a JSON body (e.g. a RecursionError on absurdly deep nesting)?"""
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.replace("\\", "/").endswith("/json/decoder.py"):
            return True
        tb = tb.tb_next
    return False


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Django's own exceptions from services become the API's 400/403/404/409, never a 500."""
    # Imported here: DRF imports this module (for TokenAuthentication) while rest_framework.views loads.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_errors(exc))
    elif isinstance(exc, IntegrityError):
        exc = Conflict()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, RecursionError) and _from_json_decoder(exc):
        exc = exceptions.ParseError(_("The JSON body is nested too deeply."))
    return drf_exception_handler(exc, context)


class SafeFilterBackend(DjangoFilterBackend):
    """django-filter, refusing query strings PostgreSQL cannot hold (NUL bytes) with a 400.

    A request with no parameter but the page's (``page``, ``page_size``, ``cursor``, ``format``)
    skips the filter set (its form, its validation): with nothing to filter by it would return the
    queryset as it is, unless one of its filters is required or it filters in its own way."""

    def filter_queryset(self, request, queryset, view):
        params = request.query_params
        for key, values in params.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                raise exceptions.ValidationError(
                    {key.replace("\x00", ""): [_("Null characters are not allowed.")]}
                )
        if _only_paging(params, view) and _plain(getattr(view, "filterset_class", None)):
            return queryset
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        filterset = _given(filterset_class, params)(**self.get_filterset_kwargs(request, queryset, view))
        if not filterset.is_valid() and self.raise_exception:
            raise filter_utils.translate_validation(filterset.errors)
        return filterset.qs

    def get_filterset_class(self, view, queryset=None):
        """django-filter's, with the class it makes for ``filterset_fields`` made once per view and
        model (django-filter builds it anew, with its form fields, on every request)."""
        if getattr(view, "filterset_class", None) or queryset is None:
            return super().get_filterset_class(view, queryset)
        key = (type(view), queryset.model, tuple(getattr(view, "filterset_fields", None) or ()))
        made = _AUTO.get(key)
        if made is None:
            made = _AUTO[key] = super().get_filterset_class(view, queryset)
        return made


_AUTO: dict[tuple, type | None] = {}
_GIVEN: dict[tuple, type] = {}


def _given(filterset_class: type, params: Any) -> type:
    """The filter set reduced to the filters the query string gives a value for (and required ones).

    A filter given nothing leaves the queryset as it is, but django-filter still copies it and builds
    and validates its form field (a scoped choice field reads its choices' queryset) on every request:
    most of a filtered list's filtering time. The reduced class answers exactly as the full one: each
    filter given a value is validated and applied as before; only the no-ops are left out. A filter
    set that filters in its own way (its own ``filter_queryset`` or ``qs``) keeps every filter."""
    if not _plain_filters(filterset_class):
        return filterset_class
    keys = list(params)
    names = tuple(
        name
        for name, flt in filterset_class.base_filters.items()
        if flt.extra.get("required") or any(key == name or key.startswith(f"{name}_") for key in keys)
    )
    if len(names) == len(filterset_class.base_filters):
        return filterset_class
    reduced = _GIVEN.get((filterset_class, names))
    if reduced is None:
        if len(_GIVEN) > 1_000:
            _GIVEN.clear()
        reduced = type(
            filterset_class.__name__, (filterset_class,), {"__module__": filterset_class.__module__}
        )
        reduced.base_filters = {name: filterset_class.base_filters[name] for name in names}
        _GIVEN[(filterset_class, names)] = reduced
    return reduced


def _plain_filters(filterset_class: type) -> bool:
    return filterset_class.filter_queryset is FilterSet.filter_queryset and filterset_class.qs is FilterSet.qs


def _only_paging(params: Any, view: Any) -> bool:
    paginator = getattr(view, "paginator", None)
    paging = {
        getattr(paginator, "page_query_param", None),
        getattr(paginator, "page_size_query_param", None),
        getattr(paginator, "cursor_query_param", None),
        api_settings.URL_FORMAT_OVERRIDE,
    }
    return all(key in paging for key in params)


_PLAIN: dict[type, bool] = {}


def _plain(filterset_class: type | None) -> bool:
    """Does the filter set (``filterset_fields`` when none) leave the queryset alone when given nothing?"""
    if filterset_class is None:
        return True  # filterset_fields only: optional exact filters
    plain = _PLAIN.get(filterset_class)
    if plain is None:
        plain = _PLAIN[filterset_class] = _plain_filters(filterset_class) and not any(
            f.extra.get("required") for f in filterset_class.base_filters.values()
        )
    return plain


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's ``Authorization: Token <key>``, refusing keys PostgreSQL cannot hold (NUL bytes) with a 401.

    The token and its user are read as DRF reads them (one query, the token joined to its user, on
    every request: a deleted token stops working at once), by SQL written once per process instead of
    compiled by the ORM on every request."""

    def authenticate_credentials(self, key: str):
        if "\x00" in key:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header. Token string should not contain invalid characters.")
            )
        token = _TokenReader.of(self.get_model()).read(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)


class _TokenReader:
    """``Token.objects.select_related("user").get(key=key)`` as SQL written once per database."""

    _readers: ClassVar[dict[tuple[type, str], _TokenReader]] = {}

    @classmethod
    def of(cls, model: type[Model]) -> _TokenReader:
        db = router.db_for_read(model)
        reader = cls._readers.get((model, db))
        if reader is None:
            reader = cls._readers[(model, db)] = cls(model, db)
        return reader

    def __init__(self, model: type[Model], db: str) -> None:
        connection = connections[db]
        quote = connection.ops.quote_name
        user_field = model._meta.get_field("user")
        self.model, self.db, self.user_model = model, db, user_field.related_model
        self.token_fields = list(model._meta.concrete_fields)
        self.user_fields = list(self.user_model._meta.concrete_fields)
        columns = [f"t.{quote(f.column)}" for f in self.token_fields]
        columns += [f"u.{quote(f.column)}" for f in self.user_fields]
        self.sql = (
            f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)} t "  # noqa: S608
            f"INNER JOIN {quote(self.user_model._meta.db_table)} u "
            f"ON u.{quote(user_field.target_field.column)} = t.{quote(user_field.column)} "
            f"WHERE t.{quote(model._meta.get_field('key').column)} = %s"
        )
        cols = [f.get_col("t") for f in self.token_fields] + [f.get_col("u") for f in self.user_fields]
        self.converters = []  # (column number, converters, expression), as the ORM applies them
        for i, col in enumerate(cols):
            funcs = [*connection.ops.get_db_converters(col), *col.output_field.get_db_converters(connection)]
            if funcs:
                self.converters.append((i, funcs, col))

    def read(self, key: str) -> Model | None:
        connection = connections[self.db]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [key])
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for i, funcs, col in self.converters:
            for convert in funcs:
                row[i] = convert(row[i], col, connection)
        n = len(self.token_fields)
        token = self.model.from_db(self.db, [f.attname for f in self.token_fields], row[:n])
        token.user = self.user_model.from_db(self.db, [f.attname for f in self.user_fields], row[n:])
        return token


class FailOpenThrottle:
    """A throttle that lets requests through, with a warning in the log, while its cache (Redis)
    is down: a throttle stops runaway scripts, and an outage of its counters must not turn every
    API request into a 500 (pages, sessions, dashboards and list counts fall back the same way)."""

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError):
            logger.warning("throttle cache unavailable: request let through", exc_info=True)
            return True


class AnonRateThrottle(FailOpenThrottle, throttling.AnonRateThrottle):
    """DRF's anonymous rate ("anon"), open while the cache is down."""


class ScopedRateThrottle(FailOpenThrottle, throttling.ScopedRateThrottle):
    """DRF's per-view scoped rate (``throttle_scope``), open while the cache is down."""


class WindowedUserRateThrottle(throttling.UserRateThrottle):
    """DRF's per-user rate ("user"), counted in fixed windows of the rate's duration: a request is
    refused when this window's count plus the last window's, weighted by the part of it still within
    the last ``duration`` seconds, would exceed the rate. With Redis that is one INCR per request (the
    last window's count, final once it is over, is read once per window and process), where DRF reads
    and writes the list of the times of every request in the last ``duration`` (thousands of them
    for a busy client)."""

    _finished: ClassVar[dict[str, int]] = {}  # counts of windows that are over, by key

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = self.timer()
        window, into = divmod(now, self.duration)
        window = int(window)
        current = f"{self.key}:w{window}"
        count, before = self._hit(current, f"{self.key}:w{window - 1}")
        weight = 1 - into / self.duration
        if before * weight + count <= self.num_requests:
            return True
        self._unhit(current)
        # Wait until the last window's weight has fallen enough, or this window is over.
        room = self.num_requests - count + 1
        if before and room > 0:
            self.wait_seconds = max((1 - room / before) * self.duration - into, 1)
        else:
            self.wait_seconds = max(self.duration - into, 1)
        return False

    def wait(self):
        return getattr(self, "wait_seconds", None)

    def _backend(self):
        return caches[DEFAULT_CACHE_ALIAS] if self.cache is default_cache else self.cache

    def _hit(self, current: str, previous: str) -> tuple[int, int]:
        backend = self._backend()
        if isinstance(backend, RedisCache):
            current, previous = (
                backend.make_and_validate_key(current),
                backend.make_and_validate_key(previous),
            )
            client = redis_client(backend)
            count = client.incr(current)
            if count == 1:  # a new window
                client.expire(current, 2 * self.duration)
            before = self._finished.get(previous)
            if before is None:
                before = int(client.get(previous) or 0)
                if len(self._finished) > 10_000:
                    self._finished.clear()
                self._finished[previous] = before
            return int(count), before
        if backend.add(current, 1, 2 * self.duration):
            count = 1
        else:
            try:
                count = backend.incr(current)
            except ValueError:  # expired in between
                backend.add(current, 1, 2 * self.duration)
                count = 1
        return count, int(backend.get(previous) or 0)

    def _unhit(self, current: str) -> None:
        """A refused request does not count (as in DRF)."""
        with contextlib.suppress(ValueError):
            self._backend().decr(current)


class UserRateThrottle(FailOpenThrottle, WindowedUserRateThrottle):
    """The per-user rate ("user") as counted above, open while the cache is down."""


# A number orjson may write differently from Python's json (exponents, 0.0000…); text that looks
# like one only sends the response through DRF's encoder.
_EXPONENT = re.compile(rb"e[-+0-9]")


def _maybe_different(text: bytes) -> bool:
    """Does ``text`` hold a digit, ``e`` and a sign or digit, or ``0.0000``? Looked for by the
    literal first (the letter, then the byte before it): a tenth of the time of one pattern
    starting with a character class (37 against 370 µs for a page of 50 candidates here)."""
    if b"0.0000" in text:
        return True
    return any(m.start() and 48 <= text[m.start() - 1] <= 57 for m in _EXPONENT.finditer(text))


_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer, encoding with orjson where that gives the very same bytes (compact,
    UTF-8, DRF's encoder for everything but plain JSON types, U+2028/U+2029 escaped); anything else
    (indented output, non-string keys, numbers Python writes differently, …) goes through DRF's."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if (
            data is not None
            and self.compact
            and not self.ensure_ascii
            and self.encoder_class is encoders.JSONEncoder
            and self.get_indent(accepted_media_type, renderer_context or {}) is None
        ):
            try:
                text = orjson.dumps(data, default=_encoder.default, option=_ORJSON_OPTIONS)
            except (TypeError, ValueError, orjson.JSONEncodeError):
                pass
            else:
                if not _maybe_different(text):
                    return text.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return super().render(data, accepted_media_type, renderer_context)


_encoder = encoders.JSONEncoder()
