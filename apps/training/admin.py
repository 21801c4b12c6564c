from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from apps.accounts.admin import PortalAdmin, PortalTabularInline
from apps.training.models import Cohort, Program


class CohortInline(PortalTabularInline):
    model = Cohort
    fields = ("number", "start_date", "end_date", "capacity", "status")


@admin.register(Program)
class ProgramAdmin(PortalAdmin):
    list_display = ("title", "blkk", "vocation", "hours", "default_capacity", "cohort_count")
    list_filter = ("vocation", ("blkk__regency", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "blkk__name")
    autocomplete_fields = ("blkk",)
    filter_horizontal = ("competencies",)
    list_select_related = ("blkk", "vocation")
    readonly_fields = ("created_at", "updated_at")
    inlines = (CohortInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cohort_count=Count("cohorts"))

    @admin.display(description=_("cohorts"), ordering="cohort_count")
    def cohort_count(self, obj: Program) -> int:
        return obj.cohort_count


@admin.register(Cohort)
class CohortAdmin(PortalAdmin):
    list_display = (
        "program",
        "number",
        "blkk",
        "start_date",
        "end_date",
        "capacity",
        "enrolment_count",
        "status",
    )
    list_filter = (
        "status",
        "program__vocation",
        ("program__blkk__regency", admin.RelatedOnlyFieldListFilter),
    )
    date_hierarchy = "start_date"
    search_fields = ("program__title", "program__blkk__name")
    autocomplete_fields = ("program",)
    list_select_related = ("program__blkk",)
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        # select_related also serves the autocomplete, whose labels name the programme.
        qs = super().get_queryset(request).select_related("program__blkk")
        return qs.annotate(enrolment_count=Count("enrolments"))

    @admin.display(description=_("BLKK"), ordering="program__blkk__name")
    def blkk(self, obj: Cohort) -> str:
        return str(obj.program.blkk)

    @admin.display(description=_("enrolled"), ordering="enrolment_count")
    def enrolment_count(self, obj: Cohort) -> int:
        return obj.enrolment_count
