"""The portal's settings plus one bench-only URL: the reference list of ``bench/urls.py``; with
``BENCH_CACHE=off``, no cache at all (``bench.dashboards --fresh``: every dashboard answer computed).

Only the HTTP benchmarks serve with these (``DJANGO_SETTINGS_MODULE=bench.settings``); the
portal itself never loads them."""

from blkk_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

if env("BENCH_CACHE", default="") == "off":  # noqa: F405
    # What a request costs when nothing is cached: the dashboards compute every answer from the
    # summary tables (answers.py treats a cache that keeps nothing as a cache that is down).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
