from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from apps.accounts import policies
from apps.matching.models import Match, MatchRun
from apps.trainees.models import adult_born_on_or_before
from apps.vacancies.models import Application, Vacancy


def candidates_for(*, user: Any, vacancy: Vacancy) -> QuerySet[Match]:
    """A vacancy's ranked shortlist as this user may see it (employers: own vacancies; BLKK
    staff: their own graduates). Whoever withdrew consent, objected, was erased or is under 18
    drops off at once, even before the next run."""
    # No ordering: at most one application per vacancy and trainee (the model's ordering would join).
    applications = Application.objects.filter(
        vacancy=OuterRef("vacancy"), trainee=OuterRef("trainee")
    ).order_by()
    return (
        policies.shortlist_scope(user, vacancy)
        .filter(
            trainee__consent_share=True,
            trainee__objects_to_matching=False,
            trainee__erased_at__isnull=True,
            trainee__birth_date__lte=adult_born_on_or_before(timezone.localdate()),
        )
        .select_related("trainee__blkk", "vacancy")
        .annotate(
            application_id=Subquery(applications.values("pk")[:1]),
            application_status=Subquery(applications.values("status")[:1]),
        )
        .order_by("rank", "trainee_id")
    )


def latest_run_for(*, user: Any, vacancy: Vacancy) -> MatchRun | None:
    return policies.scope(user, MatchRun).filter(vacancy=vacancy).order_by("-created_at").first()
