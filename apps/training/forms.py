"""Programme and cohort forms. They parse input; ``training.services`` validates and saves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput
from apps.registry.forms import model_field
from apps.taxonomy.models import CompetencyUnit, Vocation
from apps.training.models import Cohort, Program


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CompetencyUnit) -> str:
        return f"{obj.code} — {obj.title}"


def _pk(value: Any) -> int | None:
    value = getattr(value, "pk", value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ProgramForm(forms.Form):
    """A programme: vocation, title, hours and the competency units (of that vocation) it teaches.

    The unit checkboxes list the units of the chosen vocation. Changing the vocation reloads the
    list (htmx, from ``units_url``); without JavaScript every unit is listed until a vocation is
    chosen, and units of another vocation are refused by the service.
    """

    vocation = forms.ModelChoiceField(queryset=Vocation.objects.order_by("name"), label=_("Vocation"))
    title = model_field(Program, "title")
    hours = model_field(Program, "hours", widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    default_capacity = model_field(
        Program, "default_capacity", widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    competencies = UnitChoiceField(
        queryset=CompetencyUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Competency units taught"),
        help_text=_("The units of the chosen vocation. Graduates are certified in the units you tick."),
    )

    def __init__(self, *args: Any, units_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vocation_id = self.vocation_id()
        units = CompetencyUnit.objects.order_by("code")
        if vocation_id:
            units = units.filter(vocation_id=vocation_id)
        self.fields["competencies"].queryset = units
        if not self.is_bound and self.initial.get("competencies") is None and vocation_id:
            self.initial["competencies"] = list(units.values_list("pk", flat=True))  # all, by default
        if units_url:
            self.fields["vocation"].widget.attrs.update(
                {
                    "hx-get": units_url,
                    "hx-trigger": "change",
                    "hx-select": "#id_competencies",
                    "hx-target": "#id_competencies",
                    "hx-swap": "outerHTML",
                }
            )

    def vocation_id(self) -> int | None:
        if self.is_bound:
            return _pk(self.data.get(self.add_prefix("vocation")))
        return _pk(self.initial.get("vocation"))

    @classmethod
    def initial_for(cls, program: Program, vocation: Any = None) -> dict[str, Any]:
        """The programme's values; with another ``vocation`` (reloading the unit list) its units."""
        initial: dict[str, Any] = {
            "vocation": program.vocation_id,
            "title": program.title,
            "hours": program.hours,
            "default_capacity": program.default_capacity,
            "competencies": [u.pk for u in program.competencies.all()],
        }
        if _pk(vocation) and _pk(vocation) != program.vocation_id:
            initial.update(vocation=_pk(vocation), competencies=None)
        return initial


class CohortCreateForm(forms.Form):
    """A new cohort (angkatan): its number is the programme's next one."""

    start_date = forms.DateField(label=_("Start date"), widget=DateInput)
    end_date = forms.DateField(label=_("End date"), widget=DateInput)
    capacity = model_field(Cohort, "capacity", widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class CohortForm(CohortCreateForm):
    number = model_field(Cohort, "number", widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    status = forms.ChoiceField(label=_("Status"), choices=Cohort.Status.choices)

    field_order = ["number", "start_date", "end_date", "capacity", "status"]

    @classmethod
    def initial_for(cls, cohort: Cohort) -> dict[str, Any]:
        return {
            "number": cohort.number,
            "start_date": cohort.start_date,
            "end_date": cohort.end_date,
            "capacity": cohort.capacity,
            "status": cohort.status,
        }
