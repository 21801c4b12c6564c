from __future__ import annotations

from typing import Any

from django.db.models import F, FilteredRelation, Q, QuerySet
from django.utils import timezone

from apps.accounts import policies
from apps.matching.models import Match, MatchRun
from apps.trainees.models import adult_born_on_or_before
from apps.vacancies.models import Vacancy


def candidates_for(*, user: Any, vacancy: Vacancy) -> QuerySet[Match]:
    """A vacancy's ranked shortlist as this user may see it (employers: own vacancies; BLKK
    staff: their own graduates). Whoever withdrew consent, objected, was erased or is under 18
    drops off at once, even before the next run. Each row carries its candidate's application on
    this vacancy, if any, as ``application_id`` and ``application_status`` (``None`` without one),
    from the same query: at most one application per vacancy and trainee."""
    on_this_vacancy = FilteredRelation(
        "trainee__applications", condition=Q(trainee__applications__vacancy=vacancy.pk)
    )
    return (
        policies.shortlist_scope(user, vacancy)
        .filter(
            trainee__consent_share=True,
            trainee__objects_to_matching=False,
            trainee__erased_at__isnull=True,
            trainee__birth_date__lte=adult_born_on_or_before(timezone.localdate()),
        )
        .annotate(
            this_application=on_this_vacancy,
            application_id=F("this_application__id"),
            application_status=F("this_application__status"),
        )
        .select_related("trainee__blkk", "vacancy")
        .order_by("rank", "trainee_id")
    )


def latest_run_for(*, user: Any, vacancy: Vacancy) -> MatchRun | None:
    return policies.scope(user, MatchRun).filter(vacancy=vacancy).order_by("-created_at").first()
