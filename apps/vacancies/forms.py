"""Forms of the employer pages. They parse and validate input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Education
from apps.core.forms import DateInput, QuickSelect
from apps.regions.models import Regency
from apps.taxonomy.models import CompetencyUnit, Vocation
from apps.vacancies.models import MAX_WORKING_AGE, MIN_WORKING_AGE, Application, Vacancy
from apps.vacancies.services import VACANCY_FIELDS

MAX_SALARY = 1_000_000_000  # a monthly wage above Rp 1 billion is a typing error


def _label(name: str) -> str:
    return capfirst(Vacancy._meta.get_field(name).verbose_name)


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CompetencyUnit) -> str:
        return f"{obj.code} — {obj.title}"


class VacancyForm(forms.Form):
    """A vacancy's fields. Required units are offered (and accepted) only from the chosen vocation."""

    title = forms.CharField(label=_label("title"), max_length=200)
    description = forms.CharField(
        label=_label("description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    vocation = forms.ModelChoiceField(label=_label("vocation"), queryset=Vocation.objects.order_by("name"))
    competencies = UnitChoiceField(
        label=_label("competencies"),
        queryset=CompetencyUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose the vocation first: its units are listed here. Candidates are ranked by how many "
            "of the ticked units they hold."
        ),
    )
    headcount = forms.IntegerField(label=_label("headcount"), min_value=1, max_value=10000)
    min_education = forms.ChoiceField(
        label=_label("min_education"), choices=Education.choices, initial=Education.SMP
    )
    gender = forms.ChoiceField(
        label=_label("gender"),
        choices=Vacancy.GenderRequirement.choices,
        initial=Vacancy.GenderRequirement.ANY,
    )
    age_min = forms.IntegerField(
        label=_label("age_min"), min_value=MIN_WORKING_AGE, max_value=MAX_WORKING_AGE, initial=MIN_WORKING_AGE
    )
    age_max = forms.IntegerField(
        label=_label("age_max"), min_value=MIN_WORKING_AGE, max_value=MAX_WORKING_AGE, initial=35
    )
    regency = forms.ModelChoiceField(
        label=_label("regency"), queryset=Regency.objects.order_by("code"), widget=QuickSelect
    )
    salary_min = forms.IntegerField(
        label=_label("salary_min"), required=False, min_value=0, max_value=MAX_SALARY
    )
    salary_max = forms.IntegerField(
        label=_label("salary_max"), required=False, min_value=0, max_value=MAX_SALARY
    )
    closes_on = forms.DateField(label=_label("closes_on"), widget=DateInput)

    def __init__(self, *args: Any, units_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = CompetencyUnit.objects.filter(
            vocation=self._chosen_vocation()
        ).order_by("code")
        if units_url:  # htmx: changing the vocation swaps in that vocation's units
            self.fields["vocation"].widget.attrs.update(
                {
                    "hx-get": units_url,
                    "hx-target": "#id_competencies",
                    "hx-swap": "outerHTML",
                    "hx-include": "#id_competencies",
                }
            )
        for name in ("salary_min", "salary_max"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "step": "1000"})

    def _chosen_vocation(self) -> Vocation | None:
        raw = self.data.get(self.add_prefix("vocation")) if self.is_bound else self.initial.get("vocation")
        if isinstance(raw, Vocation):
            return raw
        try:
            return Vocation.objects.filter(pk=int(raw)).first() if raw not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        age_min, age_max = data.get("age_min"), data.get("age_max")
        if age_min is not None and age_max is not None and age_min > age_max:
            self.add_error("age_max", _("The maximum age cannot be below the minimum age."))
        salary_min, salary_max = data.get("salary_min"), data.get("salary_max")
        if salary_min is not None and salary_max is not None and salary_min > salary_max:
            self.add_error("salary_max", _("The maximum salary cannot be below the minimum salary."))
        return data

    @classmethod
    def initial_for(cls, vacancy: Vacancy) -> dict[str, Any]:
        initial = {name: getattr(vacancy, name) for name in VACANCY_FIELDS if name != "competencies"}
        initial["competencies"] = list(vacancy.competencies.values_list("pk", flat=True))
        return initial


class StepForm(forms.Form):
    """One pipeline step (the service decides whether it is legal from the current status)."""

    to = forms.ChoiceField(choices=Application.Status.choices)
