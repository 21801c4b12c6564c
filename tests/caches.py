"""The cache in tests."""

from __future__ import annotations


def clear_own_cache() -> None:
    """Clear this test worker's cache keys only (parallel workers share one Redis database, each
    under its own key prefix), and what the throttles remember of finished windows."""
    from django.core.cache import cache, caches

    from apps.core.drf import WindowedUserRateThrottle
    from apps.core.pagination import redis_client

    WindowedUserRateThrottle._finished.clear()
    backend = caches["default"]
    client = redis_client(backend)
    if client is None or not backend.key_prefix:
        cache.clear()
        return
    keys = list(client.scan_iter(match=f"{backend.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
