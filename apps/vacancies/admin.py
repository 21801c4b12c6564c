"""Vacancies and the application pipeline in the admin.

A vacancy's status moves only through the services (publish, close); an application's status only
through ``application_transition``, one legal step at a time, from its page or from list actions.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.accounts.admin import PortalAdmin
from apps.vacancies.models import Application, Vacancy
from apps.vacancies.services import (
    NEXT_STEPS,
    STEP_TIMESTAMP,
    application_transition,
    vacancy_close,
    vacancy_publish,
    vacancy_warnings,
)


def _first_error(exc: ValidationError) -> str:
    return next(iter(exc.messages), "")


def _apply(modeladmin, request, queryset, service, done_message) -> None:
    """Call ``service`` on each selected object; report what was done and each refusal."""
    done = 0
    for obj in queryset:
        try:
            service(obj)
            done += 1
        except ValidationError as exc:
            modeladmin.message_user(request, f"{obj}: {_first_error(exc)}", messages.ERROR)
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)


# --- vacancies ------------------------------------------------------------------------------
@admin.register(Vacancy)
class VacancyAdmin(PortalAdmin):
    list_display = (
        "title",
        "employer",
        "vocation",
        "headcount",
        "regency",
        "salary_min",
        "salary_max",
        "closes_on",
        "application_count",
        "status",
    )
    list_filter = (
        "status",
        "vocation",
        "min_education",
        "gender",
        "employer__industrial_park",
        ("regency", admin.RelatedOnlyFieldListFilter),
    )
    date_hierarchy = "closes_on"
    search_fields = ("title", "employer__name", "=employer__nib")
    autocomplete_fields = ("employer", "regency")
    filter_horizontal = ("competencies",)
    list_select_related = ("employer", "vocation", "regency")
    readonly_fields = ("status", "published_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("employer", "title", "description", "vocation", "competencies")}),
        (
            _("Requirements"),
            {"fields": ("headcount", "min_education", "gender", ("age_min", "age_max"), "regency")},
        ),
        (_("Offer"), {"fields": (("salary_min", "salary_max"), "closes_on")}),
        (
            _("Status"),
            {
                "fields": ("status", "published_at", "created_at", "updated_at"),
                "description": _("Publish or close a vacancy with the actions in the list."),
            },
        ),
    )
    actions = ("publish", "close")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(application_count=Count("applications"))

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # A vacancy never changes employer: its applications carry a copy of it.
        return fields if obj is None else ("employer", *fields)

    @admin.display(description=_("applications"), ordering="application_count")
    def application_count(self, obj: Vacancy) -> int:
        return obj.application_count

    def save_model(self, request, obj: Vacancy, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        for warning in vacancy_warnings(obj):  # below the UMK: allowed, but said out loud
            messages.warning(request, warning)

    @admin.action(description=_("Publish the selected draft vacancies"))
    def publish(self, request, queryset) -> None:
        _apply(
            self,
            request,
            queryset,
            lambda vacancy: vacancy_publish(vacancy=vacancy),
            lambda n: (
                ngettext("%(count)d vacancy published.", "%(count)d vacancies published.", n) % {"count": n}
            ),
        )

    @admin.action(description=_("Close the selected vacancies"))
    def close(self, request, queryset) -> None:
        _apply(
            self,
            request,
            queryset,
            lambda vacancy: vacancy_close(vacancy=vacancy),
            lambda n: ngettext("%(count)d vacancy closed.", "%(count)d vacancies closed.", n) % {"count": n},
        )


# --- applications ---------------------------------------------------------------------------
class ApplicationAdminForm(forms.ModelForm):
    """Everything on an application is read-only except the next pipeline step."""

    to = forms.ChoiceField(
        label=_("move to"),
        choices=[("", "---------"), *Application.Status.choices],
        required=False,
        help_text=_("One step along the pipeline; rejection and withdrawal end it."),
    )

    class Meta:
        model = Application
        fields = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Offer only the legal next steps; anything else posted gets clean_to's clear message.
        legal = NEXT_STEPS.get(self.instance.status, frozenset())
        self.fields["to"].widget.choices = [
            (value, label) for value, label in self.fields["to"].choices if not value or value in legal
        ]

    def clean_to(self) -> str:
        to = self.cleaned_data["to"]
        if to and to not in NEXT_STEPS.get(self.instance.status, ()):
            raise ValidationError(
                _("Cannot move from %(current)s to %(to)s."),
                code="illegal_step",
                params={
                    "current": Application.Status(self.instance.status).label,
                    "to": Application.Status(to).label,
                },
            )
        return to


STEP_ACTIONS = {
    Application.Status.SHORTLISTED: _("Shortlist"),
    Application.Status.INTERVIEW: _("Invite to interview"),
    Application.Status.OFFERED: _("Make an offer"),
    Application.Status.HIRED: _("Mark as hired"),
    Application.Status.REJECTED: _("Reject"),
    Application.Status.WITHDRAWN: _("Withdraw"),
}


def _step_action(to: str):
    """A list action taking one pipeline step; illegal steps are refused one by one."""

    def move(modeladmin, request, queryset) -> None:
        _apply(
            modeladmin,
            request,
            queryset,
            lambda application: application_transition(application=application, to=to),
            lambda n: (
                ngettext(
                    "%(count)d application moved to “%(to)s”.", "%(count)d applications moved to “%(to)s”.", n
                )
                % {"count": n, "to": Application.Status(to).label}
            ),
        )

    move.__name__ = f"move_to_{to}"
    return admin.action(description=STEP_ACTIONS[to])(move)


@admin.register(Application)
class ApplicationAdmin(PortalAdmin):
    """Applications are opened by matching, nominations and employers' picks, not here."""

    form = ApplicationAdminForm
    list_display = ("trainee", "vacancy", "employer", "status", "source", "updated_at")
    list_filter = ("status", "source", "vacancy__status")
    date_hierarchy = "created_at"
    search_fields = ("trainee__full_name", "=trainee__nik", "vacancy__title", "employer__name")
    list_select_related = ("trainee", "vacancy", "employer")
    readonly_fields = (
        "vacancy",
        "trainee",
        "source",
        "status",
        *STEP_TIMESTAMP.values(),
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("vacancy", "trainee", "source", "status", "to")}),
        (_("Pipeline"), {"fields": (*STEP_TIMESTAMP.values(), "created_at", "updated_at")}),
    )
    actions = tuple(_step_action(to) for to in STEP_ACTIONS)

    def has_add_permission(self, request, *args) -> bool:
        return False

    def save_model(self, request, obj: Application, form, change: bool) -> None:
        to = form.cleaned_data.get("to")
        if not to:
            return
        try:
            application_transition(application=obj, to=to)
        except ValidationError as exc:  # another user moved it first
            messages.error(request, _first_error(exc))
        obj.refresh_from_db()
