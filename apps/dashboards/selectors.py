"""Read-only aggregates: placement (keterserapan) by region, scoped by the policy module."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum

from apps.accounts import policies
from apps.registry.models import Blkk
from apps.trainees.models import Enrolment, Trainee
from apps.vacancies.models import Application, Vacancy


def placement_summary(*, user: Any) -> dict[str, Any]:
    """Headline numbers inside the user's scope (the official's region, a BLKK, an employer)."""
    trainees = policies.scope(user, Trainee)
    graduates = trainees.filter(enrolments__status=Enrolment.Status.GRADUATED).distinct()
    placed = (
        policies.scope(user, Application)
        .filter(status=Application.Status.HIRED)
        .values("trainee")
        .distinct()
        .count()
    )
    open_vacancies = policies.scope(user, Vacancy).filter(status=Vacancy.Status.OPEN)
    n_graduates = graduates.count()
    return {
        "blkk_count": policies.scope(user, Blkk).count(),
        "trainees": trainees.count(),
        "graduates": n_graduates,
        "placed": placed,
        "placement_rate": round(placed / n_graduates, 4) if n_graduates else 0.0,
        "open_vacancies": open_vacancies.count(),
        "open_positions": open_vacancies.aggregate(n=Sum("headcount"))["n"] or 0,
    }


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
