"""Region-sized match run end to end from PostgreSQL: load, score, store, allocate, propose.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/blkk_bench python -m bench.matching_db \
        [--trainees 20000] [--vacancies 2000]

Creates the database content with ``seed_demo --trainees N --vacancies M --force`` when it holds
fewer synthetic graduates, then times one run over every open vacancy and prints one final line:
``load: A s, engine: B s, store: C s, allocation: D s, total: T s, matches: K, proposed: P``.
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=20_000)
    parser.add_argument("--vacancies", type=int, default=2_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blkk_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from apps.matching import services
    from apps.vacancies.models import Vacancy

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (this benchmark measures PostgreSQL).")
    call_command("migrate", verbosity=0)
    call_command("seed_demo", trainees=args.trainees, vacancies=args.vacancies, force=True, verbosity=0)
    open_vacancies = Vacancy.objects.filter(status=Vacancy.Status.OPEN)
    print(f"open vacancies: {open_vacancies.count()}")
    started = time.perf_counter()
    counts = services.shortlist_vacancies(open_vacancies, replace_closed=True)
    shortlisted = time.perf_counter()
    plan = services.allocate_and_propose()
    finished = time.perf_counter()
    run = counts.pop("timings")
    print(
        f"load: {run['load']:.2f} s, engine: {run['engine']:.2f} s, store: {run['store']:.2f} s, "
        f"allocation: {finished - shortlisted:.2f} s, total: {finished - started:.2f} s, "
        f"matches: {counts['matches']}, proposed: {plan['proposed']}"
    )


if __name__ == "__main__":
    main()
