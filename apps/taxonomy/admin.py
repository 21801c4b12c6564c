from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from apps.accounts.admin import PortalAdmin, PortalTabularInline
from apps.taxonomy.models import CompetencyUnit, Vocation


class CompetencyUnitInline(PortalTabularInline):
    model = CompetencyUnit
    fields = ("code", "title", "title_en")


@admin.register(Vocation)
class VocationAdmin(PortalAdmin):
    list_display = ("code", "name", "name_en", "unit_count")
    search_fields = ("code", "name", "name_en")
    inlines = (CompetencyUnitInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(unit_count=Count("units"))

    @admin.display(description=_("competency units"), ordering="unit_count")
    def unit_count(self, obj: Vocation) -> int:
        return obj.unit_count


@admin.register(CompetencyUnit)
class CompetencyUnitAdmin(PortalAdmin):
    list_display = ("code", "title", "title_en", "vocation")
    list_filter = ("vocation",)
    search_fields = ("code", "title", "title_en")
    list_select_related = ("vocation",)
