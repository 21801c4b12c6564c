"""PostgreSQL restarted under a running portal: it recovers without a restart of its own.

A private, throw-away PostgreSQL cluster (``PrivatePostgres``: ``initdb`` in a temporary
directory, a free port; the machine's shared server is never touched) and a real gunicorn of the
portal configured as in production (``deploy/gunicorn.conf.py``, one sync worker, persistent
connections: ``CONN_MAX_AGE`` 60 s). The cluster is restarted for real (``pg_ctl restart -m
fast``), which breaks the worker's persistent connection; ``CONN_HEALTH_CHECKS`` makes the next
request notice and reconnect, so not one request fails once the server is back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.workers import ROOT, PrivatePostgres, free_port, wait_for

pytestmark = [pytest.mark.worker]


def _portal_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_", "CELERY_"))}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "blkk_portal.settings",
        "DATABASE_URL": database_url,
        # No Redis: /health/ then reports the database alone (Redis "not configured", Celery eager).
        "REDIS_URL": "",
        "DJANGO_DEBUG": "1",  # static files without collectstatic; CONN_MAX_AGE is not DEBUG-dependent
        "DJANGO_TESTING": "0",
        **extra,
    }


class Gunicorn:
    """``gunicorn -c deploy/gunicorn.conf.py blkk_portal.wsgi`` on a free port, one worker."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log.open("wb")
        env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "1",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "blkk_portal.wsgi"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def workers(self) -> list[int]:
        """PIDs of the master's worker processes (a respawned worker would show a new PID)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return sorted(int(pid) for pid in children.read_text().split())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def cluster():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (as in CI: bash .ci/run)")
    server = PrivatePostgres()
    yield server
    server.destroy()


@pytest.fixture
def portal(cluster, tmp_path):
    """The portal served by gunicorn on a freshly migrated database in the private cluster."""
    env = _portal_env(cluster.createdb("blkk"))
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    server = Gunicorn(env, tmp_path / "gunicorn.log")
    try:
        wait_for(lambda: _answers(server), timeout=30, interval=0.1)
        yield server
    finally:
        server.stop()


def _answers(server: Gunicorn) -> bool:
    if server.process.poll() is not None:
        raise RuntimeError(f"gunicorn exited: {server.log.name}")
    try:
        return get(f"{server.url}/health/")[0] in (200, 503)
    except OSError:
        return False


def portal_backends(cluster: PrivatePostgres) -> list[int]:
    """PIDs of the server processes serving the portal's database (its persistent connections)."""
    import psycopg2

    admin = psycopg2.connect(host="127.0.0.1", port=cluster.port, user="postgres", dbname="postgres")
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = 'blkk' ORDER BY pid")
            return [pid for (pid,) in cursor.fetchall()]
    finally:
        admin.close()


PAGES = ("/health/", "/lowongan/")  # both read the database on every request


def test_portal_recovers_from_a_postgresql_restart_without_restarting(cluster, portal):
    for path in PAGES:
        status, body = get(f"{portal.url}{path}")
        assert status == 200, (path, body[:500])
    assert json.loads(get(f"{portal.url}/health/")[1])["database"] == "ok"
    workers = portal.workers()
    assert len(workers) == 1
    # The worker keeps its connection between requests (CONN_MAX_AGE): the restart will break it.
    before = portal_backends(cluster)
    assert len(before) == 1, before
    get(f"{portal.url}/lowongan/")
    assert portal_backends(cluster) == before

    # 1. A real restart between two requests: once the server is back, not one request fails.
    cluster.restart()
    answers = [(path, get(f"{portal.url}{path}")[0]) for _ in range(3) for path in PAGES]
    assert all(status == 200 for _, status in answers), answers
    after = portal_backends(cluster)
    assert len(after) == 1 and after != before  # reconnected to the new server, in the same worker
    assert portal.workers() == workers, "gunicorn replaced its worker"

    # 2. Requests during the outage fail fast and /health/ says why; a few seconds after the
    # server is back every request succeeds again.
    cluster.stop("fast")
    started = time.monotonic()
    status, body = get(f"{portal.url}/health/")
    assert status == 503 and json.loads(body)["database"] == "unavailable", body
    assert get(f"{portal.url}/lowongan/")[0] >= 500
    assert time.monotonic() - started < 5, "requests hung while the database was down"
    cluster.start()
    back = time.monotonic()
    failures = []
    while (status := get(f"{portal.url}/lowongan/")[0]) != 200:
        failures.append(status)
        assert time.monotonic() - back < 5, f"still failing 5 s after the restart: {failures}"
        time.sleep(0.2)
    assert len(failures) <= 1, failures
    answers = [(path, get(f"{portal.url}{path}")[0]) for _ in range(3) for path in PAGES]
    assert all(status == 200 for _, status in answers), answers
    assert json.loads(get(f"{portal.url}/health/")[1]) == {
        "status": "ok",
        "database": "ok",
        "redis": "not configured",
        "celery": "eager",
    }
    assert portal.workers() == workers, "gunicorn replaced its worker"
