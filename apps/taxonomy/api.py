import django_filters
from rest_framework import serializers, viewsets

from apps.taxonomy.models import CompetencyUnit, Vocation


class VocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vocation
        fields = ["code", "name", "name_en"]


class CompetencyUnitSerializer(serializers.ModelSerializer):
    vocation = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = CompetencyUnit
        fields = ["code", "title", "title_en", "vocation"]


class CompetencyUnitFilter(django_filters.FilterSet):
    vocation = django_filters.CharFilter(field_name="vocation__code")

    class Meta:
        model = CompetencyUnit
        fields = ["vocation"]


class VocationViewSet(viewsets.ReadOnlyModelViewSet):
    """Vocations (kejuruan). Reference data; edited in the admin."""

    queryset = Vocation.objects.order_by("code")
    serializer_class = VocationSerializer
    lookup_field = "code"
    lookup_value_regex = r"[A-Z]{2,10}"


class CompetencyUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """SKKNI-style competency units; filter by vocation code."""

    queryset = CompetencyUnit.objects.select_related("vocation").order_by("code")
    serializer_class = CompetencyUnitSerializer
    filterset_class = CompetencyUnitFilter
    lookup_field = "code"
    lookup_value_regex = r"[A-Z]\.[0-9]{6}\.[0-9]{3}\.[0-9]{2}"
