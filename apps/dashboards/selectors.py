"""Read-only aggregates: placement (keterserapan) by region, scoped by the policy module."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.accounts import policies
from apps.dashboards import summaries
from apps.regions.models import Province, Regency
from apps.registry.models import Blkk
from apps.taxonomy.models import Vocation
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort, Program
from apps.vacancies.models import Application, Vacancy

KEYS = ("blkk_count", "trainees", "graduates", "placed", "open_vacancies", "open_positions")


def _within(qs: QuerySet, path: str, *, province: str | None, regency: str | None) -> QuerySet:
    if regency:
        qs = qs.filter(**{path: regency})
    if province:
        qs = qs.filter(**{f"{path}__province": province})
    return qs


def _rate(placed: int, graduates: int) -> float:
    return round(placed / graduates, 4) if graduates else 0.0


def area_regencies(
    user: Any, *, province: str | None = None, regency: str | None = None
) -> QuerySet[Regency]:
    """The regencies of the user's scope inside the optional filters."""
    qs = policies.regencies_in_scope(user)
    if regency:
        qs = qs.filter(code=regency)
    if province:
        qs = qs.filter(province=province)
    return qs


def live_regency_rows(
    *, user: Any, province: str | None = None, regency: str | None = None
) -> dict[str, dict[str, int]]:
    """Per regency code, the placement figures counted row by row from the live tables (the
    path of scopes that are not whole regencies, and the reference the summaries must equal).
    Six GROUP BY queries."""
    where = {"province": province, "regency": regency}
    rows: dict[str, dict[str, Any]] = defaultdict(lambda: dict.fromkeys(KEYS, 0))

    def collect(key: str, qs: QuerySet, path: str, value: Any) -> None:
        for code, n in _within(qs, path, **where).values_list(path).annotate(n=value).order_by():
            rows[code][key] = n or 0

    collect("blkk_count", policies.scope(user, Blkk), "regency", Count("id"))
    collect("trainees", policies.scope(user, Trainee), "blkk__regency", Count("id"))
    collect(
        "graduates",
        policies.scope(user, Enrolment).filter(status=Enrolment.Status.GRADUATED),
        "trainee__blkk__regency",
        Count("trainee", distinct=True),
    )
    collect(
        "placed",
        policies.scope(user, Application).filter(status=Application.Status.HIRED),
        "trainee__blkk__regency",
        Count("trainee", distinct=True),
    )
    open_vacancies = policies.scope(user, Vacancy).filter(status=Vacancy.Status.OPEN)
    collect("open_vacancies", open_vacancies, "regency", Count("id"))
    collect("open_positions", open_vacancies, "regency", Sum("headcount"))
    return dict(rows)


def placement_by_regency(
    *, user: Any, province: str | None = None, regency: str | None = None
) -> list[dict[str, Any]]:
    """One row per regency inside the user's scope (and the optional filters) that has any data.
    Whole-regency scopes (officials, admins) read the summary table: three queries."""
    if policies.counts_by_region(user):
        summaries.ensure_fresh()
        rows = summaries.regency_rows(area_regencies(user, province=province, regency=regency))
    else:
        rows = live_regency_rows(user=user, province=province, regency=regency)
    names = dict(Regency.objects.filter(code__in=rows).values_list("code", "name"))
    return [
        {
            "code": code,
            "name": names.get(code, code),
            **row,
            "placement_rate": _rate(row["placed"], row["graduates"]),
        }
        for code, row in sorted(rows.items())
    ]


