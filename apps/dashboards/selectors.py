"""Read-only aggregates: placement (keterserapan) by region, scoped by the policy module."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from apps.accounts import policies
from apps.regions.models import Regency
from apps.registry.models import Blkk
from apps.trainees.models import Enrolment, Trainee
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


def placement_by_regency(
    *, user: Any, province: str | None = None, regency: str | None = None
) -> list[dict[str, Any]]:
    """One row per regency inside the user's scope (and the optional filters) that has any data."""
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
