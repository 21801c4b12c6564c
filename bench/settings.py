"""The portal's settings plus one bench-only URL: the reference list of ``bench/urls.py``.

Only the HTTP benchmarks serve with these (``DJANGO_SETTINGS_MODULE=bench.settings``); the
portal itself never loads them."""

from blkk_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
