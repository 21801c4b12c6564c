"""Check a spreadsheet (nothing saved) and commit its rows (all or nothing)."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from apps.core.validators import nik_discrepancies
from apps.regions.models import Regency
from apps.registry.models import Blkk
from apps.trainees import services
from apps.trainees.imports.cells import (
    CellError,
    CohortLookup,
    RegencyLookup,
    date_cell,
    education_cell,
    gender_cell,
    nik_cell,
    phone_cell,
    text_cell,
    yes_no_cell,
)
from apps.trainees.imports.columns import COLUMNS, EXAMPLE_NIK, HEADER_OF, HEADERS
from apps.trainees.imports.files import column_positions, read_table
from apps.trainees.models import Trainee
from apps.training.models import Cohort


# --- results ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowError:
    """One problem of one row: the spreadsheet row number (header = 1), the column, the message."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class TraineeRow:
    """A checked row, ready for ``trainees.services.trainee_create`` (and enrolment)."""

    row: int
    nik: str
    full_name: str
    gender: str
    birth_date: dt.date
    education: str
    regency_code: str
    address: str = ""
    phone: str = ""
    email: str = ""
    relocate: bool = False
    consent_share: bool = False
    cohort_id: int | None = None


@dataclass
class ImportCheck:
    rows: list[TraineeRow]  # the good rows
    errors: list[RowError]  # every problem of the bad rows
    warnings: list[RowError]  # NIK date/gender disagreements: saved and flagged
    total: int  # data rows in the file (empty rows skipped)
    cohorts: dict[int, int] = field(default_factory=dict)  # cohort id -> trainees to enrol
    seconds: float = 0.0

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


@dataclass
class ImportResult:
    created: int = 0
    enrolled: int = 0
    warnings: int = 0
    errors: list[RowError] = field(default_factory=list)


# --- step 1: check ---------------------------------------------------------------------------
def _messages(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}


def _column_of(field_name: str) -> str:
    return HEADER_OF.get(field_name, "" if field_name == NON_FIELD_ERRORS else field_name)


def existing_niks(niks: Iterable[str], chunk: int = 2000) -> set[str]:
    """The NIKs already registered (a query per 2,000 NIKs, not per row)."""
    niks = list(niks)
    found: set[str] = set()
    for start in range(0, len(niks), chunk):
        found.update(
            Trainee.objects.filter(nik__in=niks[start : start + chunk]).values_list("nik", flat=True)
        )
    return found


def import_check(*, blkk: Blkk, data: bytes, filename: str) -> ImportCheck:
    """Read and validate a spreadsheet of trainees for ``blkk`` without saving anything.

    Every problem of every row is reported (rows are numbered as the spreadsheet shows them);
    the database is asked three times in all, however long the file."""
    started = time.monotonic()
    table = read_table(data, filename)
    (_header_row, header), body = table[0], table[1:]
    positions = column_positions(header)
    regencies = RegencyLookup()
    cohorts = CohortLookup(blkk)
    readers: dict[str, Callable[[Any], Any]] = {
        "nik": nik_cell,
        "full_name": text_cell,
        "gender": gender_cell,
        "birth_date": date_cell,
        "education": education_cell,
        "regency": regencies.find,
        "address": text_cell,
        "phone": phone_cell,
        "email": text_cell,
        "relocate": yes_no_cell,
        "consent_share": yes_no_cell,
        "cohort": cohorts.find,
    }
    parsed: list[tuple[int, dict[str, Any]]] = []
    errors: list[RowError] = []
    for number, cells in body:
        values: dict[str, Any] = {}
        row_errors: list[RowError] = []
        for column in COLUMNS:
            if column.header not in positions:
                continue
            index = positions[column.header]
            raw = cells[index] if index < len(cells) else None
            if column.required and text_cell(raw) == "":
                row_errors.append(RowError(number, column.header, _("This cell is required.")))
                continue
            try:
                values[column.field] = readers[column.field](raw)
            except CellError as exc:
                row_errors.append(RowError(number, column.header, str(exc)))
        row_errors += _validate(number, values)
        if values.get("nik") == EXAMPLE_NIK:
            row_errors.append(RowError(number, "nik", _("This is the template's example row: delete it.")))
        if row_errors:
            errors += row_errors
        else:
            parsed.append((number, values))

    rows = _unique(parsed, errors)
    registered = existing_niks(r.nik for r in rows)
    duplicate = str(Trainee._meta.get_field("nik").error_messages["unique"])
    errors += [RowError(r.row, "nik", duplicate) for r in rows if r.nik in registered]
    rows = [r for r in rows if r.nik not in registered]
    for row in rows:
        if row.cohort_id:
            try:
                cohorts.take(row.cohort_id)
            except CellError as exc:
                errors.append(RowError(row.row, "angkatan", str(exc)))
    bad = {e.row for e in errors}
    rows = [r for r in rows if r.row not in bad]
    warnings = [
        RowError(r.row, "nik", message)
        for r in rows
        for message in nik_discrepancies(r.nik, birth_date=r.birth_date, gender=r.gender)
    ]
    order = {header: i for i, header in enumerate(HEADERS)}
    errors.sort(key=lambda e: (e.row, order.get(e.column, len(order))))
    return ImportCheck(
        rows=rows,
        errors=errors,
        warnings=warnings,
        total=len(body),
        cohorts=dict(Counter(r.cohort_id for r in rows if r.cohort_id)),
        seconds=round(time.monotonic() - started, 2),
    )


