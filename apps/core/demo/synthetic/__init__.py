"""Large synthetic data for benchmarks: N graduates and M vacancies across all 38 provinces.

Regencies are drawn with Java weighted five to one. Every synthetic trainee has a graduated
enrolment in a finished cohort of a programme of their BLKK, with 5–30 competency units mostly of
the programme's vocation; every vacancy requires 3–15 units mostly of its vocation and wants 1–200
people (skewed small).

Rows are generated in chunks with NumPy (no per-row model objects) and written with ``COPY`` on
PostgreSQL, ``bulk_create`` elsewhere. Synthetic data has its own natural-key namespace —
registration numbers ``SYN-…``, NIBs ``0000…``, NIK serials 5000–9999 — so it never collides with
the reference scenario, and a re-run tops the counts up to the requested size (adding nothing
once they are reached). The whole run is one transaction; once it has committed, every table written gets ``VACUUM
(ANALYZE)``: planner statistics and visibility maps (only ``ANALYZE``, before returning, when the
caller's own transaction is still open).
"""

from __future__ import annotations

import time

from django.db import transaction

from apps.core.demo.synthetic.blkk import add_blkk
from apps.core.demo.synthetic.context import BLKK_PREFIX, NIB_PREFIX, NIK_SERIALS, Context, Log, SyntheticPlan
from apps.core.demo.synthetic.trainees import add_trainees
from apps.core.demo.synthetic.vacancies import add_employers, add_vacancies

__all__ = ["BLKK_PREFIX", "NIB_PREFIX", "NIK_SERIALS", "SyntheticPlan", "seed_synthetic"]


def seed_synthetic(plan: SyntheticPlan, *, log: Log = lambda _msg: None) -> dict[str, float]:
    """Top synthetic data up to the plan in one transaction; logs and returns the timings (s)."""
    started = time.perf_counter()
    with transaction.atomic():
        ctx = Context(plan=plan, log=log)
        add_blkk(ctx)
        add_trainees(ctx)
        add_employers(ctx)
        add_vacancies(ctx)
    if tables := ctx.loader.tables_written:  # fresh statistics for every table written
        tick = time.perf_counter()
        ctx.timed(ctx.loader.refresh_statistics(tables), tick)
    timings = dict(ctx.timings)
    timings.update({f"    writing {table}": s for table, s in ctx.loader.timings.items()})
    timings.update({f"    rebuilding {table}": s for table, s in ctx.loader.rebuilds.items()})
    timings["total"] = time.perf_counter() - started
    log("Timings (s):")
    for name, seconds in timings.items():
        log(f"  {name:<60} {seconds:8.2f}")
    return timings
