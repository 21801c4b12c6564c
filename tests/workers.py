"""Real Celery worker processes for tests (pytest fixtures, imported by tests/conftest.py).

They need PostgreSQL and Redis (CI has both: ``.ci/run`` sets DATABASE_URL and REDIS_URL); the
worker connects to the test database that pytest-django created, so tests using it must commit
(``django_db(transaction=True)``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
# Each test process sends its tasks to a queue of its own (pytest-xdist runs several processes
# against several test databases): its workers consume only that queue.
QUEUE = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"


@pytest.fixture(scope="session", autouse=True)
def private_celery_queue():
    from blkk_portal.celery import app

    previous = app.conf.task_default_queue
    app.conf.task_default_queue = QUEUE
    yield
    app.conf.task_default_queue = previous


def _test_database_url() -> str:
    db = settings.DATABASES["default"]
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


class Worker:
    def __init__(self, name: str, broker: str | None = None, env: dict[str, str] | None = None) -> None:
        """``broker``: another Redis URL (e.g. a private server); ``env``: extra variables."""
        self.name = f"{name}-{uuid.uuid4().hex[:6]}@localhost"
        env = {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "REDIS_URL": broker or settings.REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_QUEUE": QUEUE,
            "DJANGO_SETTINGS_MODULE": "blkk_portal.settings",
            **(env or {}),
        }
        log_path = Path(tempfile.gettempdir()) / f"celery-{self.name.split('@')[0]}.log"
        self.log = log_path.open("wb")
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "blkk_portal", "worker", "--loglevel=INFO",
             "--concurrency=1", "--without-gossip", "--without-mingle", "-n", self.name, "-Q", QUEUE],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.wait_ready()

    def wait_ready(self, timeout: float = 60.0) -> None:
        from blkk_portal.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited: see {self.log.name}")
            replies = app.control.ping(destination=[self.name], timeout=0.5) or []
            if replies:
                return
        raise RuntimeError(f"worker {self.name} did not answer a ping within {timeout}s")

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and its pool children)."""
        if self.process.poll() is None:
            subprocess.run(["pkill", "-KILL", "-P", str(self.process.pid)], check=False)  # noqa: S603, S607
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def needs_real_services() -> None:
    if connection.vendor != "postgresql" or not settings.REDIS_URL or settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("needs PostgreSQL, REDIS_URL and CELERY_TASK_ALWAYS_EAGER=0 (as in CI: bash .ci/run)")


@pytest.fixture
def start_worker(transactional_db):
    """Start real worker processes: ``start_worker("w1")``; all are stopped after the test."""
    needs_real_services()
    from blkk_portal.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)
    started: list[Worker] = []

    def start(name: str = "worker", broker: str | None = None, env: dict[str, str] | None = None) -> Worker:
        worker = Worker(name, broker=broker, env=env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    connection.close()


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2):
    """Poll until ``predicate()`` is truthy; return its value or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


# --- a private Redis server (fault tests stop and restart it; never the machine's shared one) ---
def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A throwaway ``redis-server`` on a free port, no persistence; ``stop()``/``start()`` at will."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self, timeout: float = 10.0) -> None:
        import redis

        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"private redis-server on port {self.port} did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


def use_broker(url: str) -> None:
    """Point this process's Celery app (publishing, control/ping) at another broker."""
    from celery import _state

    from blkk_portal.celery import app

    app.conf.broker_url = url
    app.close()  # drops the connection pool...
    _state._register_app(app)  # ...which also forgets the app: tasks imported later must still join it
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


@pytest.fixture
def private_redis():
    """A private Redis used as this test's broker (test process and workers started with
    ``start_worker(name, broker=private_redis.url)``); the shared broker is restored after."""
    needs_real_services()
    server = PrivateRedis()
    use_broker(server.url)
    yield server
    use_broker(settings.CELERY_BROKER_URL)
    server.stop()


# --- a private PostgreSQL cluster (fault tests restart it; never the machine's shared server) ---
def _postgres_bindir() -> Path:
    """Where ``initdb``/``pg_ctl`` live: ``$PG_BIN``, ``pg_config --bindir``, or Debian's newest."""
    candidates = [os.environ.get("PG_BIN", "")]
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)  # noqa: S607
        candidates.append(found.stdout.strip())
    candidates += sorted(
        (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").is_file():
            return Path(candidate)
    raise RuntimeError("initdb not found: install PostgreSQL's server binaries or set PG_BIN")


class PrivatePostgres:
    """A throwaway PostgreSQL cluster (``initdb`` in a temporary directory) on a free port, trust
    authentication, user ``postgres``; ``restart()``/``stop()``/``start()`` at will, ``destroy()``
    stops it and removes its files. As root the server runs as the ``postgres`` system user
    (PostgreSQL refuses to run as root)."""

    def __init__(self) -> None:
        self.bindir = _postgres_bindir()
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="blkk-pg-"))
        self.data = self.dir / "data"
        self.logfile = self.dir / "server.log"
        self.user: str | None = None
        if os.geteuid() == 0:
            import pwd

            self.user = "postgres"
            entry = pwd.getpwnam(self.user)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        try:
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                      "--no-sync", "--no-instructions")  # fmt: skip
            self.start()
        except BaseException:
            self.destroy()
            raise

    def _run(self, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess:
        done = subprocess.run(  # noqa: S603
            [str(self.bindir / args[0]), *args[1:]],
            cwd=self.dir, user=self.user, stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr or done.stdout}")
        return done

    def url(self, dbname: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def createdb(self, name: str) -> str:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url(name)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.logfile), "-o", options, "-w", "-t", "30", "start"
        )

    def restart(self) -> None:
        """A real server restart (``-m fast``: sessions are terminated, then the server starts again);
        returns once it accepts connections."""
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.logfile), "-m", "fast", "-w", "-t", "30", "restart"
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def use_result_backend(url: str) -> None:
    """Point this process's Celery app (results of the tasks it sends) at another backend."""
    from blkk_portal.celery import app

    app.conf.result_backend = url
    app._backend_cache = None
    vars(app._local).pop("backend", None)


def use_celery_redis(url: str) -> None:
    """Point this process's Celery app at another Redis for both of its uses, as REDIS_URL does in
    production: the broker and the result backend."""
    use_broker(url)
    use_result_backend(url)


class HungServer:
    """A TCP server that accepts connections and then never reads nor writes (a hung broker: the
    process is stuck, the kernel still completes handshakes). ``connections`` counts them."""

    def __init__(self) -> None:
        import socket
        import threading

        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(128)
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._held: list[socket.socket] = []
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._accept, name=f"hung-server-{self.port}", daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._held.append(sock)  # held open, never read from nor written to

    @property
    def connections(self) -> int:
        return len(self._held)

    def close(self) -> None:
        """Stop listening and close what was accepted (a client blocked on it sees the connection end)."""
        import socket

        self._closing.set()
        self._thread.join(timeout=5)
        self._listener.close()
        for sock in self._held:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
