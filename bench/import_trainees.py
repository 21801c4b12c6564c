"""Spreadsheet import of N trainee rows (xlsx): validate, then commit, against PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/blkk_bench python -m bench.import_trainees [--rows 10000]

Builds an .xlsx in memory with the import template's columns (NIKs as Excel numbers, as Excel
writes them), runs ``import_check`` and ``import_commit`` for a fresh BLKK, then deletes what it
created. Final line: ``rows: N, validate: A s, commit: B s, total: T s``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import time


def build_xlsx(rows: int, regency: str, seed: int = 7) -> bytes:
    from openpyxl import Workbook

    from apps.trainees.imports.columns import HEADERS

    rng = random.Random(seed)
    book = Workbook()
    sheet = book.active
    sheet.append(list(HEADERS))
    district = regency.replace(".", "")
    for i in range(rows):
        female = rng.random() < 0.45
        born = dt.date(1995, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 10))
        day = born.day + (40 if female else 0)
        nik = int(f"{district}99{day:02d}{born:%m%y}{(i % 9999) + 1:04d}")  # stored as a number
        sheet.append([
            nik, f"Peserta Uji {i}", "P" if female else "L", born.strftime("%d-%m-%Y"),
            rng.choice(["SMP", "SMA", "SMK"]), regency, "", f"0812{i:08d}", "", "tidak", "ya", None,
        ])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blkk_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from apps.regions.models import Regency
    from apps.registry.models import Blkk
    from apps.trainees.imports import import_check, import_commit
    from apps.trainees.models import Trainee

    call_command("migrate", verbosity=0)
    regency = Regency.objects.get(code="33.25")
    blkk, _ = Blkk.objects.get_or_create(
        registration_number="BENCH-IMPORT",
        defaults={"name": "BLKK Bench", "host_type": "komunitas", "host_name": "Bench", "regency": regency},
    )
    Trainee.objects.filter(blkk=blkk).delete()
    # Unique district digits "99" keep these NIKs apart from the demo's and the synthetic ones.
    data = build_xlsx(args.rows, "33.25")
    started = time.perf_counter()
    check = import_check(blkk=blkk, data=data, filename="peserta.xlsx")
    checked = time.perf_counter()
    if check.errors:
        raise SystemExit(f"unexpected row errors: {check.errors[:5]}")
    result = import_commit(blkk=blkk, rows=check.rows)
    done = time.perf_counter()
    if result.errors or result.created != args.rows:
        raise SystemExit(f"commit failed: {result.errors[:5]}")
    Trainee.objects.filter(blkk=blkk).delete()
    print(
        f"rows: {args.rows}, validate: {checked - started:.2f} s, commit: {done - checked:.2f} s, "
        f"total: {done - started:.2f} s"
    )


if __name__ == "__main__":
    main()
