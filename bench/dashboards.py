"""Dashboards at national scale: ``dashboard/summary/`` and the officials' pages under load.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/blkk_seed python -m bench.dashboards [--seconds 10]

Needs a database seeded with ``manage.py seed_demo --trainees 1000000 --vacancies 100000 --blkk 3000``
(its summary tables are built at the end of the seed). Serves the portal under gunicorn on
127.0.0.1 as deployed (``deploy/gunicorn.conf.py``: sync workers, 2 x cores + 1), signs in a national, a province (Jawa Tengah) and a regency
(Batang) official, and drives each URL with ``--clients`` keep-alive clients for ``--seconds``.
Prints a Markdown table: requests/s, p50/p95/p99 latency and errors. Targets (issue #7): API
p95 <= 50 ms, page p95 <= 200 ms. Officials' answers are cached until the summaries change
(``apps/dashboards/answers.py``); ``--fresh`` serves with no cache at all, so every request
computes its answer from the summary tables, as the first view after a change does.
"""

from __future__ import annotations

import argparse
import os

from bench.server import HEADER, drive, gunicorn, setup_django, signed_in

PROVINCE, REGENCY = "33", "33.25"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: as deployed)")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads (1: sync workers)")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="no cache: every request computes its answer from the summary tables (bench.settings)",
    )
    args = parser.parse_args()
    setup_django()
    from apps.dashboards.models import RegencyStats
    from apps.registry.models import Blkk
    from apps.trainees.models import Trainee

    national = signed_in("bench.national", "official")
    province = signed_in("bench.province", "official", scope_province_id=PROVINCE)
    regency = signed_in("bench.regency", "official", scope_regency_id=REGENCY)
    blkk = Blkk.objects.filter(regency=REGENCY).order_by("pk").values_list("pk", flat=True).first()
    print(
        f"data: {Trainee.objects.count():,} trainees, {Blkk.objects.count():,} BLKK, "
        f"{RegencyStats.objects.count()} regency summaries; {args.clients} clients, {args.seconds:.0f} s each"
    )
    api = "/api/v1/dashboard/summary/"
    cases = [
        ("API summary, national", national["api"], [api]),
        ("API summary, one province (as national)", national["api"], [f"{api}?province={PROVINCE}"]),
        ("API summary, one regency (as national)", national["api"], [f"{api}?regency={REGENCY}"]),
        ("API summary, province official", province["api"], [api]),
        ("API summary, regency official", regency["api"], [api]),
        ("page /dasbor/, national", national["page"], ["/dasbor/"]),
        ("page /dasbor/?province=33, national", national["page"], [f"/dasbor/?province={PROVINCE}"]),
        ("page /dasbor/, province official", province["page"], ["/dasbor/"]),
        ("page /dasbor/, regency official", regency["page"], ["/dasbor/"]),
        ("page regency drill-down (Batang)", national["page"], [f"/dasbor/wilayah/{REGENCY}/"]),
        ("page BLKK summary", national["page"], [f"/dasbor/blkk/{blkk}/"]),
    ]
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    fresh = {"DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_CACHE": "off"} if args.fresh else {}
    print(f"gunicorn {workers} workers x {args.threads} threads" + (", no cache" if args.fresh else ""))
    with gunicorn(workers=workers, threads=args.threads, **fresh) as base:
        print(HEADER)
        for name, headers, paths in cases:
            print(
                drive(base, paths, headers, clients=args.clients, seconds=args.seconds).row(name), flush=True
            )


if __name__ == "__main__":
    main()
