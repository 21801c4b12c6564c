"""The dashboards' numbers equal the ones computed by hand on the world in conftest.py."""

from __future__ import annotations

import html
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.dashboards.conftest import html_table, month_start

pytestmark = pytest.mark.django_db

INDEX = reverse("dashboards:index")
KPI_KEYS = ("blkk_count", "trainees", "graduates", "placed", "open_vacancies", "open_positions")


def kpis(response) -> tuple:
    k = response.context["kpis"]
    return (*(k[key] for key in KPI_KEYS), k["placement_pct"])


def text(response) -> str:
    """The page as read: entities decoded, non-breaking spaces as spaces."""
    return html.unescape(response.content.decode()).replace("\xa0", " ")


def months(response) -> dict:
    """Non-empty months of the graduates-per-month table, as {first day: graduates}."""
    return {row["month"]: row["graduates"] for row in response.context["months"].rows if row["graduates"]}


# --- KPI cards --------------------------------------------------------------------------------
def test_national_kpis(client, olivia, world):
    client.force_login(olivia)
    # 4 BLKK, 12 trainees, 9 graduates (a1 a2 a3 a5 b1 b2 c1 c2 c3), 4 placed (a1 b1 a5 c1),
    # open vacancies vx1 vx2 vy1 vp1 vz1 with 5+3+4+2+6 positions; 4 / 9 = 44.4 %
    assert kpis(client.get(INDEX)) == (4, 12, 9, 4, 5, 20, 44.4)


def test_admin_sees_the_national_numbers(client, root, world):
    client.force_login(root)
    assert kpis(client.get(INDEX)) == (4, 12, 9, 4, 5, 20, 44.4)


def test_province_kpis(client, olga, world):
    client.force_login(olga)
    assert kpis(client.get(INDEX)) == (3, 9, 6, 3, 4, 14, 50.0)


def test_regency_kpis(client, oscar, world):
    client.force_login(oscar)
    assert kpis(client.get(INDEX)) == (1, 3, 2, 1, 1, 2, 50.0)


def test_jakarta_official_sees_only_jakarta(client, otto, world):
    client.force_login(otto)
    response = client.get(INDEX)
    assert kpis(response) == (1, 3, 3, 1, 1, 6, 33.3)
    assert "Batang" not in text(response) and "Pemalang" not in text(response)


def test_jakarta_official_sees_zeros_for_jawa_tengah_data(client, otto, jateng):
    client.force_login(otto)
    response = client.get(INDEX)
    assert kpis(response) == (0, 0, 0, 0, 0, 0, 0.0)
    assert response.context["regencies"].rows == []
    assert response.context["vocations"].rows == []
    assert months(response) == {}


def test_national_official_filters_one_regency(client, olivia, world):
    client.force_login(olivia)
    assert kpis(client.get(INDEX, {"regency": "33.25"})) == (2, 6, 4, 2, 2, 8, 50.0)


def test_kpi_cards_show_the_numbers_the_indonesian_way(client, olivia, world):
    client.force_login(olivia)
    page = text(client.get(INDEX))
    assert '<span class="num">44,4 %</span>' in page
    assert '<span class="num">20</span>' in page


def test_kpi_cards_group_thousands_with_dots_and_decimals_with_a_comma():
    kpis = dict.fromkeys(KPI_KEYS, 0) | {"trainees": 1234567, "placement_pct": 56.7}
    with translation.override("id"):
        page = html.unescape(render_to_string("dashboards/_kpis.html", {"kpis": kpis})).replace("\xa0", " ")
    assert "1.234.567" in page and "56,7 %" in page


def test_english_pages_use_english_number_formats(client, olivia, world):
    client.force_login(olivia)
    client.cookies["django_language"] = "en"  # the language switch; pages ignore Accept-Language
    page = text(client.get(INDEX))
    assert '<span class="num">44.4 %</span>' in page


# --- regency table and drill-down ----------------------------------------------------------
def test_regency_table_has_the_kpi_columns_per_regency(client, olivia, world):
    client.force_login(olivia)
    rows = {
        row["code"]: (
            row["blkk_count"],
            row["trainees"],
            row["graduates"],
            row["placed"],
            row["placement_pct"],
            row["open_vacancies"],
            row["open_positions"],
        )
        for row in client.get(INDEX).context["regencies"].rows
    }
    assert rows == {
        "31.71": (1, 3, 3, 1, 33.3, 1, 6),
        "33.25": (2, 6, 4, 2, 50.0, 2, 8),
        "33.26": (0, 0, 0, 0, 0.0, 1, 4),
        "33.27": (1, 3, 2, 1, 50.0, 1, 2),
    }


def test_regency_table_rows_link_to_the_regency_page(client, olga, world):
    client.force_login(olga)
    page = client.get(INDEX).content.decode()
    assert f'href="{reverse("dashboards:regency", args=["33.25"])}"' in page


