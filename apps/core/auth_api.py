"""The API token endpoint with its own throttle and login lockout, and the client address both use."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from rest_framework import exceptions, status
from rest_framework.authtoken.views import ObtainAuthToken

from apps.core.drf import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or the address the N-th trusted proxy saw (settings.TRUSTED_PROXY_COUNT)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR")


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self) -> None:
        # axes' own message, translated by axes' catalogue (Indonesian by default).
        from axes.helpers import get_lockout_message

        super().__init__(get_lockout_message())


class ThrottledObtainAuthToken(ObtainAuthToken):
    """``POST /api/v1/auth/token/``: scoped throttle "token", and a locked-out login is a 429, not a 400."""

    throttle_classes = [AnonRateThrottle, UserRateThrottle, ScopedRateThrottle]
    throttle_scope = "token"

    def post(self, request, *args, **kwargs):
        try:
            response = super().post(request, *args, **kwargs)
        except exceptions.ValidationError:
            # AxesStandaloneBackend flags the request it refused (DRF's Request keeps the attribute).
            if getattr(request, "axes_locked_out", False) or getattr(
                request._request, "axes_locked_out", False
            ):
                raise LockedOut() from None
            raise
        if settings.AXES_ENABLED and settings.AXES_RESET_ON_SUCCESS:
            # DRF does not call login(), so axes never hears of this success: reset the pair here.
            from axes.utils import reset

            reset(ip=client_ip(request), username=request.data.get("username"))
        return response


obtain_auth_token = ThrottledObtainAuthToken.as_view()
