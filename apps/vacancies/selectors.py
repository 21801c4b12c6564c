from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.accounts import policies
from apps.matching.models import Match
from apps.trainees.models import Trainee
from apps.vacancies.models import Application, Vacancy


def public_vacancies() -> QuerySet[Vacancy]:
    """The public job board: open vacancies, no personal data."""
    return (
        Vacancy.objects.filter(status=Vacancy.Status.OPEN)
        .select_related("employer__industrial_park", "regency", "vocation")
        .order_by("closes_on", "id")
    )


def application_source_for(*, user: Any, vacancy: Vacancy, trainee: Trainee) -> str | None:
    """Who may open an application, and as what: a BLKK's nomination or an employer's own pick.

    BLKK staff nominate their own graduates; an employer may pick any candidate on its own
    vacancy's shortlist. Anything else is refused (``None``).
    """
    role = policies.role_of(user)
    if role == policies.STAFF and policies.can_nominate(user, trainee, vacancy):
        return Application.Source.NOMINATED
    if (
        role == policies.EMPLOYER
        and vacancy.employer_id == user.employer_id
        and Match.objects.filter(vacancy=vacancy, trainee=trainee).exists()
    ):
        return Application.Source.EMPLOYER
    if role == "admin":
        return Application.Source.NOMINATED
    return None
