import django_filters
from django.utils.translation import gettext_lazy as _

from apps.regions.models import Regency
from apps.taxonomy.models import Vocation
from apps.vacancies.models import Vacancy


class JobBoardFilter(django_filters.FilterSet):
    """Filters of the public job board (open vacancies only)."""

    regency = django_filters.ModelChoiceFilter(
        queryset=Regency.objects.filter(vacancies__status=Vacancy.Status.OPEN).distinct().order_by("name"),
        label=_("Regency/city"),
        empty_label=_("All regencies/cities"),
    )
    vocation = django_filters.ModelChoiceFilter(
        queryset=Vocation.objects.order_by("name"),
        label=_("Vocation"),
        empty_label=_("All vocations"),
    )
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Job title"))

    class Meta:
        model = Vacancy
        fields = ["regency", "vocation", "q"]
