from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from apps.accounts import policies
from apps.matching.models import Match, MatchRun
from apps.trainees.models import adult_born_on_or_before
from apps.vacancies.models import Application, Vacancy


def candidates_for(*, user: Any, vacancy: Vacancy) -> QuerySet[Match]:
    """A vacancy's ranked shortlist as this user may see it (employers: own vacancies; BLKK
    staff: their own graduates). Whoever withdrew consent, objected, was erased or is under 18
    drops off at once, even before the next run. Rows read from it get their application (if any)
    from ``with_applications``."""
    return (
        policies.shortlist_scope(user, vacancy)
        .filter(
            trainee__consent_share=True,
            trainee__objects_to_matching=False,
            trainee__erased_at__isnull=True,
            trainee__birth_date__lte=adult_born_on_or_before(timezone.localdate()),
        )
        .select_related("trainee__blkk", "vacancy")
        .order_by("rank", "trainee_id")
    )


def with_applications(matches: list[Match], vacancy: Vacancy) -> list[Match]:
    """Set ``application_id`` and ``application_status`` (``None`` when there is none) on rows of
    ``vacancy``'s shortlist: one query for the page, at most one application per candidate."""
    found: dict[int, tuple[int, str]] = {}
    if matches:
        applications = Application.objects.filter(
            vacancy=vacancy, trainee__in=[match.trainee_id for match in matches]
        ).order_by()  # no ordering: the model's would join the vacancy
        found = {
            trainee: (pk, status)
            for trainee, pk, status in applications.values_list("trainee_id", "pk", "status")
        }
    for match in matches:
        match.application_id, match.application_status = found.get(match.trainee_id, (None, None))
    return matches


def latest_run_for(*, user: Any, vacancy: Vacancy) -> MatchRun | None:
    return policies.scope(user, MatchRun).filter(vacancy=vacancy).order_by("-created_at").first()
