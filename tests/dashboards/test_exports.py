"""CSV and xlsx exports of every dashboard table: the page's numbers, formula cells neutralised."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.dashboards.exports import neutralise
from tests import factories as f
from tests.dashboards.conftest import csv_rows, html_table, xlsx_cells, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages_computed_every_time(monkeypatch):
    """These tests read each page's context, which only a computed (not a cached) page has; the
    cache itself is tested in test_answers.py."""
    from apps.dashboards import answers

    monkeypatch.setattr(answers, "remember", lambda kind, user, parts, compute: compute())


INDEX = reverse("dashboards:index")


def export(table: str, fmt: str, query: str = "") -> str:
    return reverse("dashboards:export", args=[table, fmt]) + (f"?{query}" if query else "")


def as_indonesian(value: str, kind: str) -> str:
    """An exported value (CSV text) written the way the Indonesian page shows it."""
    if kind == "int":
        return f"{int(value):,}".replace(",", ".")
    if kind == "pct":
        return f"{float(value):.1f}".replace(".", ",") + " %"
    return value


def page_rows(response, table_id: str) -> list[list[str]]:
    return [[cell.replace("\xa0", " ") for cell in row] for row in html_table(response, table_id)]


# Each table of each page: (page URL, table id in the page, the table's context key, export query).
def tables(world) -> list[tuple[str, str, str, str]]:
    blkk = world["blkk:a"].pk
    regency = reverse("dashboards:regency", args=["33.25"])
    blkk_page = reverse("dashboards:blkk", args=[blkk])
    return [
        (INDEX, "table-provinces", "provinces", ""),
        (INDEX, "table-vocations", "vocations", ""),
        (INDEX, "table-months", "months", ""),
        (f"{INDEX}?regency=33.25", "table-vocations", "vocations", "regency=33.25"),
        (f"{INDEX}?province=33", "table-regencies", "regencies", "province=33"),
        (regency, "table-blkk", "blkk_table", "regency=33.25"),
        (blkk_page, "table-programs", "programs", f"blkk={blkk}"),
        (blkk_page, "table-months", "months", f"blkk={blkk}"),
    ]


def test_every_table_on_the_pages_links_its_csv_and_xlsx_export(client, olivia, world):
    client.force_login(olivia)
    for url, _table_id, key, query in tables(world):
        response = client.get(url)
        table = response.context[key]
        assert table.query == query, (url, key)
        page = response.content.decode()
        for fmt in ("csv", "xlsx"):
            assert export(table.slug, fmt, query).replace("&", "&amp;") in page, (url, key, fmt)


def test_csv_exports_hold_the_numbers_the_pages_show(client, olivia, world):
    client.force_login(olivia)
    for url, table_id, key, query in tables(world):
        response = client.get(url)
        table = response.context[key]
        exported = csv_rows(client.get(export(table.slug, "csv", query)))
        assert exported[0] == [str(column.label) for column in table.columns]
        shown = page_rows(response, table_id)
        assert len(exported) - 1 == len(shown) == len(table.rows), (url, key)
        for csv_row, page_row in zip(exported[1:], shown, strict=True):
            for column, value, seen in zip(table.columns, csv_row, page_row, strict=True):
                if column.kind != "month":
                    assert as_indonesian(value, column.kind) == seen, (url, key, column.key)


def test_xlsx_exports_hold_the_same_rows_as_the_csv_exports(client, olivia, world):
    client.force_login(olivia)
    for url, _table_id, key, query in tables(world):
        slug = client.get(url).context[key].slug
        from_csv = csv_rows(client.get(export(slug, "csv", query)))
        from_xlsx = xlsx_rows(client.get(export(slug, "xlsx", query)))
        assert len(from_xlsx) == len(from_csv), (url, key)
        for xlsx_row, csv_row in zip(from_xlsx, from_csv, strict=True):
            assert [
                float(csv_value) if isinstance(value, (int, float)) else csv_value
                for value, csv_value in zip(xlsx_row, csv_row, strict=True)
            ] == xlsx_row, (url, key)


def test_xlsx_numbers_are_numbers(client, olivia, world):
    client.force_login(olivia)
    rows = xlsx_rows(client.get(export("kabupaten-kota", "xlsx")))
    batang = next(row for row in rows if row[0] == "33.25")
    assert batang[2:] == [2, 6, 4, 2, 50.0, 2, 8]
    assert all(isinstance(value, (int, float)) for value in batang[2:])


def test_regency_export_has_the_hand_computed_numbers(client, olga, world):
    client.force_login(olga)
    rows = csv_rows(client.get(export("kabupaten-kota", "csv")))
    assert [row[:1] + row[2:] for row in rows[1:]] == [
        ["33.25", "2", "6", "4", "2", "50.0", "2", "8"],
        ["33.26", "0", "0", "0", "0", "0.0", "1", "4"],
        ["33.27", "1", "3", "2", "1", "50.0", "1", "2"],
    ]


def test_vocation_export_has_the_hand_computed_numbers(client, oscar, world):
    client.force_login(oscar)
    rows = csv_rows(client.get(export("kejuruan", "csv")))
    assert rows[1:] == [["Teknik Las", "2", "1", "1", "2"]]


def test_month_export_writes_iso_months(client, olga, world):
    from tests.dashboards.conftest import month_start

    client.force_login(olga)
    rows = csv_rows(client.get(export("lulusan-per-bulan", "csv")))
    assert len(rows) == 25
    assert rows[-2] == [f"{month_start(1):%Y-%m}", "4"]


def test_exports_follow_the_scope_not_the_query(client, oscar, world):
    client.force_login(oscar)
    rows = csv_rows(client.get(export("kabupaten-kota", "csv", "province=33")))
    assert [row[0] for row in rows[1:]] == ["33.27"]


def test_exports_are_attachments_named_for_table_and_area(client, olga, world):
    client.force_login(olga)
    response = client.get(export("blkk", "xlsx", "regency=33.25"))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="dasbor-blkk-3325-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("BLKK Al-Falah", "BLKK Al-Falah"),
        ("Bell\x07 rings", "Bell rings"),
    ],
)
def test_neutralise_defuses_formula_triggers_and_drops_control_characters(text, expected):
    assert neutralise(text) == expected


FORMULAS = ["=1+2", "+SUM(1,2)", "-3+4", "@A1", "\t=1", "\r=1"]


def defused(name: str, fmt: str) -> str:
    """How a neutralised text reads back (XML, hence xlsx, stores a carriage return as a newline)."""
    text = "'" + name
    return text.replace("\r", "\n") if fmt == "xlsx" else text


@pytest.fixture
def formula_world(olga, blkk_a):
    for i, name in enumerate(FORMULAS):
        f.BlkkFactory(name=name, regency=f.regency("33.25"), registration_number=f"BLKK-EVIL-{i}")
        f.ProgramFactory(blkk=blkk_a, title=name)
    return blkk_a


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_blkk_names_that_look_like_formulas_are_exported_as_text(client, olga, formula_world, fmt):
    client.force_login(olga)
    response = client.get(export("blkk", fmt, "regency=33.25"))
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    names = [row[0] for row in rows[1:]]
    for name in FORMULAS:
        assert defused(name, fmt) in names
        assert name not in names


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_programme_titles_that_look_like_formulas_are_exported_as_text(client, olga, formula_world, fmt):
    client.force_login(olga)
    response = client.get(export("program", fmt, f"blkk={formula_world.pk}"))
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    titles = {row[0] for row in rows[1:]}
    assert {defused(name, fmt) for name in FORMULAS} <= titles


def test_no_xlsx_cell_is_a_formula(client, olga, formula_world):
    client.force_login(olga)
    cells = xlsx_cells(client.get(export("blkk", "xlsx", "regency=33.25")))
    assert cells and all(cell.data_type != "f" for cell in cells)
    assert not any(str(cell.value).startswith("=") for cell in cells)
