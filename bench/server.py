"""Shared by the HTTP benchmarks: the portal under gunicorn on 127.0.0.1, signed-in users, and N
keep-alive clients driving one URL for a bounded time.

The portal runs as in production (DEBUG off, persistent connections, collected static files)
against ``DATABASE_URL``; nothing but 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    # One bench user makes far more requests than the production limit allows a person.
    "DJANGO_THROTTLE_USER": "10000000/min",
    "GUNICORN_ACCESS_LOG": "/dev/null",
    "GUNICORN_LOG_LEVEL": "warning",
}


def setup_django() -> None:
    """Use the portal's ORM in this process (the same settings and database as the server)."""
    os.environ.update({key: value for key, value in PRODUCTION_ENV.items() if key.startswith("DJANGO_")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blkk_portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def portal_process(command: list[str], **settings: str) -> Iterator[subprocess.Popen]:
    """A process of the portal (gunicorn, a Celery worker) run from the repository with the
    production environment plus ``settings``; terminated on exit."""
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **PRODUCTION_ENV, **settings})
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def gunicorn(*, workers: int = 2, threads: int = 4, **settings: str) -> Iterator[str]:
    """Serve the portal (``deploy/gunicorn.conf.py``) on a free local port; yields its base URL.
    ``settings``: more environment (e.g. ``GUNICORN_MAX_REQUESTS="20000"``)."""
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION_ENV, **settings},
        check=True,
    )
    port = _free_port()
    settings = {
        **settings,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": str(threads),
    }
    base = f"http://127.0.0.1:{port}"
    command = [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "blkk_portal.wsgi"]
    with portal_process(command, **settings) as server:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{base}/health/", timeout=5)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)
        yield base


def signed_in(username: str, role: str, **fields) -> dict[str, dict[str, str]]:
    """Headers for a bench user (created if missing): ``{"api": token header, "page": session cookie}``."""
    from django.conf import settings
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from apps.accounts.models import User

    user, _created = User.objects.update_or_create(username=username, defaults={"role": role, **fields})
    token, _created = Token.objects.get_or_create(user=user)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "api": {"Authorization": f"Token {token.key}"},
        "page": {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"},
    }


@dataclass
class Result:
    requests: int
    seconds: float
    p50: float  # ms
    p95: float
    p99: float
    errors: int
    client: str = "wrk"

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @classmethod
    def of(cls, latencies: list[float], seconds: float, errors: int, client: str) -> Result:
        ordered = sorted(latencies) or [0.0]

        def at(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000

        return cls(
            len(latencies), seconds, statistics.median(ordered) * 1000, at(0.95), at(0.99), errors, client
        )

    def row(self, name: str, *, target: tuple[float, float] | None = None) -> str:
        """A Markdown row; ``target`` = (p95 ms, requests/s) adds a "target met" column."""
        cells = [
            name,
            f"{self.rate:.0f}",
            f"{self.p50:.1f}",
            f"{self.p95:.1f}",
            f"{self.p99:.1f}",
            str(self.errors),
        ]
        if target is not None:
            p95, rate = target
            cells.append("yes" if self.p95 <= p95 and self.rate >= rate and not self.errors else "NO")
        return "| " + " | ".join(cells) + " |"


HEADER = "| what | requests/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|"
WRK = shutil.which("wrk")
LUA = Path(__file__).with_name("drive.lua")


def drive(
    base: str,
    paths: list[str],
    headers: dict[str, str],
    *,
    clients: int = 8,
    seconds: float = 10.0,
    follow_next: bool = False,
    warmup: float = 2.0,
) -> Result:
    """``clients`` keep-alive connections request ``paths`` round-robin for ``seconds`` (after
    ``warmup`` unmeasured seconds), or with ``follow_next`` walk each JSON list by its ``next``
    links. Anything but a 200, or a transport error, counts as an error.

    The client is wrk (Debian package ``wrk``: a C load generator that uses a few percent of a
    core) when installed, else Python threads (which take a sizeable share of a 2-core machine
    themselves and so understate the server)."""
    assert base.startswith("http://127.0.0.1:"), "benchmarks only talk to 127.0.0.1"
    if WRK:
        _wrk(base, paths, headers, clients=clients, seconds=warmup, follow_next=follow_next)
        return _wrk(base, paths, headers, clients=clients, seconds=seconds, follow_next=follow_next)
    return _threads(base, paths, headers, clients=clients, seconds=seconds, follow_next=follow_next)


def _wrk(base, paths, headers, *, clients, seconds, follow_next) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        command = [
            WRK,
            f"-t{min(2, clients)}",
            f"-c{clients}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "30s",
        ]
        command += ["-s", str(LUA)]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        env = {**os.environ, "BENCH_PATHS": listing.name, "BENCH_FOLLOW": "1" if follow_next else "0"}
        out = subprocess.run([*command, base], env=env, capture_output=True, text=True, check=True).stdout
    numbers = json.loads(next(line for line in out.splitlines() if line.startswith("BENCH "))[6:])
    return Result(client="wrk", **numbers)


def _threads(base, paths, headers, *, clients, seconds, follow_next) -> Result:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = threading.Event()
    ready = threading.Barrier(clients + 1, timeout=120)

    def client(offset: int) -> None:
        http = requests.Session()
        http.headers.update(headers)
        for path in paths[offset : offset + 3]:  # connect and warm the worker's caches; not measured
            http.get(base + path, timeout=30)
        ready.wait()
        i, path = offset, paths[offset % len(paths)]
        while not stop.is_set():
            started = time.perf_counter()
            try:
                response = http.get(base + path, timeout=30, allow_redirects=False)
                ok = response.status_code == 200
            except requests.RequestException:
                response, ok = None, False
            elapsed = time.perf_counter() - started
            with lock:
                if stop.is_set():
                    return
                latencies.append(elapsed)
                errors[0] += not ok
            link = response.json().get("next") if (follow_next and ok) else None
            if link:
                parts = urlsplit(link)
                path = f"{parts.path}?{parts.query}" if parts.query else parts.path
            else:
                i += clients
                path = paths[i % len(paths)]

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()  # every client has warmed up
    started = time.perf_counter()
    stop.wait(seconds)
    stop.set()
    elapsed = time.perf_counter() - started
    for thread in threads:
        thread.join(timeout=35)
    return Result.of(latencies, elapsed, errors[0], "python")
