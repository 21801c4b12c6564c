"""A data subject's rights under UU PDP (Law 27/2022): export of and erasure of their data.

Services only (no HTTP): the web pages (``privacy_views``) and the API (``privacy_api``) check
access with ``policies.can_see_personal_data`` and call these. Each call writes its AccessLog row
(``export`` / ``erase``) inside the same transaction.

Erasure anonymises rather than deletes: the trainee row, its enrolments and its non-proposed
applications stay, so the placement aggregates (trainees, graduates, placed) do not change; the
row keeps only gender, education, regency, relocation and the birth *year*.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from apps.accounts.models import AccessLog
from apps.accounts.services import access_log_record
from apps.matching.models import Match
from apps.trainees.exports import neutralise
from apps.trainees.models import Enrolment, Trainee
from apps.vacancies.models import Application

ERASED_NAME = "Dihapus"
ERASED_BIRTH_MONTH_DAY = (7, 1)  # 1 July: the birth year alone keeps age aggregates roughly right

PERSONAL_FIELDS = (
    "nik",
    "full_name",
    "gender",
    "birth_date",
    "education",
    "address",
    "relocate",
    "phone",
    "email",
    "nik_review",
    "created_at",
    "updated_at",
    "erased_at",
)
CONSENT_FIELDS = ("consent_share", "consent_share_at", "objects_to_matching", "objected_at")
APPLICATION_TIMES = (
    "created_at",
    "updated_at",
    "shortlisted_at",
    "interview_at",
    "offered_at",
    "hired_at",
    "rejected_at",
    "withdrawn_at",
)


def erased_nik(trainee_id: int) -> str:
    """A unique, non-identifying 16-character stand-in for an erased NIK (never 16 digits)."""
    return f"X{trainee_id:015d}"


def _iso(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- export ----------------------------------------------------------------------------------
def trainee_export_data(trainee: Trainee) -> dict[str, Any]:
    """Everything the portal holds about one trainee, JSON-ready (dates as ISO 8601 text)."""
    trainee = (
        Trainee.objects.select_related("blkk", "regency")
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.select_related("cohort__program")
                .prefetch_related("competencies")
                .order_by("cohort__start_date", "pk"),
            ),
            Prefetch(
                "applications",
                queryset=Application.objects.select_related("vacancy__employer").order_by("created_at", "pk"),
            ),
            Prefetch("matches", queryset=Match.objects.select_related("vacancy__employer").order_by("pk")),
            Prefetch("access_logs", queryset=AccessLog.objects.select_related("user").order_by("at", "pk")),
        )
        .get(pk=trainee.pk)
    )
    personal = {field: _iso(getattr(trainee, field)) for field in PERSONAL_FIELDS}
    personal.update(
        id=trainee.pk,
        blkk={"id": trainee.blkk_id, "name": trainee.blkk.name},
        regency={"code": trainee.regency_id, "name": trainee.regency.name},
    )
    return {
        "generated_at": _iso(timezone.now()),
        "trainee": personal,
        "consent": {field: _iso(getattr(trainee, field)) for field in CONSENT_FIELDS},
        "enrolments": [
            {
                "id": e.pk,
                "programme": e.cohort.program.title,
                "cohort": e.cohort.number,
                "cohort_start": _iso(e.cohort.start_date),
                "cohort_end": _iso(e.cohort.end_date),
                "status": e.status,
                "graduated_on": _iso(e.graduated_on),
                "certificate_number": e.certificate_number,
                "competencies": [{"code": u.code, "title": u.title} for u in e.competencies.all()],
            }
            for e in trainee.enrolments.all()
        ],
        "applications": [
            {
                "id": a.pk,
                "vacancy": a.vacancy.title,
                "employer": a.vacancy.employer.name,
                "status": a.status,
                "source": a.source,
                **{field: _iso(getattr(a, field)) for field in APPLICATION_TIMES},
            }
            for a in trainee.applications.all()
        ],
        "matches": [
            {
                "vacancy": m.vacancy.title,
                "employer": m.vacancy.employer.name,
                "score": m.score,
                "rank": m.rank,
                "proposed": m.proposed,
                "matched_units": m.matched,
                "missing_units": m.missing,
            }
            for m in trainee.matches.all()
        ],
        "access_log": [
            {
                "at": _iso(log.at),
                "user": log.user.get_username(),
                "role": log.user.role,
                "action": log.action,
                "ip_address": log.ip_address,
                "path": log.path,
            }
            for log in trainee.access_logs.all()
        ],
    }


@transaction.atomic
def trainee_export(trainee: Trainee, by: Any, *, request: Any = None) -> dict[str, Any]:
    """The data-subject export, logged as an ``export`` AccessLog row (included in the export)."""
    access_log_record(user=by, action=AccessLog.Action.EXPORT, trainee_ids=[trainee.pk], request=request)
    return trainee_export_data(trainee)


def _flat(value: Any) -> Any:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(_flat(v)) for v in value)
    return value


def _sheet(workbook: Workbook, title: str, rows: list[dict[str, Any]], bold: Font) -> None:
    sheet = workbook.create_sheet(title)
    headers = list(rows[0]) if rows else []
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = bold
    for row in rows:
        sheet.append([_text_cell(_flat(row[h])) for h in headers])


def _text_cell(value: Any) -> Any:
    """Text stays text (a NIK keeps its 16 digits); anything a spreadsheet would run is defused."""
    return neutralise(value) if isinstance(value, str) else value


def trainee_export_xlsx(data: dict[str, Any]) -> bytes:
    """The export as a workbook: one sheet of personal data, then one sheet per list."""
    workbook = Workbook()
    bold = Font(bold=True)
    first = workbook.active
    first.title = str(_("Personal data"))[:31]
    first.append([str(_("Field")), str(_("Value"))])
    for cell in first[1]:
        cell.font = bold
    for section in ("trainee", "consent"):
        for key, value in data[section].items():
            first.append([key, _text_cell(_flat(value))])
            first.cell(row=first.max_row, column=2).number_format = "@"
    first.append(["generated_at", data["generated_at"]])
    first.column_dimensions["A"].width = 22
    first.column_dimensions["B"].width = 40
    for key, title in (
        ("enrolments", _("Enrolments")),
        ("applications", _("Applications")),
        ("matches", _("Matches")),
        ("access_log", _("Access log")),
    ):
        _sheet(workbook, str(title)[:31], data[key], bold)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- erasure ---------------------------------------------------------------------------------
@transaction.atomic
def trainee_erase(trainee: Trainee, by: Any, *, request: Any = None) -> bool:
    """Anonymise a trainee on their request; ``True`` if erased now, ``False`` if already erased.

    Replaces the NIK by ``erased_nik(id)``, the name by "Dihapus", blanks phone, e-mail, address
    and certificate numbers, keeps only the birth year (1 July), withdraws consent and records an
    objection to matching, deletes their matches and still-``proposed`` applications, and writes
    an ``erase`` AccessLog row. ``QuerySet.update`` deliberately bypasses model validation: the
    placeholder NIK is not a valid NIK, by design. Aggregates (trainees, graduates, placed) are
    unchanged: the row, its enrolments and its other applications stay.
    """
    locked = Trainee.objects.select_for_update().filter(pk=trainee.pk).first()
    if locked is None or locked.erased_at is not None:
        return False
    now = timezone.now()
    birth_date = locked.birth_date.replace(month=ERASED_BIRTH_MONTH_DAY[0], day=ERASED_BIRTH_MONTH_DAY[1])
    changes: dict[str, Any] = {
        "nik": erased_nik(locked.pk),
        "full_name": ERASED_NAME,
        "phone": "",
        "email": "",
        "address": "",
        "birth_date": birth_date,
        "consent_share": False,
        "consent_share_at": now,
        "objects_to_matching": True,
        "objected_at": now,
        "nik_review": False,
        "erased_at": now,
        "updated_at": now,
    }
    Trainee.objects.filter(pk=locked.pk).update(**changes)
    Enrolment.objects.filter(trainee=locked.pk).exclude(certificate_number="").update(
        certificate_number="", updated_at=now
    )
    Match.objects.filter(trainee=locked.pk).delete()
    Application.objects.filter(trainee=locked.pk, status=Application.Status.PROPOSED).delete()
    access_log_record(user=by, action=AccessLog.Action.ERASE, trainee_ids=[locked.pk], request=request)
    for field, value in changes.items():  # the caller's instance shows the erased state
        setattr(trainee, field, value)
    return True
