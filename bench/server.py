"""Shared by the HTTP benchmarks: the portal under gunicorn on 127.0.0.1, signed-in users, and N
keep-alive clients driving one URL for a bounded time.

The portal runs as in production (DEBUG off, persistent connections, collected static files)
against ``DATABASE_URL``; nothing but 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
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
def gunicorn(*, workers: int = 2, threads: int = 4) -> Iterator[str]:
    """Serve the portal (``deploy/gunicorn.conf.py``) on a free local port; yields its base URL."""
    env = {**os.environ, **PRODUCTION_ENV}
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    port = _free_port()
    env.update(
        GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(workers), GUNICORN_THREADS=str(threads)
    )
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "blkk_portal.wsgi"], cwd=ROOT, env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{base}/lowongan/", timeout=5)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


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
    latencies: list[float]
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies) or [0.0]
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000

    def row(self, name: str) -> str:
        p50 = statistics.median(self.latencies or [0.0]) * 1000
        return (
            f"| {name} | {self.rate:.0f} | {p50:.1f} | {self.percentile(0.95):.1f} | "
            f"{self.percentile(0.99):.1f} | {self.errors} |"
        )


HEADER = "| what | requests/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|"


def drive(
    base: str,
    paths: list[str],
    headers: dict[str, str],
    *,
    clients: int = 8,
    seconds: float = 10.0,
    max_requests: int = 100_000,
    warmup: int = 3,
) -> Result:
    """``clients`` threads with keep-alive sessions request ``paths`` round-robin for ``seconds``
    (or ``max_requests``). A status other than 200 or a transport error counts as an error."""
    assert base.startswith("http://127.0.0.1:"), "benchmarks only talk to 127.0.0.1"
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = threading.Event()
    ready = threading.Barrier(clients + 1, timeout=120)

    def client(offset: int) -> None:
        http = requests.Session()
        http.headers.update(headers)
        for path in paths[:warmup]:  # connect and warm the worker's caches; not measured
            http.get(base + path, timeout=30)
        ready.wait()
        i = offset
        while not stop.is_set():
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                ok = http.get(base + path, timeout=30, allow_redirects=False).status_code == 200
            except requests.RequestException:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if stop.is_set():
                    return
                latencies.append(elapsed)
                errors[0] += not ok
                if len(latencies) >= max_requests:
                    stop.set()

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
    return Result(len(latencies), elapsed, latencies, errors[0])
