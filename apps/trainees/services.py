from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.services import model_update
from apps.dashboards import summaries
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
    enrolment = Enrolment(trainee=trainee, cohort=cohort, blkk_id=trainee.blkk_id, status=status)
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


class BulkValidationError(ValidationError):
    """Row-level errors of a bulk registration: ``by_row`` maps a row index to its error."""

    def __init__(self, by_row: dict[int, ValidationError]) -> None:
        super().__init__([error for _i, error in sorted(by_row.items())])
        self.by_row = by_row


@transaction.atomic
def trainee_bulk_create(
    *, blkk: Blkk, rows: Sequence[Mapping[str, Any]], cohorts: Mapping[int, Cohort] | None = None
) -> list[Trainee]:
    """Register many trainees at once (spreadsheet import), all or nothing.

    The same rules as ``trainee_create`` and ``enrolment_create`` — field validation, NIK rules
    and review flag, consent time, unique NIK, the cohort's BLKK, status and capacity — checked
    in bulk (a handful of queries whatever the number of rows). Each row is a mapping of trainee
    fields (``regency`` a Regency) with an optional ``cohort_id``; ``cohorts`` maps those ids.
    Raises ``BulkValidationError`` naming every bad row; nothing is saved then.
    """
    cohorts = cohorts or {}
    now = timezone.now()
    errors: dict[int, ValidationError] = {}
    trainees: list[Trainee] = []
    for i, row in enumerate(rows):
        trainee = Trainee(blkk=blkk, **{k: v for k, v in row.items() if k in TRAINEE_FIELDS})
        trainee.nik = (trainee.nik or "").strip()
        trainee.consent_share = bool(row.get("consent_share"))
        trainee.consent_share_at = now if trainee.consent_share else None
        try:
            trainee.full_clean(exclude=["blkk", "regency"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors[i] = exc
        trainee.nik_review = bool(trainee.nik_warnings)
        trainees.append(trainee)
    duplicate = _("A trainee with this NIK is already registered.")
    counts = Counter(t.nik for t in trainees)
    taken = set(Trainee.objects.filter(nik__in=list(counts)).values_list("nik", flat=True))
    for i, trainee in enumerate(trainees):
        if i not in errors and (trainee.nik in taken or counts[trainee.nik] > 1):
            errors[i] = ValidationError({"nik": duplicate})
    wanted = Counter(row["cohort_id"] for row in rows if row.get("cohort_id"))
    used = Counter(
        dict(
            Enrolment.objects.filter(cohort_id__in=list(wanted))
            .exclude(status=Enrolment.Status.DROPPED)
            .values_list("cohort_id")
            .annotate(n=models.Count("id"))
            .order_by()
        )
    )
    for i, row in enumerate(rows):
        cohort_id = row.get("cohort_id")
        if not cohort_id or i in errors:
            continue
        cohort = cohorts.get(cohort_id)
        if cohort is None or cohort.program.blkk_id != blkk.pk:
            errors[i] = ValidationError({"cohort": _("The cohort belongs to another BLKK.")})
        elif cohort.status == Cohort.Status.FINISHED:
            errors[i] = ValidationError({"cohort": _("The cohort has finished; it takes no new trainees.")})
        elif used[cohort_id] + wanted[cohort_id] > cohort.capacity:
            errors[i] = ValidationError(
                {"cohort": _("The cohort is full (%(n)s places).") % {"n": cohort.capacity}}
            )
    if errors:
        raise BulkValidationError(errors)
    Trainee.objects.bulk_create(trainees, batch_size=1000)
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                trainee=trainee, cohort_id=row["cohort_id"], blkk=blkk, status=Enrolment.Status.REGISTERED
            )
            for trainee, row in zip(trainees, rows, strict=True)
            if row.get("cohort_id")
        ],
        batch_size=1000,
    )
    summaries.mark([blkk.regency_id])
    return trainees
