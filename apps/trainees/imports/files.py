"""Reading an uploaded .xlsx or .csv file into rows of cells."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from apps.trainees.imports.columns import (
    HEADERS,
    MAX_BYTES,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
    REQUIRED,
    header_key,
)


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def read_table(data: bytes, filename: str) -> list[tuple[int, list[Any]]]:
    """The first sheet (or the CSV) as (row number, cells), header row included, empty rows
    skipped. Raises ``ValidationError`` keyed ``file`` for a file that cannot be used."""
    if len(data) > MAX_BYTES:
        raise _file_error(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.endswith(".csv"):
        rows = _read_csv(data)
    else:
        raise _file_error(_("Upload an Excel workbook (.xlsx) or a CSV file."))
    table: list[tuple[int, list[Any]]] = []
    for number, cells in rows:
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        table.append((number, list(cells)))
        if len(table) > MAX_ROWS + 1:
            raise _file_error(
                _("The file has more than %(n)s rows. Split it into smaller files.") % {"n": f"{MAX_ROWS:,}"}
            )
    if not table:
        raise _file_error(_("The file is empty."))
    return table


def _read_xlsx(data: bytes) -> Iterator[tuple[int, Sequence[Any]]]:
    unreadable = _("The file could not be read as an Excel workbook (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise _file_error(_("The workbook is too large once unpacked."))
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise _file_error(unreadable) from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size; read every row there is
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise _file_error(unreadable) from exc
    finally:
        workbook.close()


def _read_csv(data: bytes) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM; others do not
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # Excel's plain "CSV" on Windows
        except UnicodeDecodeError as exc:
            raise _file_error(_("Save the CSV file as UTF-8 (Excel: “CSV UTF-8”).")) from exc
    if "\x00" in text:
        raise _file_error(_("The file is not a text CSV file."))
    header = text.split("\n", 1)[0]
    # Excel writes ";" where the decimal separator is "," (Indonesian settings) and "," elsewhere.
    delimiter = max((",", ";", "\t"), key=header.count)
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)
    except csv.Error as exc:
        raise _file_error(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc


def column_positions(header: list[Any]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = header_key(cell)
        if key in HEADERS:
            if key in positions:
                raise _file_error(_("The column “%(column)s” appears twice.") % {"column": key})
            positions[key] = index
    missing = [h for h in REQUIRED if h not in positions]
    if missing:
        raise _file_error(
            _("Columns missing from the first row: %(columns)s. Start from the template.")
            % {"columns": ", ".join(missing)}
        )
    return positions
