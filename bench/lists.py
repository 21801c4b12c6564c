"""Lists at national scale: every list endpoint and HTML list under concurrent clients, on page 1,
on deep page numbers and walking deep by keyset links.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/blkk_seed REDIS_URL=redis://127.0.0.1:6379/8 \\
        python -m bench.lists [--seconds 10] [--clients 8] [--workers 2] [--threads 1] [--only trainees]

Needs the national synthetic data (``seed_demo --trainees 1000000 --vacancies 100000 --blkk 3000``).
Synthetic data has no pipeline, so the script adds, for the run only, bench applications (5 on
each of 20,000 open vacancies, 50 on each vacancy of the bench employer) and the bench employer's
shortlists (50 per vacancy, each match explained as the engine explains it: score parts, the
vacancy's units held and missing), all recorded in one match run with
``params = {"bench": "lists"}`` and removed again at the end with the access-log rows the bench
users' requests wrote (``--keep`` keeps them; ``--cleanup`` only removes them). Bench users
(``bench.admin``, ``bench.official`` (national), ``bench.staff`` (the largest BLKK),
``bench.employer`` (the employer with most open vacancies)) are created or reused and sign in
through the token endpoint (API) and the login page (HTML).

The portal runs under gunicorn as in production (``bench/server.py``: ``deploy/gunicorn.conf.py``,
DEBUG off, persistent connections as in the settings, Redis cache) on a free 127.0.0.1 port, with
the per-user API throttle raised: one bench user makes far more requests than the production
limit allows a person. Each case runs ``--clients`` keep-alive connections for ``--seconds``
after a warm-up (with wrk when installed: ``apt-get install wrk``), and prints one table row:
requests/s, p50/p95/p99 latency in ms, errors (any status but 200, or a transport error). Target
per API row (a list endpoint): p95 <= 60 ms and >= 300 requests/s; per HTML row (a page): the
issue's page target, p95 <= 200 ms. Only 127.0.0.1 is ever contacted.

The first row, always run, is the yardstick the targets were set by: a textbook DRF list of 50
filtered rows (``bench/urls.py``, served beside the portal with ``bench.settings``), which served
about 390 requests/s on the machine where issue #7 set them. Machines differ by more than 2x, and
one machine drifts by tens of percent within a run, so its first page is measured again (for half
``--seconds``) before each case, and the last column reads each row against that measurement: 1.00
is as fast as the textbook list; the targets ask about 0.77 of it (300 / 390). The last line gives
the reference's range over the run.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from bench.server import drive, gunicorn, setup_django

PASSWORD = "bench-lists-2026"  # bench accounts on a benchmark database
BENCH_MARK = {"bench": "lists"}
PAGE_SIZE = 50
BENCH_USERS = {role: f"bench.{role}" for role in ("admin", "official", "staff", "employer")}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class World:
    blkk: int
    regency: str
    employer: int
    vacancy: int  # one of the bench employer's, with a shortlist
    users: dict[str, str]  # role → username


def bench_users() -> World:
    from django.db.models import Count, Q

    from apps.accounts.models import User
    from apps.employers.models import Employer
    from apps.registry.models import Blkk
    from apps.vacancies.models import Vacancy

    blkk = Blkk.objects.annotate(n=Count("trainees")).order_by("-n", "pk").first()
    employer = (
        Employer.objects.annotate(n=Count("vacancies", filter=Q(vacancies__status="open")))
        .order_by("-n", "pk")
        .first()
    )
    if blkk is None or employer is None:
        raise SystemExit("No BLKK or employer: seed the national data first (seed_demo --trainees …).")
    accounts = {
        "admin": {"role": User.Role.ADMIN},
        "official": {"role": User.Role.OFFICIAL},
        "staff": {"role": User.Role.BLKK_STAFF, "blkk": blkk},
        "employer": {"role": User.Role.EMPLOYER, "employer": employer},
    }
    for role, fields in accounts.items():
        user, _ = User.objects.update_or_create(username=BENCH_USERS[role], defaults=fields)
        if not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
    vacancy = Vacancy.objects.filter(employer=employer, status="open").order_by("pk").first()
    return World(
        blkk=blkk.pk,
        regency=blkk.regency_id,
        employer=employer.pk,
        vacancy=vacancy.pk,
        users=BENCH_USERS,
    )


def add_pipeline(world: World) -> None:
    """Bench applications and shortlists (once; recorded in a bench match run)."""
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from apps.matching.models import Match, MatchRun
    from apps.trainees.models import Trainee, adult_born_on_or_before
    from apps.vacancies.models import Application, Vacancy

    if MatchRun.objects.filter(params__bench="lists").exists():
        return
    started = time.perf_counter()
    rng = random.Random(2026)
    blkk_of = dict(
        Trainee.objects.filter(
            consent_share=True,
            objects_to_matching=False,
            erased_at__isnull=True,
            birth_date__lte=adult_born_on_or_before(timezone.localdate()),
        )
        .order_by("pk")
        .values_list("pk", "blkk_id")[:200_000]
    )
    eligible = list(blkk_of)
    employer_of = dict(
        Vacancy.objects.filter(employer=world.employer, status="open")
        .order_by("pk")
        .values_list("pk", "employer_id")
    )
    own = list(employer_of)
    required: dict[int, list[str]] = {}  # a shortlist explains itself by the vacancy's units
    for vacancy_id, code in Vacancy.competencies.through.objects.filter(vacancy_id__in=own).values_list(
        "vacancy_id", "competencyunit__code"
    ):
        required.setdefault(vacancy_id, []).append(code)
    others = dict(
        Vacancy.objects.filter(status="open")
        .exclude(employer=world.employer)
        .order_by("pk")
        .values_list("pk", "employer_id")[:20_000]
    )
    employer_of.update(others)
    statuses = ["proposed", "proposed", "shortlisted", "interview", "rejected"]
    with transaction.atomic():
        run = MatchRun.objects.create(scope="national", status="done", progress=1, params=BENCH_MARK)
        matches, applications = [], []
        first = (Application.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        for vacancy in own:
            shortlist = rng.sample(eligible, 50)
            units = sorted(required.get(vacancy, []))
            for rank, trainee in enumerate(shortlist, start=1):
                held = sorted(rng.sample(units, max(len(units) - (rank - 1) // 17, 0)))  # 0–2 missing
                coverage = round(70 * len(held) / len(units), 2) if units else 70.0
                recency = round(10 - rank * 0.15, 2)  # score falls with rank, as the engine ranks
                matches.append(  # as the engine stores them (matching.services): parts, units held and not
                    Match(
                        run=run,
                        vacancy_id=vacancy,
                        trainee_id=trainee,
                        score=round(coverage + 10 + 5 + recency, 2),
                        rank=rank,
                        matched=held,
                        missing=[code for code in units if code not in held],
                        reasons={"coverage": coverage, "vocation": 10.0, "distance": 5.0, "recency": recency},
                    )
                )
                applications.append((vacancy, trainee, statuses[rank % len(statuses)]))
        pool = iter(eligible)
        for vacancy in others:
            for i in range(5):
                applications.append((vacancy, next(pool), statuses[i]))
        rng.shuffle(applications)  # one employer's pipeline interleaved with everyone's, as over time
        Match.objects.bulk_create(matches, batch_size=5_000)
        Application.objects.bulk_create(
            [
                Application(
                    pk=first + i,
                    vacancy_id=v,
                    trainee_id=t,
                    employer_id=employer_of[v],
                    blkk_id=blkk_of[t],
                    status=s,
                    source="matched",
                )
                for i, (v, t, s) in enumerate(applications)
            ],
            batch_size=5_000,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('vacancies_application', 'id'), %s)",
                [first + len(applications) - 1],
            )
        run.params = {**BENCH_MARK, "applications": [first, first + len(applications) - 1]}
        run.save(update_fields=["params"])
    with connection.cursor() as cursor:  # the statistics autovacuum would gather on a live database
        cursor.execute("ANALYZE vacancies_application, matching_match")
    print(
        f"bench pipeline: {len(applications):,} applications, {len(matches):,} matches "
        f"({time.perf_counter() - started:.1f} s)",
        flush=True,
    )


def remove_pipeline() -> None:
    from django.db import connection, transaction

    from apps.accounts.models import AccessLog
    from apps.matching.models import Match, MatchRun
    from apps.vacancies.models import Application

    # The contact views the bench users' requests logged (about 1.5 million rows a full run).
    logged = AccessLog.objects.filter(user__username__in=BENCH_USERS.values()).delete()[0]
    for run in MatchRun.objects.filter(params__bench="lists"):
        with transaction.atomic():
            low, high = run.params.get("applications", [0, -1])
            Application.objects.filter(pk__gte=low, pk__lte=high).delete()
            Match.objects.filter(run=run).delete()
            run.delete()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE vacancies_application")
            cursor.execute("VACUUM ANALYZE matching_match")
        print("bench pipeline removed", flush=True)
    if logged:
        print(f"bench users' access-log rows removed: {logged:,}", flush=True)


# --- signed-in sessions -------------------------------------------------------------------------------
def token_headers(base: str, username: str) -> dict[str, str]:
    response = requests.post(
        f"{base}/api/v1/auth/token/", data={"username": username, "password": PASSWORD}, timeout=30
    )
    response.raise_for_status()
    return {"Authorization": f"Token {response.json()['token']}"}


def session_headers(base: str, username: str) -> dict[str, str]:
    http = requests.Session()
    page = http.get(f"{base}/masuk/", timeout=30)
    token = CSRF.search(page.text).group(1)
    for cookie in http.cookies:  # DEBUG off marks cookies Secure; this local run is plain HTTP
        cookie.secure = False
    response = http.post(
        f"{base}/masuk/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        timeout=30,
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"{username} could not sign in ({response.status_code})")
    return {"Cookie": "; ".join(f"{c.name}={c.value}" for c in http.cookies)}


def local(link: str) -> str:
    """The path and query of one of the server's absolute links."""
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


