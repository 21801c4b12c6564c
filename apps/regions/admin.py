from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from apps.accounts.admin import PortalAdmin
from apps.regions.models import MinimumWage, Province, Regency


@admin.register(Province)
class ProvinceAdmin(PortalAdmin):
    list_display = ("code", "name", "regency_count", "latitude", "longitude")
    search_fields = ("code", "name")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(regency_count=Count("regencies"))

    @admin.display(description=_("regencies/cities"), ordering="regency_count")
    def regency_count(self, obj: Province) -> int:
        return obj.regency_count


@admin.register(Regency)
class RegencyAdmin(PortalAdmin):
    list_display = ("code", "name", "kind", "province", "latitude", "longitude")
    list_filter = ("kind", "province")
    search_fields = ("^code", "name", "province__name")
    list_select_related = ("province",)


@admin.register(MinimumWage)
class MinimumWageAdmin(PortalAdmin):
    list_display = ("regency", "regency_code", "year", "amount")
    list_filter = ("year", ("regency__province", admin.RelatedOnlyFieldListFilter))
    search_fields = ("^regency__code", "regency__name")
    autocomplete_fields = ("regency",)
    list_select_related = ("regency",)
    ordering = ("regency", "-year")

    @admin.display(description=_("code"), ordering="regency__code")
    def regency_code(self, obj: MinimumWage) -> str:
        return obj.regency_id
