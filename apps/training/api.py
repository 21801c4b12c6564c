import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from apps.accounts import policies
from apps.core.api import (
    CodeField,
    FastModelSerializer,
    ScopedPrimaryKeyRelatedField,
    ScopedViewSet,
    visible_choices,
)
from apps.registry.models import Blkk
from apps.taxonomy.models import CompetencyUnit, Vocation
from apps.training import services
from apps.training.models import Cohort, Program


def owning_blkk(request, validated: dict) -> Blkk:
    """Staff always work for their own BLKK; an admin names one."""
    user = request.user
    blkk = validated.pop("blkk", None) or getattr(user, "blkk", None)
    if blkk is None:
        raise serializers.ValidationError({"blkk": [_("This field is required.")]})
    if not policies.can_create_in(user, blkk=blkk):
        raise PermissionDenied
    return blkk


class ProgramSerializer(FastModelSerializer):
    blkk = ScopedPrimaryKeyRelatedField(queryset=Blkk.objects.all(), required=False)
    vocation = CodeField(queryset=Vocation.objects.all())
    competencies = CodeField(many=True, queryset=CompetencyUnit.objects.all(), required=False)

    class Meta:
        model = Program
        fields = ["id", "blkk", "vocation", "title", "competencies", "hours", "default_capacity"]


class ProgramFilter(django_filters.FilterSet):
    blkk = django_filters.ModelChoiceFilter(queryset=visible_choices(Blkk))
    vocation = django_filters.CharFilter(field_name="vocation__code")

    class Meta:
        model = Program
        fields = ["blkk", "vocation"]


class ProgramViewSet(ScopedViewSet):
    queryset = (
        Program.objects.select_related("vocation")
        .prefetch_related("competencies")
        .order_by("blkk_id", "title", "id")
    )
    serializer_class = ProgramSerializer
    create_roles = frozenset({policies.STAFF})
    filterset_class = ProgramFilter
    list_without_related = ("competencies",)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        blkk = owning_blkk(self.request, data)
        serializer.instance = services.program_create(blkk=blkk, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("blkk", None)  # a programme stays with its BLKK
        serializer.instance = services.program_update(program=serializer.instance, data=data)


class CohortSerializer(FastModelSerializer):
    program = ScopedPrimaryKeyRelatedField(queryset=Program.objects.all())
    number = serializers.IntegerField(min_value=1, max_value=10_000, required=False)

    class Meta:
        model = Cohort
        fields = ["id", "program", "number", "start_date", "end_date", "capacity", "status"]
        extra_kwargs = {"capacity": {"required": False}}
        validators = []  # (program, number) uniqueness is answered by the service as a field error

    def validate(self, attrs):
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end_date": [_("The end date cannot be before the start date.")]}
            )
        return attrs


class CohortFilter(django_filters.FilterSet):
    program = django_filters.ModelChoiceFilter(queryset=visible_choices(Program))
    blkk = django_filters.ModelChoiceFilter(field_name="program__blkk", queryset=visible_choices(Blkk))

    class Meta:
        model = Cohort
        fields = ["program", "status", "blkk"]


class CohortViewSet(ScopedViewSet):
    queryset = Cohort.objects.select_related("program").order_by("program_id", "number")
    serializer_class = CohortSerializer
    create_roles = frozenset({policies.STAFF})
    filterset_class = CohortFilter

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        if not policies.can_create_in(self.request.user, blkk=data["program"].blkk):
            raise PermissionDenied
        serializer.instance = services.cohort_create(**data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("program", None)
        serializer.instance = services.cohort_update(cohort=serializer.instance, data=data)