def placement_by_province(by_regency: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``placement_by_regency`` rows added up per province (the national page). One query."""
    rows: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KEYS, 0))
    for row in by_regency:
        total = rows[row["code"][:2]]
        for key in KEYS:
            total[key] += row[key]
    names = dict(Province.objects.filter(code__in=rows).values_list("code", "name"))
    return [
        {
            "code": code,
            "name": names.get(code, code),
            **row,
            "placement_rate": _rate(row["placed"], row["graduates"]),
        }
        for code, row in sorted(rows.items())
    ]


def placement_summary(
    *, user: Any, province: str | None = None, regency: str | None = None
) -> dict[str, Any]:
    """Headline numbers inside the user's scope, with the per-regency breakdown."""
    by_regency = placement_by_regency(user=user, province=province, regency=regency)
    totals = {key: sum(row[key] for row in by_regency) for key in KEYS}
    totals["placement_rate"] = _rate(totals["placed"], totals["graduates"])
    return {**totals, "by_regency": by_regency}


def home_summary(*, user: Any) -> dict[str, Any] | None:
    if not getattr(user, "is_authenticated", False):
        return None
    summary = placement_summary(user=user)
    if policies.role_of(user) == policies.EMPLOYER:
        summary["applications"] = dict(
            policies.scope(user, Application).values_list("status").annotate(n=Count("id")).order_by()
        )
    summary["review_flags"] = policies.scope(user, Trainee).filter(Q(nik_review=True)).count()
    return summary


# --- Officials' dashboard pages -----------------------------------------------------------------
# Every aggregate below is scoped through ``policies.scope`` and answers in a fixed number of
# GROUP BY queries, however many regencies or BLKK the scope holds.

PROVINCE_CODE = re.compile(r"\d{2}", re.ASCII)
REGENCY_CODE = re.compile(r"\d{2}\.\d{2}", re.ASCII)
GRADUATED = Enrolment.Status.GRADUATED
HIRED = Application.Status.HIRED


@dataclass(frozen=True)
class Area:
    """The part of the user's scope a dashboard looks at (``None`` = the whole scope)."""

    province: Province | None = None
    regency: Regency | None = None

    @property
    def filters(self) -> dict[str, str | None]:
        return {
            "province": self.province.code if self.province else None,
            "regency": self.regency.code if self.regency else None,
        }


regencies_in_scope = policies.regencies_in_scope
is_national = policies.is_national


def provinces_in_scope(user: Any) -> QuerySet[Province]:
    """Provinces that overlap the user's scope (the scope regency's province for a regency official)."""
    return Province.objects.filter(code__in=regencies_in_scope(user).values("province"))


def resolve_area(*, user: Any, province: str | None = None, regency: str | None = None) -> Area:
    """The area named by the ``province`` / ``regency`` filters, inside the user's scope.

    A malformed, unknown or out-of-scope code is a 404, so a filter can never widen a scope nor
    probe what lies outside it. A regency outside the chosen province yields to the province (the
    user has just changed the province in the filter form).
    """
    area_province = area_regency = None
    if province:
        if not PROVINCE_CODE.fullmatch(province):
            raise Http404
        area_province = get_object_or_404(provinces_in_scope(user), code=province)
    if regency:
        if not REGENCY_CODE.fullmatch(regency):
            raise Http404
        area_regency = get_object_or_404(regencies_in_scope(user).select_related("province"), code=regency)
        if area_province and area_regency.province_id != area_province.code:
            area_regency = None
    return Area(province=area_province, regency=area_regency)


def regency_for(*, user: Any, code: str) -> Regency:
    """One regency inside the user's scope (404 otherwise)."""
    if not REGENCY_CODE.fullmatch(code):
        raise Http404
    return get_object_or_404(regencies_in_scope(user).select_related("province"), code=code)


def blkk_for(*, user: Any, pk: Any) -> Blkk:
    """One BLKK inside the user's scope (404 otherwise), with its region and vocations."""
    qs = Blkk.objects.select_related("regency__province").prefetch_related("vocations")
    return policies.get_for_user(user, qs, pk=pk)


def filter_choices(*, user: Any, area: Area) -> dict[str, list[tuple[str, str]]]:
    """Options of the province / regency filter: provinces for national users; the regencies of
    the scope province or of the chosen province. A regency official gets no options."""
    provinces: list[tuple[str, str]] = []
    if is_national(user):
        provinces = list(Province.objects.order_by("name").values_list("code", "name"))
    province = area.province.code if area.province else user.scope_province_id
    regencies: list[tuple[str, str]] = []
    if province and not getattr(user, "scope_regency_id", None):
        regencies = list(
            regencies_in_scope(user).filter(province=province).order_by("name").values_list("code", "name")
        )
    return {"provinces": provinces, "regencies": regencies}


def _month_starts(*, months: int, today: dt.date) -> list[dt.date]:
    first = today.replace(day=1)
    starts = []
    for _ in range(months):
        starts.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return starts[::-1]


def graduates_per_month(
    *,
    user: Any,
    province: str | None = None,
    regency: str | None = None,
    blkk: int | None = None,
    months: int = 24,
    today: dt.date | None = None,
) -> list[dict[str, Any]]:
    """New graduates per month for the last ``months`` months (oldest first, empty months as 0).

    Each graduate counts once, in the month of their first graduation, so the months add up to
    the graduates of the period and never double-count a trainee who finished two programmes.
    One query (from the monthly summary for whole-regency scopes, unless one BLKK is asked for).
    """
    starts = _month_starts(months=months, today=today or timezone.localdate())
    end = (starts[-1] + dt.timedelta(days=31)).replace(day=1)
    if blkk is None and policies.counts_by_region(user):
        summaries.ensure_fresh()
        counts = summaries.graduates_by_month(
            area_regencies(user, province=province, regency=regency), start=starts[0], end=end
        )
    else:
        counts = live_graduates_by_month(
            user=user, province=province, regency=regency, blkk=blkk, start=starts[0], end=end
        )
    return [{"month": start, "graduates": counts.get(start, 0)} for start in starts]


def live_graduates_by_month(
    *,
    user: Any,
    start: dt.date,
    end: dt.date,
    province: str | None = None,
    regency: str | None = None,
    blkk: int | None = None,
) -> dict[dt.date, int]:
    """First graduations per month in ``[start, end)``, counted from the live tables."""
    earlier = Enrolment.objects.filter(
        trainee=OuterRef("trainee"), status=GRADUATED, graduated_on__lt=OuterRef("graduated_on")
    )
    qs = _within(
        policies.scope(user, Enrolment).filter(
            status=GRADUATED, graduated_on__gte=start, graduated_on__lt=end
        ),
        "trainee__blkk__regency",
        province=province,
        regency=regency,
    ).filter(~Exists(earlier))
    if blkk is not None:
        qs = qs.filter(blkk=blkk)
    return dict(
        qs.annotate(month=TruncMonth("graduated_on"))
        .values_list("month")
        .annotate(n=Count("trainee", distinct=True))
        .order_by()
    )


def supply_demand_by_vocation(
    *, user: Any, province: str | None = None, regency: str | None = None
) -> list[dict[str, Any]]:
    """Per vocation: graduates (supply; those not yet placed apart) against open vacancies and
    their open positions (demand). Supply by the BLKK's region, demand by the work regency.
    Vocations with neither are left out."""
    if policies.counts_by_region(user):
        summaries.ensure_fresh()
        rows = summaries.supply_demand(area_regencies(user, province=province, regency=regency))
        rows = {vocation: row for vocation, row in rows.items() if any(row.values())}
    else:
        rows = live_supply_demand(user=user, province=province, regency=regency)
    vocations = Vocation.objects.filter(pk__in=rows).order_by("name")
    return [
        {"code": v.code, "name": v.name, "name_en": v.name_en, **rows[v.pk]}
        for v in vocations.only("code", "name", "name_en")
    ]


def live_supply_demand(
    *, user: Any, province: str | None = None, regency: str | None = None
) -> dict[int, dict[str, int]]:
    """Supply and demand per vocation id, counted from the live tables. Two queries."""
    hired = Application.objects.filter(trainee=OuterRef("trainee"), status=HIRED)
    supply = (
        _within(
            policies.scope(user, Enrolment).filter(status=GRADUATED),
            "trainee__blkk__regency",
            province=province,
            regency=regency,
        )
        .values_list("cohort__program__vocation")
        .annotate(
            graduates=Count("trainee", distinct=True),
            available=Count("trainee", distinct=True, filter=~Exists(hired)),
        )
        .order_by()
    )
    demand = (
        _within(
            policies.scope(user, Vacancy).filter(status=Vacancy.Status.OPEN),
            "regency",
            province=province,
            regency=regency,
        )
        .values_list("vocation")
        .annotate(vacancies=Count("id"), positions=Sum("headcount"))
        .order_by()
    )
    rows: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(summaries.SUPPLY_DEMAND, 0))
    for vocation, graduates, available in supply:
        rows[vocation].update(graduates=graduates, available=available)
    for vocation, vacancies, positions in demand:
        rows[vocation].update(open_vacancies=vacancies, open_positions=positions or 0)
    return dict(rows)