HEADER = (
    "| list | requests/s | p50 ms | p95 ms | p99 ms | errors | target met | × reference |\n"
    "|---|---|---|---|---|---|---|---|"
)
TARGET = (60.0, 300.0)  # p95 ms, requests/s: a list endpoint (the issue's "list of 50")
# An HTML list is a page, not a list endpoint: the issue asks it a constant query count (tests) and
# deep pages as fast as the first, and sets one target for a page's render, p95 <= 200 ms.
PAGE_TARGET = (200.0, 0.0)
# The yardstick of the targets, served beside the portal (bench/urls.py): how fast this machine
# serves a textbook DRF list of 50 filtered rows. Issue #7 measured about 390 requests/s for it.
REFERENCE = "reference: textbook DRF list (?blkk=)"


# --- the cases ----------------------------------------------------------------------------------------
@dataclass
class Case:
    name: str
    url: str
    who: str  # role of the bench user
    html: bool = False
    total: int | None = None  # rows, for the HTML lists (the API says its count)
    per_page: int = PAGE_SIZE
    walk: bool = True  # also walk deep by the list's own "next" links (the portal's are keyset)


def cases(world: World) -> list[Case]:
    from apps.core.pagination import cheap_count
    from apps.trainees.models import Trainee
    from apps.vacancies import selectors
    from apps.vacancies.models import Vacancy

    job_board = cheap_count(selectors.public_vacancies())
    own_vacancies = Vacancy.objects.filter(employer=world.employer).count()
    return [
        Case(REFERENCE, f"/bench/reference/trainees/?blkk={world.blkk}", "admin", walk=False),
        Case("trainees (admin, all 1M)", "/api/v1/trainees/", "admin"),
        Case("trainees (admin, ?regency=)", f"/api/v1/trainees/?regency={world.regency}", "admin"),
        Case("trainees (admin, ?blkk=)", f"/api/v1/trainees/?blkk={world.blkk}", "admin"),
        Case("trainees (official, national)", "/api/v1/trainees/", "official"),
        Case("trainees (BLKK staff)", "/api/v1/trainees/", "staff"),
        Case("vacancies (admin, all)", "/api/v1/vacancies/", "admin"),
        Case(
            "vacancies (?status=open&regency=)",
            f"/api/v1/vacancies/?status=open&regency={world.regency}",
            "admin",
        ),
        Case("vacancies (BLKK staff: open ones)", "/api/v1/vacancies/", "staff"),
        Case("applications (admin, all)", "/api/v1/applications/", "admin"),
        Case("applications (employer)", "/api/v1/applications/", "employer"),
        Case("applications (?status=shortlisted)", "/api/v1/applications/?status=shortlisted", "admin"),
        Case(
            "candidates (employer, one vacancy)", f"/api/v1/vacancies/{world.vacancy}/candidates/", "employer"
        ),
        Case("enrolments (admin, all)", "/api/v1/enrolments/", "admin"),
        Case("enrolments (BLKK staff)", "/api/v1/enrolments/", "staff"),
        Case("HTML job board /lowongan/", "/lowongan/", "anonymous", html=True, total=job_board, per_page=20),
        Case(
            "HTML job board ?regency=",
            f"/lowongan/?regency={world.regency}",
            "anonymous",
            html=True,
            total=cheap_count(selectors.public_vacancies().filter(regency=world.regency)),
            per_page=20,
        ),
        Case(
            "HTML BLKK trainee list",
            "/blkk/peserta/",
            "staff",
            html=True,
            total=Trainee.objects.filter(blkk=world.blkk).count(),
            per_page=25,
        ),
        Case(
            "HTML employer vacancy list",
            "/perusahaan/",
            "employer",
            html=True,
            total=own_vacancies,
            per_page=25,
        ),
        Case(
            "HTML employer candidates",
            f"/perusahaan/lowongan/{world.vacancy}/kandidat/",
            "employer",
            html=True,
            total=50,
            per_page=20,
        ),
    ]


