"""Load test: a realistic mix of portal users against a local gunicorn, bounded in time and count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/blkk_demo REDIS_URL=redis://127.0.0.1:6379/9 \\
        python -m bench.load [--users 50] [--duration 60]     # serves the portal itself
    python -m bench.load --base http://127.0.0.1:8000           # or drives a running server

Each virtual user is a thread with its own session and a role drawn by weight:

- visitor (40 %): job board, filtered by regency, page 2;
- official (20 %, demo.official): dashboard, a regency drill-down;
- employer (25 %, demo.employer): vacancy list, ranked candidates of one of its vacancies;
- poster (15 %, demo.employer): opens the vacancy form and saves a draft vacancy.

Users wait 1-3 s between steps (people read pages). Only 127.0.0.1 / localhost is accepted as
a target. The run stops after ``--duration`` seconds or ``--max-requests`` requests, whichever
comes first, and prints users, requests/s, p50/p95 latency and the error count (any status
>= 400 other than the expected, or a transport error).

Without ``--base`` the script serves the portal as in production for the run (``bench/server.py``:
gunicorn with ``deploy/gunicorn.conf.py``, ``--workers`` x ``--threads``, DEBUG off) and starts a
Celery worker beside it, against ``DATABASE_URL`` / ``REDIS_URL``, which must hold the demo data
(``manage.py seed_demo``). A server given with ``--base`` must run the same way.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from datetime import date, timedelta
from urllib.parse import urlsplit

import requests

PASSWORD = "demo-portal-2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VACANCY_LINK = re.compile(r'href="/perusahaan/lowongan/(\d+)/"')
SELECT = re.compile(r'<select name="(\w+)"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]*)"([^>]*)>')
ROLES = [("visitor", 40), ("official", 20), ("employer", 25), ("poster", 15)]


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()
        self.by_page: Counter[str] = Counter()
        self.page_latencies: dict[str, list[float]] = {}

    def record(self, name: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.by_page[name] += 1
            self.page_latencies.setdefault(name, []).append(seconds)
            if error:
                self.errors[f"{name}: {error}"] += 1

    @property
    def count(self) -> int:
        return len(self.latencies)


class User:
    def __init__(self, base: str, stats: Stats, stop: threading.Event, role: str, seed: int) -> None:
        self.base, self.stats, self.stop, self.role = base, stats, stop, role
        self.rng = random.Random(seed)
        self.http = requests.Session()
        self.vacancies: list[str] = []

    def _unsecure_cookies(self) -> None:
        """DEBUG off marks cookies Secure; this plain-HTTP local run must still send them back."""
        for cookie in self.http.cookies:
            cookie.secure = False

    def request(self, name: str, method: str, path: str, **kwargs) -> requests.Response | None:
        if self.stop.is_set():
            return None
        started = time.perf_counter()
        error = None
        response = None
        try:
            response = self.http.request(
                method, self.base + path, timeout=10, allow_redirects=False, **kwargs
            )
            self._unsecure_cookies()
            if response.status_code >= 400:
                error = str(response.status_code)
        except requests.RequestException as exc:
            error = type(exc).__name__
        self.stats.record(name, time.perf_counter() - started, error)
        return response

    def think(self) -> None:
        self.stop.wait(self.rng.uniform(1.0, 3.0))

    def login(self, username: str) -> bool:
        page = self.request("login page", "GET", "/masuk/")
        if page is None or page.status_code != 200:
            return False
        token = CSRF.search(page.text).group(1)
        response = self.request(
            "login",
            "POST",
            "/masuk/",
            data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        )
        return response is not None and response.status_code == 302

    def run(self) -> None:
        if self.role in ("official", "employer", "poster"):
            username = "demo.official" if self.role == "official" else "demo.employer"
            if not self.login(username):
                return
        while not self.stop.is_set():
            getattr(self, self.role)()
            self.think()

    def visitor(self) -> None:
        self.request("job board", "GET", "/lowongan/")
        self.think()
        self.request(
            "job board filtered",
            "GET",
            "/lowongan/",
            params={"regency": self.rng.choice(["33.25", "33.26", "33.27"])},
        )
        self.think()
        self.request("job board p2", "GET", "/lowongan/", params={"page": 2})

    def official(self) -> None:
        self.request("dashboard", "GET", "/dasbor/")
        self.think()
        self.request(
            "dashboard regency",
            "GET",
            f"/dasbor/wilayah/{self.rng.choice(['33.25', '33.26', '33.27', '33.75'])}/",
        )

    def employer(self) -> None:
        page = self.request("employer vacancies", "GET", "/perusahaan/")
        if page is not None and page.status_code == 200:
            self.vacancies = VACANCY_LINK.findall(page.text) or self.vacancies
        if self.vacancies:
            self.think()
            self.request(
                "candidates", "GET", f"/perusahaan/lowongan/{self.rng.choice(self.vacancies)}/kandidat/"
            )

    def poster(self) -> None:
        page = self.request("vacancy form", "GET", "/perusahaan/lowongan/baru/")
        if page is None or page.status_code != 200:
            return
        data = {}
        for name, options in SELECT.findall(page.text):  # the selected option, else the first real one
            values = [(v, "selected" in rest) for v, rest in OPTION.findall(options) if v]
            data[name] = next((v for v, chosen in values if chosen), values[0][0] if values else "")
        data.update(
            csrfmiddlewaretoken=CSRF.search(page.text).group(1),
            title=f"Operator Produksi (uji beban {self.rng.randrange(10**6)})",
            description="Lowongan uji beban.",
            headcount=str(self.rng.randint(1, 5)),
            age_min="18",
            age_max="35",
            salary_min="2700000",
            salary_max="3200000",
            closes_on=(date.today() + timedelta(days=30)).strftime("%d-%m-%Y"),
            action="save",  # a draft: publishing would start a matching run, not this test's subject
        )
        self.think()
        response = self.request("vacancy post", "POST", "/perusahaan/lowongan/baru/", data=data)
        if response is not None and response.status_code != 302:
            self.stats.record("vacancy post", 0.0, f"not saved ({response.status_code})")


@contextmanager
def celery_worker():
    """A Celery worker beside the bench server (matching runs, summary refreshes)."""
    from bench.server import BIN, portal_process

    command = [str(BIN / "celery"), "-A", "blkk_portal", "worker", "--concurrency=1", "--loglevel=WARNING"]
    with portal_process(command):
        yield


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="", help="a running server (default: serve one for the run)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers when serving")
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads when serving")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which users start")
    parser.add_argument("--max-requests", type=int, default=50_000)
    args = parser.parse_args()
    if args.base and urlsplit(args.base).hostname not in ("127.0.0.1", "localhost"):
        parser.error("this script only talks to 127.0.0.1 / localhost")
    with ExitStack() as stack:
        if not args.base:
            from bench.server import gunicorn

            stack.enter_context(celery_worker())
            args.base = stack.enter_context(gunicorn(workers=args.workers, threads=args.threads))
            print(f"serving: gunicorn {args.workers} workers x {args.threads} threads + a Celery worker")
        return run(args)


def run(args: argparse.Namespace) -> int:

    stats, stop = Stats(), threading.Event()
    rng = random.Random(2026)
    names, weights = zip(*ROLES, strict=True)
    roles = Counter()
    threads = []
    started = time.perf_counter()
    for i in range(args.users):
        role = rng.choices(names, weights)[0]
        roles[role] += 1
        user = User(args.base.rstrip("/"), stats, stop, role, seed=i)
        thread = threading.Thread(target=user.run, daemon=True)
        threads.append(thread)
        thread.start()
        stop.wait(args.ramp / args.users)
    while time.perf_counter() - started < args.duration and stats.count < args.max_requests:
        time.sleep(0.2)
    stop.set()
    for thread in threads:
        thread.join(timeout=15)
    elapsed = time.perf_counter() - started

    latencies = sorted(stats.latencies) or [0.0]
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000
    errors = sum(stats.errors.values())
    print(f"roles: {dict(roles)}")
    for name, values in sorted(stats.page_latencies.items()):
        values.sort()
        p95_page = values[min(len(values) - 1, int(len(values) * 0.95))] * 1000
        print(
            f"  {name}: {len(values)} requests, p50 {statistics.median(values) * 1000:.0f} ms, p95 {p95_page:.0f} ms"
        )
    for what, n in stats.errors.most_common(10):
        print(f"error: {what} x{n}")
    print(
        f"users: {args.users}, requests: {stats.count}, requests/s: {stats.count / elapsed:.1f}, "
        f"p50: {p50:.0f} ms, p95: {p95:.0f} ms, errors: {errors}"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