def _people_by(user: Any, group: str, **where: Any) -> dict[Any, dict[str, int]]:
    """Trainees, graduates and placed per ``group`` (a path from Trainee, e.g. ``blkk``), each a
    count of distinct trainees. ``where`` filters, also as paths from Trainee. Three queries."""
    on_trainee = {f"trainee__{key}": value for key, value in where.items()}
    counted = {
        "trainees": policies.scope(user, Trainee).filter(**where).values_list(group).annotate(n=Count("id")),
        "graduates": policies.scope(user, Enrolment)
        .filter(status=GRADUATED, **on_trainee)
        .values_list(f"trainee__{group}")
        .annotate(n=Count("trainee", distinct=True)),
        "placed": policies.scope(user, Application)
        .filter(status=HIRED, **on_trainee)
        .values_list(f"trainee__{group}")
        .annotate(n=Count("trainee", distinct=True)),
    }
    rows: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(counted, 0))
    for key, qs in counted.items():
        for value, n in qs.order_by():
            rows[value][key] = n
    return rows


def blkk_by_regency(*, user: Any, regency: str) -> list[dict[str, Any]]:
    """The BLKK of one regency (inside the user's scope) with trainees, graduates, placed and the
    placement rate; BLKK without trainees included. Four queries, however many BLKK."""
    blkks = (
        policies.scope(user, Blkk)
        .filter(regency=regency)
        .order_by("name", "id")
        .values("id", "name", "host_type", "verified", "active")
    )
    people = _people_by(user, "blkk", blkk__regency=regency)
    rows = []
    for blkk in blkks:
        counts = people.get(blkk["id"]) or dict.fromkeys(("trainees", "graduates", "placed"), 0)
        rows.append({**blkk, **counts, "placement_rate": _rate(counts["placed"], counts["graduates"])})
    return rows


