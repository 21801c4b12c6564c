"""A new process is warmed before it serves: views imported, templates compiled, no connection."""

from __future__ import annotations

import os
import subprocess
import sys

from django.db import connections
from django.template import engines

from blkk_portal.warmup import warm_up


def test_warm_up_compiles_the_portal_templates_and_opens_no_database_connection():
    for connection in connections.all():
        connection.close()
    # An in-memory SQLite test database is never closed (Django keeps it): only PostgreSQL's
    # connections close here. Either way, warming up opens none, and runs no query (this test has
    # no database access: pytest-django would fail one).
    still_open = {c.alias for c in connections.all() if c.connection is not None}
    compiled = warm_up()
    assert compiled >= 50
    loader = engines["django"].engine.template_loaders[0]  # the cached loader
    assert {"base.html", "dashboards/index.html", "vacancies/job_board.html"} <= set(
        loader.get_template_cache
    )
    assert {c.alias for c in connections.all() if c.connection is not None} == still_open


def test_the_loaded_portal_is_kept_out_of_the_garbage_collectors_scans():
    """``blkk_portal.wsgi`` (loaded once in gunicorn's master) freezes what it loaded: the workers'
    collections then walk only what their requests create."""
    script = "import gc, blkk_portal.wsgi; print(gc.get_freeze_count())"
    env = {**os.environ, "DJANGO_WARM_UP": "0"}
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) > 50_000  # Django, DRF and the portal's own modules
