import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from apps.accounts import policies
from apps.core.api import FastModelSerializer, ScopedViewSet
from apps.employers import services
from apps.employers.models import Employer, IndustrialPark
from apps.registry.api import VerifySerializer


class IndustrialParkSerializer(FastModelSerializer):
    class Meta:
        model = IndustrialPark
        fields = ["id", "name", "short_name", "regency"]


class IndustrialParkViewSet(viewsets.ReadOnlyModelViewSet):
    """Industrial parks (kawasan industri), e.g. KITB. Reference data; edited in the admin."""

    queryset = IndustrialPark.objects.order_by("name")
    serializer_class = IndustrialParkSerializer
    filterset_fields = ["regency"]


class EmployerSerializer(FastModelSerializer):
    class Meta:
        model = Employer
        fields = [
            "id",
            "name",
            "nib",
            "kbli",
            "industrial_park",
            "regency",
            "address",
            "contact_name",
            "contact_email",
            "contact_phone",
            "verified",
        ]
        read_only_fields = ["verified"]

    def validate_nib(self, value: str) -> str:
        if self.instance is not None and value != self.instance.nib:
            raise serializers.ValidationError(_("The NIB cannot be changed."))
        return value


class EmployerFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="regency__province_id")

    class Meta:
        model = Employer
        fields = ["industrial_park", "regency", "province", "verified"]


class EmployerViewSet(ScopedViewSet):
    """Employers: each sees and edits its own profile; officials read and verify in scope."""

    queryset = Employer.objects.order_by("name", "id")
    serializer_class = EmployerSerializer
    create_roles: frozenset[str] = frozenset()  # admins only
    filterset_class = EmployerFilter

    def perform_create(self, serializer):
        if not policies.is_admin(self.request.user):
            raise PermissionDenied
        serializer.instance = services.employer_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.employer_update(
            employer=serializer.instance, data=serializer.validated_data
        )

    @extend_schema(request=VerifySerializer, responses=EmployerSerializer)
    @action(detail=True, methods=["post"], object_action="verify")
    def verify(self, request, pk=None):
        employer = self.get_object()
        data = VerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        employer = services.employer_verify(
            employer=employer, by=request.user, verified=data.validated_data["verified"]
        )
        return Response(EmployerSerializer(employer, context=self.get_serializer_context()).data)
