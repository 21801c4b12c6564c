from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.services import model_update
from apps.employers.models import Employer
from apps.matching import services as matching
from apps.notifications import services as notifications
from apps.regions.models import MinimumWage
from apps.taxonomy.models import CompetencyUnit
from apps.trainees.models import Enrolment, Trainee
from apps.vacancies.models import Application, Vacancy

VACANCY_FIELDS = (
    "title",
    "description",
    "vocation",
    "competencies",
    "headcount",
    "min_education",
    "gender",
    "age_min",
    "age_max",
    "regency",
    "salary_min",
    "salary_max",
    "closes_on",
)

S = Application.Status
# The pipeline: each step moves forward one place; rejection and withdrawal end it from any open step.
NEXT_STEPS: dict[str, frozenset[str]] = {
    S.PROPOSED: frozenset({S.SHORTLISTED, S.REJECTED, S.WITHDRAWN}),
    S.SHORTLISTED: frozenset({S.INTERVIEW, S.REJECTED, S.WITHDRAWN}),
    S.INTERVIEW: frozenset({S.OFFERED, S.REJECTED, S.WITHDRAWN}),
    S.OFFERED: frozenset({S.HIRED, S.REJECTED, S.WITHDRAWN}),
    S.HIRED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
STEP_TIMESTAMP = {
    S.SHORTLISTED: "shortlisted_at",
    S.INTERVIEW: "interview_at",
    S.OFFERED: "offered_at",
    S.HIRED: "hired_at",
    S.REJECTED: "rejected_at",
    S.WITHDRAWN: "withdrawn_at",
}


def minimum_wage_for(vacancy: Vacancy) -> MinimumWage | None:
    """The latest UMK of the work regency up to the year the vacancy closes."""
    if not vacancy.regency_id:
        return None
    year = vacancy.closes_on.year if vacancy.closes_on else timezone.localdate().year
    return MinimumWage.objects.filter(regency_id=vacancy.regency_id, year__lte=year).order_by("-year").first()


def vacancy_warnings(vacancy: Vacancy) -> list[str]:
    """Non-blocking warnings: an offered salary below the UMK of the work regency."""
    umk = minimum_wage_for(vacancy)
    offered = vacancy.salary_min if vacancy.salary_min is not None else vacancy.salary_max
    if umk and offered is not None and offered < umk.amount:
        return [
            _("The salary offered is below the %(year)s minimum wage (UMK) of %(regency)s: Rp %(amount)s.")
            % {
                "year": umk.year,
                "regency": vacancy.regency.name,
                "amount": f"{umk.amount:,.0f}".replace(",", "."),
            }
        ]
    return []


MAX_REQUIRED_UNITS = 40


def _check_units(competencies: Iterable[CompetencyUnit] | None) -> None:
    if competencies is not None and len(list(competencies)) > MAX_REQUIRED_UNITS:
        raise ValidationError({"competencies": _("Require at most 40 competency units.")})


@transaction.atomic
def vacancy_create(
    *, employer: Employer, competencies: Iterable[CompetencyUnit] = (), publish: bool = False, **fields: Any
) -> tuple[Vacancy, list[str]]:
    vacancy = Vacancy(employer=employer, **{k: v for k, v in fields.items() if k in VACANCY_FIELDS})
    units = list(competencies)
    _check_units(units)
    vacancy.full_clean()
    vacancy.save()
    vacancy.competencies.set(units)
    if publish:
        vacancy_publish(vacancy=vacancy)
    return vacancy, vacancy_warnings(vacancy)


@transaction.atomic
def vacancy_update(*, vacancy: Vacancy, data: dict[str, Any]) -> tuple[Vacancy, list[str]]:
    if vacancy.status in (Vacancy.Status.CLOSED, Vacancy.Status.FILLED):
        raise ValidationError({"status": _("A closed or filled vacancy cannot be edited.")})
    _check_units(data.get("competencies"))
    vacancy, changed = model_update(instance=vacancy, data=data, fields=VACANCY_FIELDS)
    if changed and vacancy.status == Vacancy.Status.OPEN:
        matching.request_for_vacancy(vacancy)  # requirements changed: a fresh shortlist
    return vacancy, vacancy_warnings(vacancy)


@transaction.atomic
def vacancy_publish(*, vacancy: Vacancy) -> Vacancy:
    if vacancy.status != Vacancy.Status.DRAFT:
        raise ValidationError({"status": _("Only a draft vacancy can be published.")})
    if vacancy.closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The closing date has passed; choose a later one.")})
    vacancy.status = Vacancy.Status.OPEN
    vacancy.published_at = timezone.now()
    vacancy.save(update_fields=["status", "published_at", "updated_at"])
    matching.request_for_vacancy(vacancy)  # enqueued after commit
    return vacancy


@transaction.atomic
def vacancy_close(*, vacancy: Vacancy) -> Vacancy:
    if vacancy.status not in (Vacancy.Status.OPEN, Vacancy.Status.DRAFT):
        raise ValidationError({"status": _("The vacancy is already closed.")})
    was_open = vacancy.status == Vacancy.Status.OPEN
    vacancy.status = Vacancy.Status.CLOSED
    vacancy.save(update_fields=["status", "updated_at"])
    if was_open:
        matching.request_for_vacancy(vacancy)  # empties its shortlist, frees its proposals
    return vacancy


def vacancy_set_status(*, vacancy: Vacancy, status: str) -> Vacancy:
    """The employer's status moves: publish a draft, or close."""
    if status == Vacancy.Status.OPEN:
        return vacancy_publish(vacancy=vacancy)
    if status == Vacancy.Status.CLOSED:
        return vacancy_close(vacancy=vacancy)
    raise ValidationError({"status": _("A published vacancy cannot go back to draft.")})


def is_graduate(trainee: Trainee) -> bool:
    return trainee.enrolments.filter(status=Enrolment.Status.GRADUATED).exists()


@transaction.atomic
def application_open(*, vacancy: Vacancy, trainee: Trainee, source: str) -> Application:
    """Put a graduate into a vacancy's pipeline (a nomination or the employer's own pick)."""
    if vacancy.status != Vacancy.Status.OPEN:
        raise ValidationError({"vacancy": _("The vacancy is not open.")})
    if not is_graduate(trainee):
        raise ValidationError({"trainee": _("Only graduates can be put forward.")})
    if trainee.is_minor:
        raise ValidationError({"trainee": _("Trainees under 18 cannot be put forward to employers.")})
    if Application.objects.filter(vacancy=vacancy, trainee=trainee).exists():
        raise ValidationError({"trainee": _("This graduate is already in the vacancy's pipeline.")})
    try:
        with transaction.atomic():
            return Application.objects.create(
                vacancy=vacancy,
                trainee=trainee,
                employer_id=vacancy.employer_id,
                blkk_id=trainee.blkk_id,
                source=source,
            )
    except IntegrityError as exc:  # a concurrent request won the race
        raise ValidationError({"trainee": _("This graduate is already in the vacancy's pipeline.")}) from exc


@transaction.atomic
def application_transition(*, application: Application, to: str) -> Application:
    """Move one legal step along the pipeline; a hire fills the vacancy when headcount is reached."""
    application = Application.objects.select_for_update().select_related("vacancy").get(pk=application.pk)
    if to not in NEXT_STEPS.get(application.status, ()):
        raise ValidationError(
            {
                "to": ValidationError(
                    gettext_lazy("Cannot move from %(current)s to %(to)s."),
                    code="illegal_step",
                    params={
                        "current": S(application.status).label,
                        "to": S(to).label if to in S.values else to,
                    },
                )
            }
        )
    if to == S.HIRED:
        vacancy = Vacancy.objects.select_for_update().get(pk=application.vacancy_id)
        if vacancy.applications.filter(status=S.HIRED).count() >= vacancy.headcount:
            raise ValidationError({"to": _("All places of this vacancy are already filled.")})
    application.status = to
    stamp = STEP_TIMESTAMP[to]
    setattr(application, stamp, timezone.now())
    application.save(update_fields=["status", stamp, "updated_at"])
    notifications.notify_application_step(application.pk, to)  # BLKK staff, after commit
    if to == S.HIRED and vacancy.applications.filter(status=S.HIRED).count() >= vacancy.headcount:
        vacancy.status = Vacancy.Status.FILLED
        vacancy.save(update_fields=["status", "updated_at"])
    # Places held and the graduate's availability changed: refresh shortlists and the plan.
    matching.request_for_graduates([application.trainee_id])
    return application
