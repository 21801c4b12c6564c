"""A new process is warmed before it serves: views imported, templates compiled, no connection."""

from __future__ import annotations

from django.db import connections
from django.template import engines

from blkk_portal.warmup import warm_up


def test_warm_up_compiles_the_portal_templates_and_opens_no_database_connection():
    for connection in connections.all():
        connection.close()
    compiled = warm_up()
    assert compiled >= 50
    loader = engines["django"].engine.template_loaders[0]  # the cached loader
    assert {"base.html", "dashboards/index.html", "vacancies/job_board.html"} <= set(
        loader.get_template_cache
    )
    assert all(connection.connection is None for connection in connections.all())
