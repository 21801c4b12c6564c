"""``manage.py seed_demo``: the KITB reference scenario, or large synthetic data for benchmarks.

    manage.py seed_demo                       # 65 BLKK around KITB, ~3,000 trainees, demo accounts
    manage.py seed_demo --trainees 1000000 --vacancies 100000 --blkk 3000   # nationwide, synthetic

Both are idempotent: the reference scenario is found by its BLKK registration numbers, synthetic
data by its own namespace (``SYN-`` registration numbers, NIB prefix ``0000``, NIK serials
5000–9999) and is topped up to the requested size. Both are deterministic for a given ``--seed``.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.demo.accounts import DEMO_PASSWORD, DEMO_USERNAMES
from apps.core.demo.bulk import BulkLoader
from apps.core.demo.scenario import seed_reference_scenario
from apps.core.demo.synthetic import SyntheticPlan, seed_synthetic
from apps.dashboards import summaries
from apps.dashboards.models import MonthlyGraduates, RegencyStats, StaleRegency, VocationStats
from apps.matching.models import MatchRun
from apps.matching.services import matchrun_request


class Command(BaseCommand):
    help = (
        "Seed the KITB reference scenario with the demo accounts, or with --trainees/--vacancies "
        "large synthetic data across all provinces for benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--trainees", type=int, default=None, help="synthetic graduates to have")
        parser.add_argument("--vacancies", type=int, default=None, help="synthetic vacancies to have")
        parser.add_argument(
            "--blkk", type=int, default=None, help="synthetic BLKK (default: max(65, trainees // 330))"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--chunk-size", type=int, default=100_000, help="synthetic rows generated per chunk"
        )
        parser.add_argument(
            "--force", action="store_true", help="seed even when DEBUG is off (e.g. a staging server)"
        )

    def handle(self, *args, **options) -> None:
        synthetic = any(options[name] is not None for name in ("trainees", "vacancies", "blkk"))
        if not settings.DEBUG and not options["force"]:
            what = (
                "synthetic people and employers"
                if synthetic
                else f"the demo accounts ({', '.join(DEMO_USERNAMES)}) with the published password"
            )
            raise CommandError(
                f"DEBUG is off, so this looks like a production database: seed_demo would create {what}. "
                "Refusing. Pass --force if you really want demo data here."
            )
        for name in ("trainees", "vacancies", "blkk"):
            if options[name] is not None and options[name] < 0:
                raise CommandError(f"--{name} cannot be negative.")
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1.")

        started = time.perf_counter()
        if synthetic:
            plan = SyntheticPlan.build(
                trainees=options["trainees"] or 0,
                vacancies=options["vacancies"] or 0,
                blkk=options["blkk"],
                seed=options["seed"],
                chunk_size=options["chunk_size"],
            )
            try:
                seed_synthetic(plan, log=self._log)
            except ValueError as error:  # an impossible plan, e.g. trainees without any BLKK
                raise CommandError(str(error)) from error
        else:
            self._log("Seeding the KITB reference scenario …")
            result = seed_reference_scenario(seed=options["seed"], log=self._log)
            if result.created:
                summary = ", ".join(f"{n} {name}" for name, n in result.counts.items())
                self._log(self.style.SUCCESS(f"Reference scenario created: {summary}."))
                run = matchrun_request(scope=MatchRun.Scope.NATIONAL)
                run.refresh_from_db()
                self._log(
                    f"Matching: national run #{run.pk} {run.get_status_display()} (eager runs finish here)."
                )
            if result.accounts_created:
                self._log(
                    self.style.SUCCESS(
                        f"Demo accounts created: {', '.join(result.accounts_created)} "
                        f"(password {DEMO_PASSWORD})."
                    )
                )
            elif not result.created:
                self._log("Demo accounts already exist; nothing changed.")
        tick = time.perf_counter()
        regencies = summaries.refresh_all()
        # Autovacuum may be off: the rewritten summary tables get their statistics here.
        BulkLoader().refresh_statistics([RegencyStats, MonthlyGraduates, VocationStats, StaleRegency])
        self._log(f"Dashboard summaries: {regencies} regencies ({time.perf_counter() - tick:.1f} s).")
        self._log(f"Done in {time.perf_counter() - started:.1f} s.")

    def _log(self, message: str) -> None:
        self.stdout.write(message)
