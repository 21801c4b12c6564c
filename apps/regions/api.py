import django_filters
from rest_framework import serializers, viewsets

from apps.regions.models import Regency


class RegencySerializer(serializers.ModelSerializer):
    province_code = serializers.CharField(source="province_id", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)

    class Meta:
        model = Regency
        fields = ["code", "name", "kind", "province_code", "province_name", "latitude", "longitude"]


class RegencyFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="province_id")
    kind = django_filters.ChoiceFilter(choices=Regency.Kind.choices)

    class Meta:
        model = Regency
        fields = ["province", "kind"]


class RegencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Regencies and cities (Kemendagri codes, e.g. 33.25) with their centroids."""

    queryset = Regency.objects.select_related("province").order_by("code")
    serializer_class = RegencySerializer
    filterset_class = RegencyFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{2}\.[0-9]{2}"
