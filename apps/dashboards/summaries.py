"""Keeping the dashboards' summary tables current (services).

The regional dashboards read ``RegencyStats``, ``MonthlyGraduates`` and ``VocationStats``: a few
thousand rows instead of a million trainees. Keeping them exact works in three steps:

1. **Mark.** Every write to a counted table (BLKK, trainees, enrolments, applications, vacancies)
   marks the regencies it touched in ``StaleRegency``, in the writer's own transaction: models
   that count call ``mark_for`` from ``save``/``delete`` (``apps.core.models.CountedModel``), and
   the bulk paths (imports, seeding) call ``mark`` themselves. A committed change therefore always
   leaves a mark behind; a rolled-back one leaves none.
2. **Refresh.** ``refresh_stale`` reads the marks, recomputes those regencies from the live tables
   in a fixed number of grouped queries and deletes the marks it read, in one transaction. A Celery task
   runs it right after each commit that marked something (and every few minutes from beat).
3. **Read.** The dashboard selectors call ``ensure_fresh`` first: one indexed ``EXISTS``; only if
   a mark is left (no worker, or a refresh still on its way) does the reader refresh those
   regencies itself. So a dashboard never shows a stale number, and normally pays nothing.

Concurrency (READ COMMITTED): marks are insert-only rows, and a refresh deletes exactly the marks
it saw before it started counting. A change committed before that look is in the count; any
later one left a mark the refresh never saw, which stays for the next. Writers never wait on a
refresh nor a refresh on writers; refreshes take turns on a transaction-scoped advisory lock.
``refresh_all`` (nightly, and after ``seed_demo``) rebuilds everything the same way, as a safety
net for writes made outside the ORM.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from apps.dashboards import answers
from apps.dashboards.models import MonthlyGraduates, RegencyStats, StaleRegency, VocationStats
from apps.regions.models import Regency
from apps.registry.models import Blkk
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort, Program
from apps.vacancies.models import Application, Vacancy

log = logging.getLogger(__name__)

GRADUATED = Enrolment.Status.GRADUATED
HIRED = Application.Status.HIRED
OPEN = Vacancy.Status.OPEN
STATS = ("blkk_count", "trainees", "graduates", "placed", "open_vacancies", "open_positions")
SUPPLY_DEMAND = ("graduates", "available", "open_vacancies", "open_positions")
LOCK_KEY = 0x5B1C_D45B  # the advisory lock refreshes take turns on


# --- 1. marking ---------------------------------------------------------------------------------
def mark(regencies: Iterable[str | None]) -> None:
    """Mark regencies stale (in the caller's transaction) and have a worker refresh them once it
    commits."""
    codes = sorted({code for code in regencies if code})
    if not codes:
        return
    StaleRegency.objects.bulk_create([StaleRegency(regency_id=code) for code in codes])
    _refresh_after_commit()


def regencies_of(obj: Any) -> set[str]:
    """The regencies whose figures count ``obj`` (a BLKK, programme, cohort, trainee, enrolment,
    application or vacancy). At most one query."""
    if isinstance(obj, Blkk | Vacancy):
        codes = {obj.regency_id}
        if isinstance(obj, Vacancy) and obj.pk:  # its hires count where their trainees trained
            codes |= set(
                Application.objects.filter(vacancy=obj.pk, status=HIRED).values_list(
                    "trainee__blkk__regency", flat=True
                )
            )
        return codes
    if isinstance(obj, Trainee | Program):
        return set(Blkk.objects.filter(pk=obj.blkk_id).values_list("regency", flat=True))
    if isinstance(obj, Cohort):
        return set(Program.objects.filter(pk=obj.program_id).values_list("blkk__regency", flat=True))
    if isinstance(obj, Enrolment | Application):
        return set(Trainee.objects.filter(pk=obj.trainee_id).values_list("blkk__regency", flat=True))
    raise TypeError(f"{type(obj).__name__} is not counted by the dashboards")


def counted_when_new(obj: Any) -> bool:
    """Does a new ``obj`` change any figure? Not a draft vacancy (only open ones count, and its
    hires come later); every other counted row does."""
    return not (isinstance(obj, Vacancy) and obj.status == Vacancy.Status.DRAFT)


# Fields whose change moves a counted row to other regencies, and the path to its regency.
_MOVES = {
    Blkk: ("regency", "regency"),
    Vacancy: ("regency", "regency"),
    Trainee: ("blkk", "blkk__regency"),
    Program: ("blkk", "blkk__regency"),
    Cohort: ("program", "program__blkk__regency"),
}


def regencies_before(obj: Any, update_fields: Iterable[str] | None) -> set[str]:
    """Where ``obj`` was counted before a save that may move it (a BLKK or vacancy changing
    regency, a trainee or programme changing BLKK, a cohort changing programme). No query unless
    such a field is saved."""
    field, path = _MOVES.get(type(obj), (None, None))
    if field is None or obj.pk is None or (update_fields is not None and field not in update_fields):
        return set()
    return set(type(obj).objects.filter(pk=obj.pk).values_list(path, flat=True))


def _refresh_after_commit() -> None:
    # One publish per transaction, however many rows it marked.
    if any(
        getattr(callback, "__func__", callback) is _publish
        for _sids, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_publish)


def _publish() -> None:
    from apps.core.jobs import publish
    from apps.dashboards.tasks import refresh_stale_summaries

    publish(refresh_stale_summaries)


# --- 2. refreshing ------------------------------------------------------------------------------
def refresh_stale() -> list[str]:
    """Recompute every marked regency and delete the marks counted. Returns those regencies."""
    with transaction.atomic():
        _take_turn()
        marks = list(StaleRegency.objects.values_list("pk", "regency"))
        codes = sorted({code for _pk, code in marks})
        if codes:
            _rebuild(codes)
            StaleRegency.objects.filter(pk__in=[pk for pk, _code in marks]).delete()
            answers.forget()
    return codes


def refresh_all() -> int:
    """Rebuild every summary row from the live tables. Returns the regencies with data."""
    with transaction.atomic():
        _take_turn()
        marks = list(StaleRegency.objects.values_list("pk", flat=True))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Whole-table joins and groupings: sorts and hashes in memory, and no JIT
                # compilation (it cost seconds on a query that runs in a few).
                cursor.execute("SET LOCAL work_mem = '256MB'")
                cursor.execute("SET LOCAL jit = off")
        count = _rebuild(None)
        StaleRegency.objects.filter(pk__in=marks).delete()
        answers.forget()
    return count


def _take_turn() -> None:
    """One refresh at a time (until the surrounding transaction ends)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def ensure_fresh() -> None:
    """Before reading summaries: refresh whatever is still marked (normally nothing)."""
    if StaleRegency.objects.exists():
        refresh_stale()


def _in(qs, path: str, codes: list[str] | None):
    return qs if codes is None else qs.filter(**{f"{path}__in": codes})


def _rebuild(codes: list[str] | None) -> int:
    """Replace the summary rows of ``codes`` (all regencies if ``None``). Nine queries."""
    stats = _regency_stats(codes)
    months = _monthly_graduates(codes)
    vocations = _vocation_stats(codes)
    for model in (RegencyStats, MonthlyGraduates, VocationStats):
        _in(model.objects.all(), "regency", codes).delete()
    RegencyStats.objects.bulk_create(
        [RegencyStats(regency_id=code, **row) for code, row in stats.items() if any(row.values())],
        batch_size=1000,
    )
    MonthlyGraduates.objects.bulk_create(
        [
            MonthlyGraduates(regency_id=code, month=month, graduates=n)
            for (code, month), n in months.items()
            if n
        ],
        batch_size=2000,
    )
    VocationStats.objects.bulk_create(
        [
            VocationStats(regency_id=code, vocation_id=vocation, **row)
            for (code, vocation), row in vocations.items()
            if any(row.values())
        ],
        batch_size=2000,
    )
    return sum(1 for row in stats.values() if any(row.values()))


def _grouped(qs, *keys: str, **values: Any):
    return qs.values_list(*keys).annotate(**values).order_by()


def _regency_stats(codes: list[str] | None) -> dict[str, dict[str, int]]:
    rows: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATS, 0))
    graduated = Enrolment.objects.filter(trainee=OuterRef("pk"), status=GRADUATED)
    hired = Application.objects.filter(trainee=OuterRef("pk"), status=HIRED)
    counted = {
        "blkk_count": (_in(Blkk.objects.all(), "regency", codes), "regency", Count("id")),
        "trainees": (_in(Trainee.objects.all(), "blkk__regency", codes), "blkk__regency", Count("id")),
        # Trainees with a graduated enrolment / a hire: semi-joins, no per-group DISTINCT sorts.
        "graduates": (
            _in(Trainee.objects.filter(Exists(graduated)), "blkk__regency", codes),
            "blkk__regency",
            Count("id"),
        ),
        "placed": (
            _in(Trainee.objects.filter(Exists(hired)), "blkk__regency", codes),
            "blkk__regency",
            Count("id"),
        ),
    }
    for key, (qs, path, value) in counted.items():
        for code, n in _grouped(qs, path, n=value):
            rows[code][key] = n
    open_vacancies = _in(Vacancy.objects.filter(status=OPEN), "regency", codes)
    for code, n, positions in _grouped(open_vacancies, "regency", n=Count("id"), positions=Sum("headcount")):
        rows[code].update(open_vacancies=n, open_positions=positions or 0)
    return rows


