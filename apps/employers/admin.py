from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.accounts.admin import PortalAdmin
from apps.employers.models import Employer, IndustrialPark
from apps.employers.services import employer_verify


@admin.register(IndustrialPark)
class IndustrialParkAdmin(PortalAdmin):
    list_display = ("name", "short_name", "regency", "employer_count")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("regency",)
    list_select_related = ("regency",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(employer_count=Count("employers"))

    @admin.display(description=_("employers"), ordering="employer_count")
    def employer_count(self, obj: IndustrialPark) -> int:
        return obj.employer_count


@admin.register(Employer)
class EmployerAdmin(PortalAdmin):
    list_display = ("name", "nib", "kbli", "industrial_park", "regency", "vacancy_count", "verified")
    list_filter = ("verified", "industrial_park", ("regency", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "=nib", "^kbli", "contact_name", "contact_email")
    autocomplete_fields = ("regency",)
    list_select_related = ("industrial_park", "regency")
    readonly_fields = ("verified", "verified_at", "verified_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "nib", "kbli", "industrial_park", "regency", "address")}),
        (_("Contact"), {"fields": ("contact_name", "contact_email", "contact_phone")}),
        (
            _("Verification"),
            {
                "fields": ("verified", "verified_at", "verified_by", "created_at", "updated_at"),
                "description": _("Use the action “Mark as verified” in the list to verify."),
            },
        ),
    )
    actions = ("mark_verified", "mark_unverified")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(vacancy_count=Count("vacancies"))

    @admin.display(description=_("vacancies"), ordering="vacancy_count")
    def vacancy_count(self, obj: Employer) -> int:
        return obj.vacancy_count

    @admin.action(description=_("Mark as verified"))
    def mark_verified(self, request, queryset) -> None:
        for employer in queryset:
            employer_verify(employer=employer, by=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d employer marked as verified.", "%(count)d employers marked as verified.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Withdraw verification"))
    def mark_unverified(self, request, queryset) -> None:
        for employer in queryset:
            employer_verify(employer=employer, by=request.user, verified=False)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "Verification withdrawn from %(count)d employer.",
                "Verification withdrawn from %(count)d employers.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