def blkk_summary(*, user: Any, blkk: Blkk) -> dict[str, Any]:
    """Aggregates of one BLKK (no personal data): programmes, cohorts by status, trainees,
    graduates, placed and the placement rate."""
    people = _people_by(user, "blkk", blkk=blkk.pk).get(blkk.pk) or dict.fromkeys(
        ("trainees", "graduates", "placed"), 0
    )
    cohorts = dict(
        policies.scope(user, Cohort)
        .filter(program__blkk=blkk)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        "programs": policies.scope(user, Program).filter(blkk=blkk).count(),
        "cohorts": sum(cohorts.values()),
        "cohorts_running": cohorts.get(Cohort.Status.RUNNING, 0),
        **people,
        "placement_rate": _rate(people["placed"], people["graduates"]),
    }


def programs_of_blkk(*, user: Any, blkk: Blkk) -> list[dict[str, Any]]:
    """A BLKK's programmes with their cohorts, enrolments and graduates. One query."""
    return list(
        policies.scope(user, Program)
        .filter(blkk=blkk)
        .values("id", "title", "hours", "vocation__name", "vocation__name_en")
        .annotate(
            cohort_count=Count("cohorts", distinct=True),
            enrolment_count=Count("cohorts__enrolments", distinct=True),
            graduates=Count(
                "cohorts__enrolments__trainee",
                distinct=True,
                filter=Q(cohorts__enrolments__status=GRADUATED),
            ),
        )
        .order_by("title", "id")
    )