def test_regency_page_lists_its_blkk_with_their_numbers(client, olga, world):
    client.force_login(olga)
    response = client.get(reverse("dashboards:regency", args=["33.25"]))
    rows = [
        (row["name"], row["trainees"], row["graduates"], row["placed"], row["placement_pct"])
        for row in response.context["blkk_table"].rows
    ]
    assert rows == [
        ("BLKK Ponpes Darul Ulum", 4, 3, 1, 33.3),  # a1..a4; a1 a2 a3 graduated; a1 hired
        ("BLKK SPN Batang", 2, 1, 1, 100.0),  # a5 a6; a5 graduated and hired
    ]
    assert kpis(response) == (2, 6, 4, 2, 2, 8, 50.0)


def test_regency_page_shows_the_blkk_table_as_read(client, olga, world):
    client.force_login(olga)
    rows = html_table(client.get(reverse("dashboards:regency", args=["33.25"])), "table-blkk")
    assert [[row[0], *row[3:]] for row in rows] == [
        ["BLKK Ponpes Darul Ulum", "4", "3", "1", "33,3 %"],
        ["BLKK SPN Batang", "2", "1", "1", "100,0 %"],
    ]


def test_blkk_table_adds_up_to_its_regency_row(client, olivia, world):
    client.force_login(olivia)
    regency_row = next(r for r in client.get(INDEX).context["regencies"].rows if r["code"] == "33.25")
    blkk_rows = client.get(reverse("dashboards:regency", args=["33.25"])).context["blkk_table"].rows
    for key in ("trainees", "graduates", "placed"):
        assert sum(row[key] for row in blkk_rows) == regency_row[key]
    assert len(blkk_rows) == regency_row["blkk_count"]


def test_regency_page_lists_a_blkk_without_trainees(client, oscar, world):
    from tests import factories as f

    f.BlkkFactory(name="BLKK Baru Pemalang", regency=f.regency("33.27"))
    client.force_login(oscar)
    rows = client.get(reverse("dashboards:regency", args=["33.27"])).context["blkk_table"].rows
    assert [(r["name"], r["trainees"], r["placement_pct"]) for r in rows] == [
        ("BLKK Baru Pemalang", 0, 0.0),
        ("BLKK SPSI Pemalang", 3, 50.0),
    ]


def test_blkk_names_link_to_the_blkk_summary(client, olga, world):
    client.force_login(olga)
    page = client.get(reverse("dashboards:regency", args=["33.25"])).content.decode()
    assert f'href="{reverse("dashboards:blkk", args=[world["blkk:a"].pk])}"' in page


def test_blkk_summary_aggregates(client, olga, world):
    client.force_login(olga)
    response = client.get(reverse("dashboards:blkk", args=[world["blkk:a"].pk]))
    k = response.context["kpis"]
    assert (k["programs"], k["cohorts"], k["trainees"], k["graduates"], k["placed"], k["placement_pct"]) == (
        2,
        2,
        4,
        3,
        1,
        33.3,
    )


def test_blkk_summary_lists_programmes_with_cohorts_enrolments_and_graduates(client, olga, world):
    client.force_login(olga)
    response = client.get(reverse("dashboards:blkk", args=[world["blkk:a"].pk]))
    rows = [
        (r["title"], r["vocation"], r["cohort_count"], r["enrolment_count"], r["graduates"])
        for r in response.context["programs"].rows
    ]
    assert rows == [
        ("Menjahit Garmen", "Garmen Apparel (Menjahit)", 1, 1, 1),
        ("Pengelasan SMAW", "Teknik Las", 1, 4, 3),
    ]


def test_blkk_summary_counts_graduates_per_month(client, olga, world):
    client.force_login(olga)
    response = client.get(reverse("dashboards:blkk", args=[world["blkk:a"].pk]))
    assert months(response) == {month_start(1): 2, month_start(5): 1}


# --- graduates per month -------------------------------------------------------------------
def test_graduates_per_month_cover_the_last_24_months_oldest_first(client, olivia, world):
    client.force_login(olivia)
    rows = client.get(INDEX).context["months"].rows
    assert len(rows) == 24
    assert rows[0]["month"] == month_start(23) and rows[-2]["month"] == month_start(1)
    assert [row["month"] for row in rows] == sorted(row["month"] for row in rows)


def test_graduates_per_month_count_each_graduate_once_at_their_first_graduation(client, olivia, world):
    client.force_login(olivia)
    # a1 a2 b1 b2 c1 c3 one month ago; c2 two months ago; a3 five months ago (not again at their
    # second graduation two months ago); a5 thirty months ago is outside the window.
    assert months(client.get(INDEX)) == {month_start(1): 6, month_start(2): 1, month_start(5): 1}


def test_graduates_per_month_follow_the_scope(client, olga, world):
    client.force_login(olga)
    assert months(client.get(INDEX)) == {month_start(1): 4, month_start(5): 1}


