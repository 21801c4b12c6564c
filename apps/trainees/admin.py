"""Trainees and enrolments in the admin.

The NIK is masked in lists and shown in full only on a trainee's own page, and every such view is
written to the access log (UU PDP). A NIK whose date or gender part disagrees with the entered
birth date or gender is accepted and flagged, never refused: the warnings are shown after saving.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.admin import PortalAdmin, PortalTabularInline
from apps.accounts.models import AccessLog
from apps.accounts.services import access_log_record
from apps.core.validators import mask_nik
from apps.trainees.models import Enrolment, Trainee, adult_born_on_or_before
from apps.trainees.services import trainee_set_consent, trainee_set_objection


class AgeGroupFilter(admin.SimpleListFilter):
    title = _("age group")
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return (("minor", _("under 18")), ("adult", _("18 or older")))

    def queryset(self, request, queryset):
        born_by = adult_born_on_or_before(timezone.localdate())
        if self.value() == "minor":
            return queryset.filter(birth_date__gt=born_by)
        if self.value() == "adult":
            return queryset.filter(birth_date__lte=born_by)
        return queryset


class EnrolmentInline(PortalTabularInline):
    model = Enrolment
    fields = ("cohort", "status", "graduated_on", "certificate_number")
    autocomplete_fields = ("cohort",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cohort__program")


@admin.register(Trainee)
class TraineeAdmin(PortalAdmin):
    list_display = (
        "full_name",
        "masked_nik",
        "gender",
        "birth_date",
        "is_minor",
        "education",
        "blkk",
        "regency",
        "consent_share",
        "nik_review",
    )
    list_filter = (
        "nik_review",
        AgeGroupFilter,
        "gender",
        "education",
        "consent_share",
        "objects_to_matching",
        "relocate",
        ("blkk", admin.RelatedOnlyFieldListFilter),
        ("regency", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("full_name", "=nik")
    search_help_text = _("Search by name, or by the complete 16-digit NIK.")
    date_hierarchy = "created_at"
    autocomplete_fields = ("blkk", "regency")
    list_select_related = ("blkk", "regency")
    readonly_fields = (
        "consent_share_at",
        "objected_at",
        "nik_review",
        "erased_at",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("blkk", "nik", "full_name", "gender", "birth_date", "education")}),
        (_("Domicile and contact"), {"fields": ("regency", "address", "relocate", "phone", "email")}),
        (
            _("Consent (UU PDP)"),
            {"fields": ("consent_share", "consent_share_at", "objects_to_matching", "objected_at")},
        ),
        (_("Data quality"), {"fields": ("nik_review", "erased_at", "created_at", "updated_at")}),
    )
    inlines = (EnrolmentInline,)

    @admin.display(description=_("NIK"), ordering="nik")
    def masked_nik(self, obj: Trainee) -> str:
        return mask_nik(obj.nik)

    @admin.display(description=_("under 18"), boolean=True)
    def is_minor(self, obj: Trainee) -> bool:
        return obj.is_minor

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is None:
            return fields
        # A trainee never changes BLKK: their enrolments and applications carry a copy of it.
        fields = (*fields, "blkk")
        # A NIK never changes; only a fresh record's typo may be corrected (trainees.services).
        if obj.enrolments.filter(status=Enrolment.Status.GRADUATED).exists():
            return (*fields, "nik")
        return fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            self._log_nik_view(request, unquote(object_id))
        return response

    def _log_nik_view(self, request, object_id: str) -> None:
        access_log_record(
            user=request.user, action=AccessLog.Action.VIEW_NIK, trainee_ids=[int(object_id)], request=request
        )

    def save_model(self, request, obj: Trainee, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # Consent and objection are recorded with their time by the services (UU PDP).
        if "consent_share" in form.changed_data:
            trainee_set_consent(trainee=obj, consent=obj.consent_share)
        if "objects_to_matching" in form.changed_data:
            trainee_set_objection(trainee=obj, objects=obj.objects_to_matching)
        for warning in obj.nik_warnings:
            messages.warning(request, warning)


@admin.register(Enrolment)
class EnrolmentAdmin(PortalAdmin):
    list_display = ("trainee", "cohort", "blkk", "status", "graduated_on", "certificate_number")
    list_filter = ("status", "cohort__program__vocation", ("blkk", admin.RelatedOnlyFieldListFilter))
    date_hierarchy = "graduated_on"
    search_fields = ("trainee__full_name", "=trainee__nik", "certificate_number", "cohort__program__title")
    autocomplete_fields = ("trainee", "cohort")
    filter_horizontal = ("competencies",)
    list_select_related = ("trainee", "blkk", "cohort__program")
    readonly_fields = ("created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # An enrolment never changes trainee: it carries a copy of the trainee's BLKK.
        return fields if obj is None else ("trainee", *fields)
