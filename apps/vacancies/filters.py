import html

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from apps.dashboards import answers
from apps.regions.models import Regency
from apps.taxonomy.models import Vocation
from apps.vacancies.models import Vacancy


class PlainSelect(forms.Select):
    """A ``<select>`` written directly rather than through one template per option: the public job
    board lists some 500 regencies on every request, which the template engine takes ~30 ms for."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(  # html.escape is what django.utils.html.escape does, without its wrappers
            f'<option value="{html.escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{html.escape(str(label))}</option>"
            for key, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # noqa: S308 - every value and label escaped above
        )


# EXISTS, not a DISTINCT join: one index probe per regency, however many vacancies are open.
REGENCIES_WITH_OPEN_VACANCIES = Regency.objects.filter(
    Exists(Vacancy.objects.filter(regency=OuterRef("pk"), status=Vacancy.Status.OPEN))
).order_by("name")


def regency_choices() -> list[tuple[str, str]]:
    """The regencies with open vacancies, (code, name), kept with the dashboards' answers: opening
    or closing a vacancy marks its regency, and the refresh that follows forgets them."""
    return answers.remember_public(
        "job-board-regencies", (), lambda: list(REGENCIES_WITH_OPEN_VACANCIES.values_list("pk", "name"))
    )


class JobBoardFilter(django_filters.FilterSet):
    """Filters of the public job board (open vacancies only)."""

    regency = django_filters.ModelChoiceFilter(
        queryset=REGENCIES_WITH_OPEN_VACANCIES,
        label=_("Regency/city"),
        empty_label=_("All regencies/cities"),
        widget=PlainSelect,
    )
    vocation = django_filters.ModelChoiceFilter(
        queryset=Vocation.objects.order_by("name"),
        label=_("Vocation"),
        empty_label=_("All vocations"),
        widget=PlainSelect,
    )
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Job title"))

    class Meta:
        model = Vacancy
        fields = ["regency", "vocation", "q"]

    @property
    def form(self):
        """The form, its regency list read from ``regency_choices`` (a chosen regency is still
        checked against the database)."""
        if not hasattr(self, "_form"):
            form = super().form
            field = form.fields["regency"]
            field.widget.choices = [("", field.empty_label), *regency_choices()]
        return self._form
