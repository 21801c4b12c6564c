from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.services import model_update
from apps.matching import services as matching
from apps.registry.models import Blkk
from apps.taxonomy.models import CompetencyUnit
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort

TRAINEE_FIELDS = (
    "nik",
    "full_name",
    "gender",
    "birth_date",
    "education",
    "regency",
    "address",
    "relocate",
    "phone",
    "email",
)


@transaction.atomic
def trainee_create(
    *,
    blkk: Blkk,
    nik: str,
    full_name: str,
    gender: str,
    birth_date: dt.date,
    education: str,
    regency: Any,
    consent_share: bool = False,
    objects_to_matching: bool = False,
    **fields: Any,
) -> tuple[Trainee, list[str]]:
    """Register a trainee. Returns the trainee and the NIK warnings (accepted, flagged)."""
    trainee = Trainee(
        blkk=blkk,
        nik=(nik or "").strip(),
        full_name=full_name,
        gender=gender,
        birth_date=birth_date,
        education=education,
        regency=regency,
        **{k: v for k, v in fields.items() if k in TRAINEE_FIELDS},
    )
    now = timezone.now()
    trainee.consent_share, trainee.consent_share_at = consent_share, now if consent_share else None
    trainee.objects_to_matching, trainee.objected_at = (
        objects_to_matching,
        now if objects_to_matching else None,
    )
    trainee.full_clean()
    trainee.save()
    return trainee, trainee.nik_warnings


@transaction.atomic
def trainee_update(*, trainee: Trainee, data: dict[str, Any]) -> tuple[Trainee, list[str]]:
    # A NIK never changes (PP 40/2019); only a typo in a fresh record may be corrected.
    if (
        "nik" in data
        and data["nik"] != trainee.nik
        and trainee.enrolments.filter(status=Enrolment.Status.GRADUATED).exists()
    ):
        raise ValidationError({"nik": _("The NIK of a graduate cannot be changed.")})
    trainee, _changed = model_update(instance=trainee, data=data, fields=TRAINEE_FIELDS)
    return trainee, trainee.nik_warnings


@transaction.atomic
def trainee_set_consent(*, trainee: Trainee, consent: bool) -> Trainee:
    """Record or withdraw consent to share with employers, with its time (UU PDP)."""
    trainee.consent_share = consent
    trainee.consent_share_at = timezone.now()
    trainee.save(update_fields=["consent_share", "consent_share_at", "updated_at"])
    matching.request_for_graduates([trainee.pk])  # withdrawal takes them off every shortlist
    return trainee


@transaction.atomic
def trainee_set_objection(*, trainee: Trainee, objects: bool) -> Trainee:
    """Record a trainee's objection to automated matching (or its lifting)."""
    trainee.objects_to_matching = objects
    trainee.objected_at = timezone.now() if objects else None
    trainee.save(update_fields=["objects_to_matching", "objected_at", "updated_at"])
    matching.request_for_graduates([trainee.pk])
    return trainee


@transaction.atomic
def enrolment_create(
    *, trainee: Trainee, cohort: Cohort, status: str = Enrolment.Status.REGISTERED
) -> Enrolment:
    if trainee.blkk_id != cohort.program.blkk_id:
        raise ValidationError({"cohort": _("The cohort belongs to another BLKK.")})
    if cohort.status == Cohort.Status.FINISHED:
        raise ValidationError({"cohort": _("The cohort has finished; it takes no new trainees.")})
    taken = cohort.enrolments.exclude(status=Enrolment.Status.DROPPED).count()
    if taken >= cohort.capacity:
        raise ValidationError({"cohort": _("The cohort is full (%(n)s places).") % {"n": cohort.capacity}})
    if cohort.enrolments.filter(trainee=trainee).exists():
        raise ValidationError({"trainee": _("The trainee is already enrolled in this cohort.")})
    enrolment = Enrolment(trainee=trainee, cohort=cohort, status=status)
    enrolment.full_clean()
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_set_status(*, enrolment: Enrolment, status: str) -> Enrolment:
    if status == Enrolment.Status.GRADUATED:
        raise ValidationError({"status": _("Use graduation to record a graduate and their units.")})
    enrolment.status = status
    enrolment.graduated_on = None
    enrolment.full_clean()
    enrolment.save(update_fields=["status", "graduated_on", "updated_at"])
    enrolment.competencies.clear()
    return enrolment


@transaction.atomic
def enrolment_graduate(
    *,
    enrolment: Enrolment,
    graduated_on: dt.date,
    competencies: Iterable[CompetencyUnit] | None = None,
    certificate_number: str = "",
    rematch: bool = True,
) -> Enrolment:
    """Graduate one enrolment. Units default to the programme's; others are refused."""
    program = enrolment.cohort.program
    program_units = {u.pk: u for u in program.competencies.all()}
    units = list(program_units.values()) if competencies is None else list(competencies)
    foreign = [u.code for u in units if u.pk not in program_units]
    if foreign:
        raise ValidationError(
            {
                "competencies": _("Units %(codes)s are not taught by this programme.")
                % {"codes": ", ".join(foreign)}
            }
        )
    if enrolment.status == Enrolment.Status.DROPPED:
        raise ValidationError({"status": _("A dropped-out trainee cannot graduate.")})
    enrolment.status = Enrolment.Status.GRADUATED
    enrolment.graduated_on = graduated_on
    if certificate_number:
        enrolment.certificate_number = certificate_number
    enrolment.full_clean()
    enrolment.save(update_fields=["status", "graduated_on", "certificate_number", "updated_at"])
    enrolment.competencies.set(units)
    if rematch:
        matching.request_for_graduates([enrolment.trainee_id])
    return enrolment


@transaction.atomic
def cohort_graduate(
    *,
    cohort: Cohort,
    graduated_on: dt.date,
    competencies_by_enrolment: dict[int, Iterable[CompetencyUnit]] | None = None,
    dropped: Iterable[int] = (),
) -> list[Enrolment]:
    """Graduate a whole cohort at once: everyone not dropped graduates; the cohort finishes."""
    dropped_ids = set(dropped)
    graduates = []
    for enrolment in cohort.enrolments.select_related("cohort__program").exclude(
        status=Enrolment.Status.DROPPED
    ):
        if enrolment.pk in dropped_ids:
            enrolment_set_status(enrolment=enrolment, status=Enrolment.Status.DROPPED)
            continue
        units = (competencies_by_enrolment or {}).get(enrolment.pk)
        graduates.append(
            enrolment_graduate(enrolment=enrolment, graduated_on=graduated_on, competencies=units)
        )
    cohort.status = Cohort.Status.FINISHED
    cohort.save(update_fields=["status", "updated_at"])
    return graduates