def _first_graduations():
    """Each graduate's first graduated enrolment: exactly one per trainee (on a tie of dates, the
    lowest id), so counting these rows counts graduates without a DISTINCT."""
    earlier = Enrolment.objects.filter(
        Q(graduated_on__lt=OuterRef("graduated_on"))
        | Q(graduated_on=OuterRef("graduated_on"), pk__lt=OuterRef("pk")),
        trainee=OuterRef("trainee"),
        status=GRADUATED,
    )
    return Enrolment.objects.filter(status=GRADUATED, graduated_on__isnull=False).filter(~Exists(earlier))


def _monthly_graduates(codes: list[str] | None) -> dict[tuple[str, dt.date], int]:
    qs = _in(_first_graduations(), "trainee__blkk__regency", codes).annotate(month=TruncMonth("graduated_on"))
    return {
        (code, month): n for code, month, n in _grouped(qs, "trainee__blkk__regency", "month", n=Count("id"))
    }


def _vocation_stats(codes: list[str] | None) -> dict[tuple[str, int], dict[str, int]]:
    rows: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: dict.fromkeys(SUPPLY_DEMAND, 0))
    hired = Application.objects.filter(trainee=OuterRef("trainee"), status=HIRED)
    supply = _in(Enrolment.objects.filter(status=GRADUATED), "trainee__blkk__regency", codes)
    for code, vocation, graduates, available in _grouped(
        supply,
        "trainee__blkk__regency",
        "cohort__program__vocation",
        graduates=Count("trainee", distinct=True),
        available=Count("trainee", distinct=True, filter=~Exists(hired)),
    ):
        rows[code, vocation].update(graduates=graduates, available=available)
    demand = _in(Vacancy.objects.filter(status=OPEN), "regency", codes)
    for code, vocation, n, positions in _grouped(
        demand, "regency", "vocation", n=Count("id"), positions=Sum("headcount")
    ):
        rows[code, vocation].update(open_vacancies=n, open_positions=positions or 0)
    return rows


# --- 3. reading (used by the selectors) ---------------------------------------------------------
# Each takes the regencies to add up, as a ``Regency`` queryset. One query each.
def regency_rows(regencies: QuerySet[Regency]) -> dict[str, dict[str, int]]:
    """``RegencyStats`` of ``regencies`` that have any data, by regency code."""
    qs = RegencyStats.objects.filter(regency__in=regencies.values("code")).values("regency", *STATS)
    return {row.pop("regency"): row for row in qs}


def graduates_by_month(regencies: QuerySet[Regency], *, start: dt.date, end: dt.date) -> dict[dt.date, int]:
    qs = MonthlyGraduates.objects.filter(
        regency__in=regencies.values("code"), month__gte=start, month__lt=end
    )
    return dict(_grouped(qs, "month", n=Sum("graduates")))


def supply_demand(regencies: QuerySet[Regency]) -> dict[int, dict[str, int]]:
    """Graduates, available, open vacancies and positions by vocation id."""
    qs = VocationStats.objects.filter(regency__in=regencies.values("code"))
    sums = {key: Sum(key) for key in SUPPLY_DEMAND}
    return {row.pop("vocation"): row for row in qs.values("vocation").annotate(**sums).order_by()}
