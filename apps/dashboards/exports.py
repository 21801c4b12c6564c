"""The dashboards' tables: built once from the selectors, shown on the pages and exported.

A page renders a ``Table`` and its CSV / xlsx export writes the very same ``Table``, so the
numbers cannot drift apart. Exported text cells that a spreadsheet would run as a formula (they
start with ``= + - @``, a tab or a carriage return) are neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404, HttpResponse
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from apps.dashboards import selectors
from apps.registry.models import Blkk

Kind = Literal["text", "int", "pct", "month", "bool"]
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
SHEET_TITLE_UNSAFE = re.compile(r"[\[\]:*?/\\']")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    kind: Kind = "int"
    link: Callable[[dict[str, Any]], str] | None = None  # pages only


@dataclass
class Table:
    slug: str  # the export's name in URLs and file names
    title: str | Promise
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]
    params: dict[str, str] = field(default_factory=dict)  # query string of its export links

    @property
    def query(self) -> str:
        return urlencode(self.params)

    def cells(self) -> list[list[dict[str, Any]]]:
        """Rows as cells for the page: the text shown, its CSS class, the column label (stacked
        layout on phones) and a link. Formatted here once rather than by template filters per cell:
        a national page has hundreds of cells."""
        columns = [(c, str(c.label), CELL_CLASS[c.kind], SHOW[c.kind]) for c in self.columns]
        return [
            [
                {
                    "text": show(row[c.key]),
                    "css": css,
                    "label": label,
                    "url": c.link(row) if c.link else "",
                }
                for c, label, css, show in columns
            ]
            for row in self.rows
        ]

    def export_rows(self) -> Iterable[list[Any]]:
        """Header, then one list of plain values per row, as written to CSV and xlsx."""
        yield [neutralise(str(c.label)) for c in self.columns]
        for row in self.rows:
            yield [export_value(c.kind, row[c.key]) for c in self.columns]


# --- values ---------------------------------------------------------------------------------
CELL_CLASS = {"int": "n", "pct": "n", "text": "t", "month": "", "bool": ""}
SHOW: dict[str, Callable[[Any], str]] = {
    "int": intcomma,
    "pct": lambda value: f"{floatformat(value, '1g')}\xa0%",
    "month": lambda value: date_format(value, "F Y"),
    "bool": lambda value: gettext("yes") if value else gettext("no"),
    "text": str,
}


def percent(rate: float) -> float:
    """A placement rate (0–1) as the percentage the pages show and the exports write."""
    return round(rate * 100, 1)


def neutralise(text: str) -> str:
    """Text a spreadsheet must not run as a formula; characters xlsx cannot hold are dropped."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def export_value(kind: Kind, value: Any) -> Any:
    if kind == "int":
        return int(value)
    if kind == "pct":
        return float(value)
    if kind == "month":
        return f"{value:%Y-%m}"
    if kind == "bool":
        return neutralise(str(_("yes") if value else _("no")))
    return neutralise(str(value))


def _vocation_name(row: dict[str, Any], prefix: str = "") -> str:
    english = row.get(f"{prefix}name_en")
    return english if english and (get_language() or "").startswith("en") else row[f"{prefix}name"]


def _with_percent(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "placement_pct": percent(row["placement_rate"])} for row in rows]


# --- the tables -----------------------------------------------------------------------------
PEOPLE_COLUMNS = (
    Column("trainees", _("Trainees")),
    Column("graduates", _("Graduates")),
    Column("placed", _("Placed")),
    Column("placement_pct", _("Placement rate (%)"), "pct"),
)


def _placement_table(
    slug: str,
    title: Any,
    place: Any,
    link: Callable[[dict[str, Any]], str],
    rows: list[dict[str, Any]],
    params: dict[str, str],
) -> Table:
    """One row per place (province or regency) with the KPI columns, the name linking down."""
    return Table(
        slug=slug,
        title=title,
        columns=(
            Column("code", _("Code"), "text"),
            Column("name", place, "text", link=link),
            Column("blkk_count", _("BLKK")),
            *PEOPLE_COLUMNS,
            Column("open_vacancies", _("Open vacancies")),
            Column("open_positions", _("Open positions")),
        ),
        rows=_with_percent(rows),
        params=params,
    )


def regency_table(rows: list[dict[str, Any]], *, params: dict[str, str]) -> Table:
    """``placement_by_regency`` rows: one per regency, each a link to its BLKK."""
    link = lambda row: reverse("dashboards:regency", args=[row["code"]])  # noqa: E731
    return _placement_table(
        "kabupaten-kota", _("Regencies and cities"), _("Regency/city"), link, rows, params
    )


def province_table(rows: list[dict[str, Any]]) -> Table:
    """``placement_by_province`` rows: the national page's table, each province a link to its page."""
    index = reverse("dashboards:index")
    link = lambda row: f"{index}?{urlencode({'province': row['code']})}"  # noqa: E731
    return _placement_table("provinsi", _("Provinces"), _("Province"), link, rows, {})


