from django.contrib import admin

from apps.accounts.admin import ReadOnlyPortalAdmin
from apps.dashboards.models import MonthlyGraduates, RegencyStats, StaleRegency, VocationStats


class SummaryAdmin(ReadOnlyPortalAdmin):
    """Summary rows are derived data (``apps.dashboards.summaries``): administrators look only."""

    list_select_related = ("regency",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RegencyStats)
class RegencyStatsAdmin(SummaryAdmin):
    list_display = (
        "regency",
        "blkk_count",
        "trainees",
        "graduates",
        "placed",
        "open_vacancies",
        "open_positions",
    )
    search_fields = ("regency__code", "regency__name")


@admin.register(MonthlyGraduates)
class MonthlyGraduatesAdmin(SummaryAdmin):
    list_display = ("regency", "month", "graduates")
    list_filter = ("month",)
    search_fields = ("regency__code", "regency__name")


@admin.register(VocationStats)
class VocationStatsAdmin(SummaryAdmin):
    list_display = ("regency", "vocation", "graduates", "available", "open_vacancies", "open_positions")
    list_filter = ("vocation",)
    list_select_related = ("regency", "vocation")
    search_fields = ("regency__code", "regency__name")


@admin.register(StaleRegency)
class StaleRegencyAdmin(SummaryAdmin):
    list_display = ("regency", "marked_at")