def with_query(url: str, **params: object) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{url}{'&' if '?' in url else '?'}{query}"


def deep_pages(total: int, per_page: int, rng: random.Random, n: int = 64) -> list[int]:
    """Random page numbers from the second half of the list."""
    pages = max(1, math.ceil(total / per_page))
    low = max(1, pages // 2)
    return [rng.randint(low, pages) for _ in range(n)]


def run_case(
    base: str, case: Case, headers: dict[str, str], args: argparse.Namespace, reference: float | None
) -> tuple[list[str], float]:
    """The case's rows, each also read against ``reference``: the reference list's page-1 rate
    measured just before the case (machines drift by tens of percent within one run); ``None``:
    against the case's own first page (for the reference itself). Also returns that page's rate."""
    rng = random.Random(case.name)
    common = {"clients": args.clients, "seconds": args.seconds}
    first = requests.get(base + case.url, headers=headers, timeout=120)
    first.raise_for_status()
    total = case.total if case.html else first.json()["count"]
    label = f"{case.name} [{total:,} rows]"
    runs = [("page 1", drive(base, [case.url], headers, **common))]
    if total > case.per_page:  # else one page: nothing deeper to measure
        deep = [with_query(case.url, page=p) for p in deep_pages(total, case.per_page, rng)]
        runs.append(("deep ?page=", drive(base, deep, headers, **common)))
        if case.walk and not case.html:
            starts = []
            for page in deep_pages(total, case.per_page, rng, n=args.clients):
                response = requests.get(base + with_query(case.url, page=page), headers=headers, timeout=120)
                link = response.json()["next"]
                starts.append(local(link) if link else case.url)
            runs.append(("deep cursor walk", drive(base, starts, headers, follow_next=True, **common)))
    reference = reference or runs[0][1].rate
    rows = []
    for what, result in runs:
        target = PAGE_TARGET if case.html else TARGET
        rows.append(f"{result.row(f'{label}: {what}', target=target)} {result.rate / reference:.2f} |")
        print(rows[-1], flush=True)
    return rows, runs[0][1].rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per row")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="gunicorn workers (best measured: one per core, PostgreSQL beside them)",
    )
    parser.add_argument("--threads", type=int, default=1, help="1: sync workers, as deploy/ defaults")
    parser.add_argument("--gunicorn-max-requests", type=int, default=20_000, help="worker recycling")
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--keep", action="store_true", help="keep the bench pipeline afterwards")
    parser.add_argument("--cleanup", action="store_true", help="only remove the bench pipeline")
    args = parser.parse_args()

    setup_django()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to the national PostgreSQL database (e.g. blkk_seed).")
    if args.cleanup:
        remove_pipeline()
        return 0
    world = bench_users()
    add_pipeline(world)
    reference, *portal = cases(world)
    chosen = [c for c in portal if args.only.lower() in c.name.lower()]
    connection.close()  # the server gets the database to itself
    rows = []
    try:
        with gunicorn(
            workers=args.workers,
            threads=args.threads,
            GUNICORN_MAX_REQUESTS=str(args.gunicorn_max_requests),
            DJANGO_SETTINGS_MODULE="bench.settings",  # the portal plus the reference list
        ) as base:
            auth = {"anonymous": {}}
            for role, username in world.users.items():
                auth[role] = token_headers(base, username)
                auth[f"{role}:html"] = session_headers(base, username)
            print(
                f"gunicorn {args.workers} workers x {args.threads} threads, {args.clients} clients, "
                f"{args.seconds:.0f} s per row\n{HEADER}",
                flush=True,
            )
            # The reference in full first (read against its own first page); then its first page
            # again, for half the time, before each case.
            rows, rate = run_case(base, reference, auth["admin"], args, None)
            rates = [rate]
            for case in chosen:
                headers = auth[f"{case.who}:html" if case.html and case.who != "anonymous" else case.who]
                again = drive(
                    base, [reference.url], auth["admin"], clients=args.clients, seconds=args.seconds / 2
                )
                rates.append(again.rate)
                rows += run_case(base, case, headers, args, again.rate)[0]
    finally:
        if not args.keep:
            remove_pipeline()
    print(f"\n{HEADER}\n" + "\n".join(rows))
    print(
        f"\nreference page 1 (× reference is against the one just before each case): "
        f"{min(rates):.0f}–{max(rates):.0f} requests/s over {len(rates)} measurements"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
