"""DRF plumbing named in settings.REST_FRAMEWORK (kept apart from viewsets to avoid import cycles)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import authentication, exceptions, status
from rest_framework.response import Response

from apps.core.pagination import Pagination  # noqa: F401  (settings.REST_FRAMEWORK names it here)


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
    """django-filter, refusing query strings PostgreSQL cannot hold (NUL bytes) with a 400."""

    def filter_queryset(self, request, queryset, view):
        for key, values in request.query_params.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                raise exceptions.ValidationError(
                    {key.replace("\x00", ""): [_("Null characters are not allowed.")]}
                )
        return super().filter_queryset(request, queryset, view)


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's ``Authorization: Token <key>``, refusing keys PostgreSQL cannot hold (NUL bytes) with a 401."""

    def authenticate_credentials(self, key: str):
        if "\x00" in key:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header. Token string should not contain invalid characters.")
            )
        return super().authenticate_credentials(key)
