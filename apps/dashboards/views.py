"""Officials' dashboard pages: parse the filters, call the selectors, render.

Every page and export is scoped through ``apps.accounts.policies`` (via the selectors): an
official reads aggregates of their national / province / regency scope only, and a filter,
regency, or BLKK outside that scope answers 404. Admins see everything. No personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from apps.accounts.decorators import role_required
from apps.accounts.models import User
from apps.dashboards import answers, exports, selectors

OFFICIAL = User.Role.OFFICIAL
MAX_BARS = 40  # more regencies than any province has (Jawa Timur: 38); the whole country is a table


def _chart(
    labels: list[str],
    series: list[tuple[Any, list[float]]],
    *,
    percent: bool = False,
    horizontal: bool = False,
) -> dict[str, Any]:
    """What ``static/js/dashboards.js`` draws (read from a ``json_script`` tag)."""
    return {
        "labels": labels,
        "datasets": [{"label": str(label), "data": data} for label, data in series],
        "percent": percent,
        "horizontal": horizontal,
        "empty": not any(value for _label, data in series for value in data),
    }


def _months_chart(table: exports.Table) -> dict[str, Any]:
    return _chart(
        [date_format(row["month"], "M Y") for row in table.rows],
        [(_("New graduates"), [row["graduates"] for row in table.rows])],
    )


def _kpis(summary: dict[str, Any]) -> dict[str, Any]:
    return {**summary, "placement_pct": exports.percent(summary["placement_rate"])}


@role_required(OFFICIAL)
def index(request: HttpRequest) -> HttpResponse:
    """KPI cards, charts and tables of the official's scope, optionally one province / regency."""
    user = request.user
    area = selectors.resolve_area(
        user=user, province=request.GET.get("province"), regency=request.GET.get("regency")
    )
    where = (getattr(area.province, "code", None), getattr(area.regency, "code", None))
    body = _kept_body(request, "index", where, lambda: _index_context(user, area))
    return render(request, "dashboards/index.html", {"area": area, "body": body})


def _kept_body(request: HttpRequest, page: str, parts: tuple, context: Callable[[], dict]) -> SafeString:
    """The page's body (``dashboards/_<page>_body.html``), rendered once per official's scope,
    ``parts`` and language and kept until the summaries change (``answers.remember``)."""
    body = answers.remember(
        f"page:{page}",
        request.user,
        parts,
        lambda: render_to_string(f"dashboards/_{page}_body.html", context(), request),
    )
    return mark_safe(body)  # noqa: S308 - rendered by our own template, escaped there


def _index_context(user: User, area: selectors.Area) -> dict[str, Any]:
    filters, params = area.filters, exports.area_params(area)
    summary = selectors.placement_summary(user=user, **filters)
    regencies = exports.regency_table(summary["by_regency"], params=params)
    months = exports.month_table(selectors.graduates_per_month(user=user, **filters), params=params)
    vocations = exports.vocation_table(
        selectors.supply_demand_by_vocation(user=user, **filters), params=params
    )
    # A national page compares provinces (each links to its regencies); the regencies of the whole
    # country are one export away rather than 514 rows on a phone.
    national = not params and selectors.is_national(user)
    provinces = (
        exports.province_table(selectors.placement_by_province(summary["by_regency"])) if national else None
    )
    rated = [row for row in (provinces or regencies).rows if row["graduates"]]
    charts = {
        "months": _months_chart(months),
        "rates": _chart(
            [row["name"] for row in rated],
            [(_("Placement rate (%)"), [row["placement_pct"] for row in rated])],
            percent=True,
            horizontal=True,
        )
        if len(rated) <= MAX_BARS
        else None,
        "vocations": _chart(
            [row["vocation"] for row in vocations.rows],
            [
                (_("Graduates (supply)"), [row["graduates"] for row in vocations.rows]),
                (_("Open positions (demand)"), [row["open_positions"] for row in vocations.rows]),
            ],
        ),
    }
    return {
        "area": area,
        "choices": selectors.filter_choices(user=user, area=area),
        "kpis": _kpis(summary),
        "regencies": regencies,
        "provinces": provinces,
        "months": months,
        "vocations": vocations,
        "charts": charts,
    }


@role_required(OFFICIAL)
def regency(request: HttpRequest, code: str) -> HttpResponse:
    """One regency: its KPIs and its BLKK with trainees, graduates, placed and placement rate."""
    user = request.user
    place = selectors.regency_for(user=user, code=code)

    def context() -> dict[str, Any]:
        summary = selectors.placement_summary(user=user, regency=place.code)
        table = exports.blkk_table(
            selectors.blkk_by_regency(user=user, regency=place.code), regency=place.code
        )
        return {"regency": place, "kpis": _kpis(summary), "blkk_table": table}

    body = _kept_body(request, "regency", (place.code,), context)
    return render(request, "dashboards/regency.html", {"regency": place, "body": body})


@role_required(OFFICIAL)
def blkk(request: HttpRequest, pk: int) -> HttpResponse:
    """A read-only BLKK summary: profile, aggregates, programmes, graduates per month."""
    user = request.user
    centre = selectors.blkk_for(user=user, pk=pk)

    def context() -> dict[str, Any]:
        params = {"blkk": str(centre.pk)}
        months = exports.month_table(selectors.graduates_per_month(user=user, blkk=centre.pk), params=params)
        return {
            "blkk": centre,
            "kpis": _kpis(selectors.blkk_summary(user=user, blkk=centre)),
            "programs": exports.program_table(
                selectors.programs_of_blkk(user=user, blkk=centre), blkk=centre
            ),
            "months": months,
            "charts": {"months": _months_chart(months)},
        }

    body = _kept_body(request, "blkk", (centre.pk,), context)
    return render(request, "dashboards/blkk.html", {"blkk": centre, "body": body})


@role_required(OFFICIAL)
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """CSV or xlsx of one of the tables the pages show, for the same filters and scope."""
    if fmt not in exports.FORMATS:
        raise Http404
    return exports.response(exports.build(table, user=request.user, params=request.GET), fmt)