def blkk_table(rows: list[dict[str, Any]], *, regency: str) -> Table:
    """``blkk_by_regency`` rows: the BLKK of one regency."""
    hosts = dict(Blkk.HostType.choices)
    return Table(
        slug="blkk",
        title=_("BLKK"),
        columns=(
            Column("name", _("BLKK"), "text", link=lambda row: reverse("dashboards:blkk", args=[row["id"]])),
            Column("host", _("Host organisation type"), "text"),
            Column("verified", _("Verified"), "bool"),
            *PEOPLE_COLUMNS,
        ),
        rows=[{**row, "host": hosts.get(row["host_type"], row["host_type"])} for row in _with_percent(rows)],
        params={"regency": regency},
    )


def month_table(rows: list[dict[str, Any]], *, params: dict[str, str]) -> Table:
    """``graduates_per_month`` rows."""
    return Table(
        slug="lulusan-per-bulan",
        title=_("Graduates per month"),
        columns=(Column("month", _("Month"), "month"), Column("graduates", _("New graduates"))),
        rows=rows,
        params=params,
    )


def vocation_table(rows: list[dict[str, Any]], *, params: dict[str, str]) -> Table:
    """``supply_demand_by_vocation`` rows."""
    return Table(
        slug="kejuruan",
        title=_("Supply and demand per vocation"),
        columns=(
            Column("vocation", _("Vocation"), "text"),
            Column("graduates", _("Graduates (supply)")),
            Column("available", _("Graduates not yet placed")),
            Column("open_vacancies", _("Open vacancies")),
            Column("open_positions", _("Open positions (demand)")),
        ),
        rows=sorted(({**row, "vocation": _vocation_name(row)} for row in rows), key=lambda r: r["vocation"]),
        params=params,
    )


def program_table(rows: list[dict[str, Any]], *, blkk: Blkk) -> Table:
    """``programs_of_blkk`` rows."""
    return Table(
        slug="program",
        title=_("Programmes"),
        columns=(
            Column("title", _("Programme"), "text"),
            Column("vocation", _("Vocation"), "text"),
            Column("hours", _("Hours (JP)")),
            Column("cohort_count", _("Cohorts")),
            Column("enrolment_count", _("Enrolments")),
            Column("graduates", _("Graduates")),
        ),
        rows=[{**row, "vocation": _vocation_name(row, "vocation__")} for row in rows],
        params={"blkk": str(blkk.pk)},
    )


def area_params(area: selectors.Area) -> dict[str, str]:
    return {key: value for key, value in area.filters.items() if value}


# --- the exports ----------------------------------------------------------------------------
def build(slug: str, *, user: Any, params: Any) -> Table:
    """The table ``slug`` for the export URL's query ``params``, scoped exactly as its page."""
    if slug == "blkk":  # the regency page's table
        regency = selectors.regency_for(user=user, code=params.get("regency") or "")
        return blkk_table(selectors.blkk_by_regency(user=user, regency=regency.code), regency=regency.code)
    if slug == "program" or params.get("blkk"):  # the BLKK page's tables
        blkk = selectors.blkk_for(user=user, pk=params.get("blkk"))
        if slug == "program":
            return program_table(selectors.programs_of_blkk(user=user, blkk=blkk), blkk=blkk)
        if slug == "lulusan-per-bulan":
            rows = selectors.graduates_per_month(user=user, blkk=blkk.pk)
            return month_table(rows, params={"blkk": str(blkk.pk)})
        raise Http404
    area = selectors.resolve_area(user=user, province=params.get("province"), regency=params.get("regency"))
    filters, query = area.filters, area_params(area)
    if slug == "kabupaten-kota":
        return regency_table(selectors.placement_by_regency(user=user, **filters), params=query)
    if slug == "provinsi" and not query and selectors.is_national(user):
        return province_table(selectors.placement_by_province(selectors.placement_by_regency(user=user)))
    if slug == "lulusan-per-bulan":
        return month_table(selectors.graduates_per_month(user=user, **filters), params=query)
    if slug == "kejuruan":
        return vocation_table(selectors.supply_demand_by_vocation(user=user, **filters), params=query)
    raise Http404


def filename(table: Table, fmt: str) -> str:
    suffix = "-".join(slugify(value) for value in table.params.values())
    stamp = f"{timezone.localdate():%Y%m%d}"
    return "-".join(part for part in ("dasbor", table.slug, suffix, stamp) if part) + f".{fmt}"


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark (spreadsheets then read it as UTF-8), comma-separated."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(table.export_rows())
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE_UNSAFE.sub("", str(table.title))[:31] or table.slug
    for row in table.export_rows():
        sheet.append(row)
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        width = max([len(str(column.label))] + [len(str(c.value or "")) for c in sheet[letter][1:]])
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
        number_format = {"int": "#,##0", "pct": "0.0"}.get(column.kind)
        if number_format:
            for cell in sheet[letter][1:]:
                cell.number_format = number_format
        for cell in sheet[letter]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def response(table: Table, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    body, content_type = (
        (to_csv(table), "text/csv; charset=utf-8") if fmt == "csv" else (to_xlsx(table), XLSX_TYPE)
    )
    reply = HttpResponse(body, content_type=content_type)
    reply["Content-Disposition"] = f'attachment; filename="{filename(table, fmt)}"'
    reply["Cache-Control"] = "private, no-store"
    return reply
