"""The production recipe in ``deploy/`` says what it should, and its commands really start.

No Docker engine runs here, so the compose file is checked as data and its app commands (web,
worker, beat) are run on this machine, exactly as written, against the test database and Redis.
The systemd units must run the same programs as the compose services.
"""

from __future__ import annotations

import configparser
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import yaml
from django.conf import settings

from tests.workers import ROOT, _test_database_url, free_port, needs_real_services, wait_for

DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
DEFAULT = re.compile(r"\$\{(\w+):-([^}]*)\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def command(compose: dict, service: str) -> list[str]:
    """A compose service's command with ``${VAR:-default}`` resolved to its default."""
    return shlex.split(DEFAULT.sub(lambda m: m.group(2), compose["services"][service]["command"]))


def unit(name: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser["Service"]


def test_compose_has_the_five_services_wired_to_each_other(compose):
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    for name in ("web", "worker", "beat"):
        app = services[name]
        assert app["environment"]["DJANGO_DEBUG"] == "0"
        assert "@postgres:5432/" in app["environment"]["DATABASE_URL"]
        assert app["environment"]["REDIS_URL"].startswith("redis://redis:6379/")
        assert app["depends_on"] == {
            "postgres": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }
        assert app["restart"] == "unless-stopped" and "healthcheck" in app
    for name in ("postgres", "redis"):
        assert services[name]["volumes"], f"{name} keeps its data in a volume"
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]  # only the TLS proxy reaches it
    assert "/health/" in str(services["web"]["healthcheck"]["test"])


@pytest.mark.parametrize(
    ("service", "program"), [("web", "gunicorn"), ("worker", "celery"), ("beat", "celery")]
)
def test_systemd_units_run_what_compose_runs(compose, service, program):
    service_unit = unit(f"blkk-{service}.service")
    exec_start = shlex.split(service_unit["ExecStart"])
    assert exec_start[0] == f"/srv/blkk-portal/.venv/bin/{program}"
    if service == "beat":  # the same, but the schedule file lives in the unit's state directory
        assert exec_start[1:-1] == command(compose, service)[1:-1]
        assert exec_start[-1].startswith(f"/var/lib/{service_unit['StateDirectory']}/")
    else:
        assert exec_start[1:] == command(compose, service)[1:]
    assert service_unit["Restart"] == "on-failure"
    assert service_unit["EnvironmentFile"] == "/etc/blkk-portal/env"


def _env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "deploy-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        **extra,
    }


def _start(argv: list[str], env: dict[str, str]) -> subprocess.Popen:
    argv = [str(BIN / argv[0]), *argv[1:]]
    pipes = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    return subprocess.Popen(argv, cwd=ROOT, env=env, **pipes)  # noqa: S603 (the recipe's own commands)


def _stop(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        _out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _out, err = process.communicate()
    return err.decode(errors="replace")[-3000:]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_compose_web_command_serves_the_portal_and_its_health(compose, tmp_path):
    needs_real_services()
    port = free_port()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=_env(), check=True
    )
    web = _start(command(compose, "web"), _env(GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1"))
    try:

        def health():
            try:
                return [requests.get(f"http://127.0.0.1:{port}/health/", timeout=5)]
            except requests.ConnectionError:
                assert web.poll() is None, "gunicorn exited"
                return None

        [response] = wait_for(health, timeout=60)
        # The health check also pings Celery: no worker here, so it may report 503, never a 500.
        assert response.status_code in (200, 503)
        assert response.json()["database"] == "ok"
        assert requests.get(f"http://127.0.0.1:{port}/lowongan/", timeout=10).status_code == 200
    finally:
        _stop(web)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_compose_worker_and_beat_commands_start(compose, tmp_path):
    needs_real_services()
    from tests.workers import QUEUE

    name = f"deploy-{os.getpid()}@localhost"
    worker = _start([*command(compose, "worker"), "-n", name, "-Q", QUEUE], _env())
    schedule = "/tmp/celerybeat-schedule"  # noqa: S108 (the path the compose file gives)
    beat_argv = [str(tmp_path / "schedule") if a == schedule else a for a in command(compose, "beat")]
    beat = _start(beat_argv, _env())
    try:
        from blkk_portal.celery import app

        wait_for(lambda: app.control.ping(destination=[name], timeout=1.0), timeout=60)
        # The beat service's health check: its schedule file exists.
        wait_for(lambda: any(tmp_path.glob("schedule*")), timeout=60)
        time.sleep(1)
        assert worker.poll() is None and beat.poll() is None
    finally:
        worker_log, beat_log = _stop(worker), _stop(beat)
    assert "Traceback" not in worker_log and "Traceback" not in beat_log, worker_log + beat_log
