"""Match runs and their results, for looking at: the engine writes them, nobody edits them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.accounts.admin import ReadOnlyPortalAdmin
from apps.core.validators import mask_nik
from apps.matching.models import Match, MatchRun


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyPortalAdmin):
    """Read-only; an administrator may delete an old run (its matches stay, unlinked)."""

    list_display = (
        "__str__",
        "scope",
        "status",
        "progress_percent",
        "attempts",
        "vacancy",
        "province",
        "requested_by",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "scope")
    date_hierarchy = "created_at"
    search_fields = ("vacancy__title", "error")
    list_select_related = ("vacancy", "province", "requested_by")

    @admin.display(description=_("progress"), ordering="progress")
    def progress_percent(self, obj: MatchRun) -> str:
        return f"{obj.progress:.0%}"


@admin.register(Match)
class MatchAdmin(ReadOnlyPortalAdmin):
    list_display = ("vacancy", "rank", "trainee", "masked_nik", "score", "proposed", "run")
    list_filter = ("proposed", "vacancy__status")
    search_fields = ("vacancy__title", "trainee__full_name", "=trainee__nik")
    raw_id_fields = ("run", "vacancy", "trainee")
    list_select_related = ("vacancy", "trainee", "run")
    ordering = ("vacancy", "rank")

    @admin.display(description=_("NIK"), ordering="trainee__nik")
    def masked_nik(self, obj: Match) -> str:
        return mask_nik(obj.trainee.nik)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # results are replaced as a whole by the next run
