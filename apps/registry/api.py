import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from apps.accounts import policies
from apps.core.api import CodeField, FastModelSerializer, ScopedViewSet
from apps.registry import services
from apps.registry.models import Blkk
from apps.taxonomy.models import Vocation


class BlkkSerializer(FastModelSerializer):
    vocations = CodeField(many=True, queryset=Vocation.objects.all(), required=False)

    class Meta:
        model = Blkk
        fields = [
            "id",
            "name",
            "registration_number",
            "host_type",
            "host_name",
            "regency",
            "address",
            "phone",
            "email",
            "vocations",
            "verified",
            "active",
        ]
        read_only_fields = ["verified", "active"]

    def validate_registration_number(self, value: str) -> str:
        if self.instance is not None and value != self.instance.registration_number:
            raise serializers.ValidationError(_("The registration number cannot be changed."))
        return value


class BlkkFilter(django_filters.FilterSet):
    regency = django_filters.CharFilter(field_name="regency_id")
    province = django_filters.CharFilter(field_name="regency__province_id")
    vocation = django_filters.CharFilter(field_name="vocations__code", distinct=True)
    verified = django_filters.BooleanFilter()

    class Meta:
        model = Blkk
        fields = ["regency", "province", "vocation", "verified"]


class VerifySerializer(serializers.Serializer):
    verified = serializers.BooleanField(default=True)


class BlkkViewSet(ScopedViewSet):
    """BLKK: staff see and edit their own; officials read and verify in their scope."""

    queryset = Blkk.objects.select_related("regency").prefetch_related("vocations").order_by("name", "id")
    serializer_class = BlkkSerializer
    create_roles: frozenset[str] = frozenset()  # the registry is the ministry's: admins only
    filterset_class = BlkkFilter
    list_without_related = ("regency", "vocations")

    def perform_create(self, serializer):
        if not policies.is_admin(self.request.user):
            raise PermissionDenied
        serializer.instance = services.blkk_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.blkk_update(blkk=serializer.instance, data=serializer.validated_data)

    @extend_schema(request=VerifySerializer, responses=BlkkSerializer)
    @action(detail=True, methods=["post"], object_action="verify")
    def verify(self, request, pk=None):
        blkk = self.get_object()
        data = VerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        blkk = services.blkk_verify(blkk=blkk, by=request.user, verified=data.validated_data["verified"])
        return Response(BlkkSerializer(blkk, context=self.get_serializer_context()).data)
