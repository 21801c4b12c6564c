"""Liveness of what the portal needs: the database, Redis and a Celery worker."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:
        return "unavailable"


def _redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        return "ok" if client.ping() else "unavailable"
    except Exception:
        return "unavailable"


def _celery() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from blkk_portal.celery import app

    try:
        return "ok" if app.control.ping(timeout=1.0) else "unavailable"
    except Exception:
        return "unavailable"


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 when everything answers, 503 otherwise (for load balancers and monitoring)."""
    checks = {"database": _database(), "redis": _redis()}
    checks["celery"] = _celery() if checks["redis"] != "unavailable" else "unavailable"
    healthy = all(value in ("ok", "eager", "not configured") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
