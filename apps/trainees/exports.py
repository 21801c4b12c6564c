"""Spreadsheet export of a BLKK's trainees and enrolments (.xlsx and CSV), and the import template.

The columns are the import's (``imports.COLUMNS``), then the enrolment's. One row per enrolment
(a trainee without one gets one row). Text that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is neutralised with a leading apostrophe;
NIKs and phone numbers are written as text so Excel keeps every digit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from apps.registry.models import Blkk
from apps.trainees.imports import COLUMNS, HEADERS
from apps.trainees.models import Enrolment, Trainee

EXTRA_HEADERS = (
    "nama_kabupaten_kota",
    "program",
    "status",
    "tanggal_lulus",
    "unit_kompetensi",
    "nik_perlu_ditinjau",
)
EXPORT_HEADERS = HEADERS + EXTRA_HEADERS
TEXT_COLUMNS = frozenset({"nik", "no_hp"})
DATE_FORMAT = "DD-MM-YYYY"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"  # what Excel expects under Indonesian settings (the decimal separator is ",")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would execute (``=HYPERLINK(…)``, ``+62…``, ``@SUM``) becomes plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def yes_no(value: bool) -> str:
    return "ya" if value else "tidak"


def export_queryset(trainees: QuerySet[Trainee]) -> QuerySet[Trainee]:
    enrolments = Enrolment.objects.select_related("cohort__program").prefetch_related("competencies")
    return (
        trainees.select_related("regency")
        .prefetch_related(Prefetch("enrolments", queryset=enrolments.order_by("cohort__start_date", "pk")))
        .order_by("full_name", "pk")
    )


def export_rows(trainees: Iterable[Trainee]) -> Iterator[list[Any]]:
    """Rows in ``EXPORT_HEADERS`` order (dates as ``date``; neutralise when writing)."""
    for trainee in trainees:
        person = [
            trainee.nik,
            trainee.full_name,
            trainee.gender,
            trainee.birth_date,
            trainee.education,
            trainee.regency_id,
            trainee.address,
            trainee.phone,
            trainee.email,
            yes_no(trainee.relocate),
            yes_no(trainee.consent_share),
        ]
        review = yes_no(trainee.nik_review)
        enrolments = list(trainee.enrolments.all())
        if not enrolments:
            yield [*person, None, trainee.regency.name, "", "", None, "", review]
        for enrolment in enrolments:
            yield [
                *person,
                enrolment.cohort_id,
                trainee.regency.name,
                enrolment.cohort.program.title,
                enrolment.get_status_display(),
                enrolment.graduated_on,
                ", ".join(u.code for u in enrolment.competencies.all()),
                review,
            ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def iter_csv(rows: Iterable[list[Any]], headers: Iterable[str] = EXPORT_HEADERS) -> Iterator[str]:
    """CSV text chunks: UTF-8 BOM first (so Excel reads the accents), ``;``-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")

    def flush() -> str:
        chunk = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return chunk

    writer.writerow(list(headers))
    yield "\ufeff" + flush()
    for row in rows:
        writer.writerow([neutralise(_text(v)) for v in row])
        yield flush()


def write_xlsx(
    rows: Iterable[list[Any]], headers: Iterable[str] = EXPORT_HEADERS, title: str = "peserta"
) -> bytes:
    """An .xlsx workbook (streamed by openpyxl's write-only mode); NIK and phone as text cells."""

    headers = list(headers)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for column, header in enumerate(headers):
        sheet.column_dimensions[_letter(column)].width = 20 if header != "nik" else 19
    bold = Font(bold=True)
    sheet.append([_cell(sheet, h, font=bold) for h in headers])
    for row in rows:
        sheet.append([_cell(sheet, v, text=h in TEXT_COLUMNS) for h, v in zip(headers, row, strict=False)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _letter(index: int) -> str:
    return get_column_letter(index + 1)


def _cell(sheet: Any, value: Any, *, text: bool = False, font: Any = None) -> Any:
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if text:
        value = "" if value is None else str(value)
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    if text:
        cell.number_format = "@"  # Text: Excel shows all 16 digits and keeps a typed NIK as typed
    if font is not None:
        cell.font = font
    return cell


def template_xlsx(blkk: Blkk | None = None) -> bytes:
    """The import template: the column names, one example row, and a sheet of instructions."""

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "peserta"
    sheet.append(list(HEADERS))
    sheet.append([c.example for c in COLUMNS])
    for index, column in enumerate(COLUMNS):
        letter = _letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        sheet[f"{letter}1"].font = Font(bold=True)
        if column.header in TEXT_COLUMNS:
            for row in range(2, 1002):  # typed NIKs stay text in the first thousand rows
                sheet[f"{letter}{row}"].number_format = "@"
        if column.header == "tanggal_lahir":
            sheet[f"{letter}2"].number_format = DATE_FORMAT
    for cell in sheet[2]:
        cell.fill = PatternFill("solid", fgColor="FFF4E5")
    sheet.freeze_panes = "A2"

    help_sheet = workbook.create_sheet(_("instructions"))
    help_sheet.append([_("column"), _("required"), _("what to write")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        help_sheet.append([column.header, _("yes") if column.required else _("no"), str(column.description)])
    help_sheet.append([])
    help_sheet.append([_("Delete the example row (row 2) before importing; it is refused.")])
    help_sheet.append([_("Keep the first row (the column names) as it is. One trainee per row.")])
    if blkk is not None:
        help_sheet.append([])
        help_sheet.append([_("Cohorts of %(blkk)s (ID: programme, cohort)") % {"blkk": blkk.name}])
        cohorts = (
            blkk.programs.filter(cohorts__isnull=False)
            .values_list("cohorts__pk", "title", "cohorts__number", "cohorts__status")
            .order_by("title", "cohorts__number")
        )
        for pk, title, number, status in cohorts:
            if status != "finished":
                help_sheet.append([pk, f"{title}, {_('cohort')} {number}"])
    help_sheet.column_dimensions["A"].width = 22
    help_sheet.column_dimensions["C"].width = 90
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
