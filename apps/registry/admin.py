from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.accounts.admin import PortalAdmin
from apps.registry.models import Blkk
from apps.registry.services import blkk_verify


@admin.register(Blkk)
class BlkkAdmin(PortalAdmin):
    list_display = (
        "name",
        "registration_number",
        "host_type",
        "regency",
        "trainee_count",
        "verified",
        "active",
    )
    list_filter = (
        "verified",
        "active",
        "host_type",
        ("regency", admin.RelatedOnlyFieldListFilter),
        "vocations",
    )
    search_fields = ("name", "=registration_number", "host_name", "regency__name")
    autocomplete_fields = ("regency",)
    filter_horizontal = ("vocations",)
    list_select_related = ("regency",)
    readonly_fields = ("verified", "verified_at", "verified_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "registration_number", "host_type", "host_name", "active")}),
        (_("Location and contact"), {"fields": ("regency", "address", "phone", "email")}),
        (_("Training offered"), {"fields": ("vocations",)}),
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
        return super().get_queryset(request).annotate(trainee_count=Count("trainees"))

    @admin.display(description=_("trainees"), ordering="trainee_count")
    def trainee_count(self, obj: Blkk) -> int:
        return obj.trainee_count

    @admin.action(description=_("Mark as verified"))
    def mark_verified(self, request, queryset) -> None:
        for blkk in queryset:
            blkk_verify(blkk=blkk, by=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(count)d BLKK marked as verified.", "%(count)d BLKK marked as verified.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Withdraw verification"))
    def mark_unverified(self, request, queryset) -> None:
        for blkk in queryset:
            blkk_verify(blkk=blkk, by=request.user, verified=False)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "Verification withdrawn from %(count)d BLKK.",
                "Verification withdrawn from %(count)d BLKK.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