def test_graduates_per_month_chart_carries_the_table_numbers(client, olivia, world):
    client.force_login(olivia)
    response = client.get(INDEX)
    chart = response.context["charts"]["months"]
    assert chart["datasets"][0]["data"] == [row["graduates"] for row in response.context["months"].rows]
    assert 'id="chart-months-data" type="application/json"' in response.content.decode()


# --- supply and demand per vocation ---------------------------------------------------------
def vocation_rows(response) -> dict:
    return {
        row["code"]: (row["graduates"], row["available"], row["open_vacancies"], row["open_positions"])
        for row in response.context["vocations"].rows
    }


def test_supply_and_demand_per_vocation_nationally(client, olivia, world):
    client.force_login(olivia)
    assert vocation_rows(client.get(INDEX)) == {
        "GRM": (2, 1, 1, 4),  # a3 a5 graduated, a5 placed; vy1 (vx3 is closed)
        "LAS": (5, 3, 3, 10),  # a1 a2 a3 b1 b2, a1 b1 placed; vx1 vx2 vp1 (vx4 is a draft)
        "TIK": (3, 2, 1, 6),
    }


def test_supply_and_demand_per_vocation_in_a_regency(client, oscar, world):
    client.force_login(oscar)
    assert vocation_rows(client.get(INDEX)) == {"LAS": (2, 1, 1, 2)}


def test_supply_and_demand_chart_compares_graduates_with_open_positions(client, olga, world):
    client.force_login(olga)
    chart = client.get(INDEX).context["charts"]["vocations"]
    assert chart["labels"] == ["Garmen Apparel (Menjahit)", "Teknik Las"]
    assert [d["data"] for d in chart["datasets"]] == [[2, 5], [4, 10]]


def test_vocations_are_named_in_english_on_english_pages(client, olga, world):
    client.force_login(olga)
    client.cookies["django_language"] = "en"
    response = client.get(INDEX)
    assert [row["vocation"] for row in response.context["vocations"].rows] == [
        "Garment / Apparel (Sewing)",
        "Welding",
    ]


def test_placement_rate_chart_has_the_regencies_with_graduates(client, olivia, world):
    client.force_login(olivia)
    chart = client.get(INDEX, {"province": "33"}).context["charts"]["rates"]
    assert chart["labels"] == ["Kabupaten Batang", "Kabupaten Pemalang"]
    assert chart["datasets"][0]["data"] == [50.0, 50.0]


def test_the_national_page_compares_provinces_and_links_each_to_its_regencies(client, olivia, world):
    client.force_login(olivia)
    response = client.get(INDEX)
    chart = response.context["charts"]["rates"]
    assert chart["labels"] == ["Daerah Khusus Ibukota Jakarta", "Jawa Tengah"]
    assert chart["datasets"][0]["data"] == [33.3, 50.0]  # 1 of 3; 3 of 6 (a1, a5, b1)
    rows = {row["code"]: row for row in response.context["provinces"].rows}
    assert {key: rows["33"][key] for key in ("blkk_count", "trainees", "graduates", "placed")} == {
        "blkk_count": 3,
        "trainees": 9,
        "graduates": 6,
        "placed": 3,
    }
    page = response.content.decode()
    assert 'href="/dasbor/?province=33"' in page
    assert 'id="table-regencies"' not in page  # 514 rows are an export away, not on a phone
    assert reverse("dashboards:export", args=["kabupaten-kota", "csv"]) in page
    assert response.context["regencies"].rows  # …and that export holds the regencies


@pytest.mark.parametrize(
    ("query", "rates_table"), [({}, "table-provinces"), ({"province": "33"}, "table-regencies")]
)
def test_every_chart_has_a_table_alternative(client, olivia, world, query, rates_table):
    client.force_login(olivia)
    page = client.get(INDEX, query).content.decode()
    for chart, table in (
        ("chart-rates", rates_table),
        ("chart-vocations", "table-vocations"),
        ("chart-months", "table-months"),
    ):
        assert f'aria-describedby="{chart}-alt"' in page
        assert f'href="#{table}"' in page and f'id="{table}"' in page


def test_the_page_ships_chart_js_and_the_dashboard_script_from_our_own_static_files(client, olga, world):
    client.force_login(olga)
    page = client.get(INDEX).content.decode()
    assert "/static/vendor/chart-4.6.1.umd.min.js" in page and "/static/js/dashboards.js" in page
    # No asset from another host (a CDN): every src/href is local.
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", page)


def test_a_scope_with_too_many_regencies_for_one_chart_keeps_only_the_table(
    client, olivia, world, monkeypatch
):
    from apps.dashboards import views

    monkeypatch.setattr(views, "MAX_BARS", 1)
    client.force_login(olivia)
    response = client.get(INDEX, {"province": "33"})
    assert response.context["charts"]["rates"] is None
    assert 'id="chart-rates-data"' not in response.content.decode()
    assert len(response.context["regencies"].rows) == 3