def _validate(number: int, values: dict[str, Any]) -> list[RowError]:
    """The trainee model's own field rules and ``clean()`` — without touching the database."""
    trainee = Trainee(**{k: v for k, v in values.items() if k not in ("regency", "cohort")})
    errors: dict[str, list[str]] = {}
    try:
        trainee.clean_fields(
            exclude={"blkk", "regency", *(c.field for c in COLUMNS if c.field not in values)}
        )
    except ValidationError as exc:
        errors.update(_messages(exc))
    if "birth_date" in values and "birth_date" not in errors:
        try:
            trainee.clean()
        except ValidationError as exc:
            errors.update(_messages(exc))
    return [
        RowError(number, _column_of(name), message)
        for name, messages in errors.items()
        for message in messages
    ]


def _unique(parsed: list[tuple[int, dict[str, Any]]], errors: list[RowError]) -> list[TraineeRow]:
    """The parsed rows as ``TraineeRow``; a NIK repeated within the file is an error of the later row."""
    first_row: dict[str, int] = {}
    rows: list[TraineeRow] = []
    for number, values in parsed:
        nik = values["nik"]
        if nik in first_row:
            message = _("The same NIK is already in row %(row)s of this file.") % {"row": first_row[nik]}
            errors.append(RowError(number, "nik", message))
            continue
        first_row[nik] = number
        rows.append(
            TraineeRow(
                row=number,
                nik=nik,
                full_name=values["full_name"],
                gender=values["gender"],
                birth_date=values["birth_date"],
                education=values["education"],
                regency_code=values["regency"],
                address=values.get("address", ""),
                phone=values.get("phone", ""),
                email=values.get("email", ""),
                relocate=values.get("relocate", False),
                consent_share=values.get("consent_share", False),
                cohort_id=values.get("cohort"),
            )
        )
    return rows


# --- step 2: commit --------------------------------------------------------------------------
def import_commit(
    *,
    blkk: Blkk,
    rows: Sequence[TraineeRow],
    progress: Callable[[int], None] | None = None,
    every: int = 200,
) -> ImportResult:
    """Register every row (and its enrolment) through the services, in one transaction.

    All or nothing: when any row fails, the errors are returned and nothing is saved."""
    regencies = {r.code: r for r in Regency.objects.filter(code__in={row.regency_code for row in rows})}
    cohorts = {
        c.pk: c
        for c in Cohort.objects.filter(
            program__blkk=blkk, pk__in={r.cohort_id for r in rows if r.cohort_id}
        ).select_related("program")
    }
    result = ImportResult()
    payload = [
        {
            "nik": row.nik,
            "full_name": row.full_name,
            "gender": row.gender,
            "birth_date": row.birth_date,
            "education": row.education,
            "regency": regencies.get(row.regency_code),
            "address": row.address,
            "phone": row.phone,
            "email": row.email,
            "relocate": row.relocate,
            "consent_share": row.consent_share,
            "cohort_id": row.cohort_id,
        }
        for row in rows
    ]
    try:
        created = services.trainee_bulk_create(blkk=blkk, rows=payload, cohorts=cohorts)
    except services.BulkValidationError as exc:
        result.errors = [
            RowError(rows[i].row, _column_of("cohort" if name == "trainee" else name), message)
            for i, error in sorted(exc.by_row.items())
            for name, messages in _messages(error).items()
            for message in messages
        ]
    except IntegrityError:  # a race the checks could not see (say, the same NIK just now)
        result.errors = [RowError(0, "nik", str(Trainee._meta.get_field("nik").error_messages["unique"]))]
    else:
        result.created = len(created)
        result.enrolled = sum(1 for row in rows if row.cohort_id)
        result.warnings = sum(1 for trainee in created if trainee.nik_review)
    if progress:
        progress(len(rows))
    return result
