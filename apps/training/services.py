from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from apps.core.services import model_update
from apps.registry.models import Blkk
from apps.taxonomy.models import CompetencyUnit, Vocation
from apps.training.models import Cohort, Program

PROGRAM_FIELDS = ("vocation", "title", "hours", "default_capacity", "competencies")
COHORT_FIELDS = ("number", "start_date", "end_date", "capacity", "status")


def _check_units(vocation: Vocation, competencies: Iterable[CompetencyUnit]) -> list[CompetencyUnit]:
    units = list(competencies)
    foreign = [u.code for u in units if u.vocation_id != vocation.pk]
    if foreign:
        raise ValidationError(
            {
                "competencies": _("Units %(codes)s do not belong to the vocation %(vocation)s.")
                % {"codes": ", ".join(foreign), "vocation": vocation}
            }
        )
    return units


@transaction.atomic
def program_create(
    *,
    blkk: Blkk,
    vocation: Vocation,
    title: str,
    hours: int,
    competencies: Iterable[CompetencyUnit] = (),
    default_capacity: int = 16,
) -> Program:
    units = _check_units(vocation, competencies)
    program = Program(
        blkk=blkk, vocation=vocation, title=title, hours=hours, default_capacity=default_capacity
    )
    program.full_clean()
    program.save()
    program.competencies.set(units)
    return program


@transaction.atomic
def program_update(*, program: Program, data: dict[str, Any]) -> Program:
    if "competencies" in data:
        _check_units(data.get("vocation", program.vocation), data["competencies"])
    program, _changed = model_update(instance=program, data=data, fields=PROGRAM_FIELDS)
    return program


@transaction.atomic
def cohort_create(
    *,
    program: Program,
    start_date: dt.date,
    end_date: dt.date,
    number: int | None = None,
    capacity: int | None = None,
    status: str = Cohort.Status.PLANNED,
) -> Cohort:
    if number is None:
        number = (program.cohorts.aggregate(n=Max("number"))["n"] or 0) + 1
    cohort = Cohort(
        program=program,
        number=number,
        start_date=start_date,
        end_date=end_date,
        capacity=program.default_capacity if capacity is None else capacity,
        status=status,
    )
    cohort.full_clean()
    cohort.save()
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, data: dict[str, Any]) -> Cohort:
    cohort, _changed = model_update(instance=cohort, data=data, fields=COHORT_FIELDS)
    return cohort
