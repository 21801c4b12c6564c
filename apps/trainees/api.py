import datetime as dt
from functools import cached_property

import django_filters
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from apps.accounts import policies
from apps.accounts.api import AuditsTraineesShown
from apps.accounts.models import AccessLog
from apps.core.api import (
    CodeField,
    FastModelSerializer,
    ScopedPrimaryKeyRelatedField,
    ScopedViewSet,
    StoredChoiceField,
    visible_choices,
)
from apps.core.validators import mask_nik
from apps.registry.models import Blkk
from apps.taxonomy.models import CompetencyUnit
from apps.trainees import services
from apps.trainees.models import Enrolment, Trainee, adult_born_on_or_before
from apps.training.api import owning_blkk
from apps.training.models import Cohort
from apps.vacancies.models import Application


class TraineeSerializer(FastModelSerializer):
    """Full record: for the owning BLKK's staff and admins only."""

    blkk = ScopedPrimaryKeyRelatedField(queryset=Blkk.objects.all(), required=False)
    warnings = serializers.SerializerMethodField()
    is_minor = serializers.SerializerMethodField()

    class Meta:
        model = Trainee
        fields = [
            "id",
            "blkk",
            "nik",
            "full_name",
            "gender",
            "birth_date",
            "education",
            "regency",
            "address",
            "phone",
            "email",
            "relocate",
            "consent_share",
            "consent_share_at",
            "objects_to_matching",
            "nik_review",
            "is_minor",
            "warnings",
        ]
        read_only_fields = ["consent_share_at", "nik_review"]

    def get_warnings(self, obj: Trainee) -> list[str]:
        return obj.nik_warnings

    def get_is_minor(self, obj: Trainee) -> bool:
        """``Trainee.is_minor``, with today's date read once per response, not once per row."""
        return obj.birth_date > self._adult_born_on_or_before

    @cached_property
    def _adult_born_on_or_before(self) -> dt.date:
        return adult_born_on_or_before(timezone.localdate())


class TraineeSummarySerializer(FastModelSerializer):
    """What an official may read inside their scope: no NIK (masked), birth date or contact."""

    nik = serializers.SerializerMethodField()

    class Meta:
        model = Trainee
        fields = [
            "id",
            "blkk",
            "nik",
            "full_name",
            "gender",
            "education",
            "regency",
            "relocate",
            "consent_share",
        ]
        read_only_fields = fields

    def get_nik(self, obj: Trainee) -> str:
        return mask_nik(obj.nik)


class TraineeMaskedListSerializer(TraineeSerializer):
    """An admin's list page: the full record with the NIK masked, as the admin site's list shows
    it. One record (``retrieve``) shows the NIK whole, and that view is logged."""

    nik = serializers.SerializerMethodField()

    def get_nik(self, obj: Trainee) -> str:
        return mask_nik(obj.nik)


class TraineeFilter(django_filters.FilterSet):
    STATUS_CHOICES = [*Enrolment.Status.choices, ("placed", _("placed (hired)"))]
    blkk = django_filters.ModelChoiceFilter(queryset=visible_choices(Blkk))
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status")
    regency = django_filters.CharFilter(field_name="regency_id")

    class Meta:
        model = Trainee
        fields = ["blkk", "status", "regency"]

    def filter_status(self, queryset, name, value):
        if value == "placed":
            hired = Application.objects.filter(trainee=OuterRef("pk"), status=Application.Status.HIRED)
            return queryset.filter(Exists(hired))
        enrolled = Enrolment.objects.filter(trainee=OuterRef("pk"), status=value)
        return queryset.filter(Exists(enrolled))


class TraineeViewSet(AuditsTraineesShown, ScopedViewSet):
    """Trainees of a BLKK. Staff: own BLKK, full data. Officials: scope, no NIK. Employers: none."""

    queryset = Trainee.objects.order_by("full_name", "id")
    serializer_class = TraineeSerializer
    filterset_class = TraineeFilter
    create_roles = frozenset({policies.STAFF})
    audited_action = AccessLog.Action.VIEW_NIK

    def get_serializer_class(self):
        role = policies.role_of(self.request.user)
        if role == policies.OFFICIAL:
            return TraineeSummarySerializer
        if getattr(self, "action", None) == "list" and role != policies.STAFF:
            return TraineeMaskedListSerializer  # staff list their own BLKK's trainees only
        return TraineeSerializer

    def get_object(self):
        """One full record read by anyone but its own BLKK's staff (an admin) is a view of its NIK:
        written to the access log (UU PDP) once the response succeeds. A list shows an admin
        masked NIKs."""
        trainee = super().get_object()
        if (
            self.action == "retrieve"
            and self.get_serializer_class() is TraineeSerializer
            and not policies.is_owning_blkk(self.request.user, trainee)
        ):
            self.trainees_shown.add(trainee.pk)
        return trainee

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        blkk = owning_blkk(self.request, data)
        serializer.instance, _warnings = services.trainee_create(blkk=blkk, **data)

    @transaction.atomic  # several services: a refused step leaves nothing half-applied
    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("blkk", None)
        trainee = serializer.instance
        if "consent_share" in data and data["consent_share"] != trainee.consent_share:
            services.trainee_set_consent(trainee=trainee, consent=data.pop("consent_share"))
        if "objects_to_matching" in data and data["objects_to_matching"] != trainee.objects_to_matching:
            services.trainee_set_objection(trainee=trainee, objects=data.pop("objects_to_matching"))
        serializer.instance, _warnings = services.trainee_update(trainee=trainee, data=data)


class EnrolmentSerializer(FastModelSerializer):
    trainee = ScopedPrimaryKeyRelatedField(queryset=Trainee.objects.all())
    cohort = ScopedPrimaryKeyRelatedField(queryset=Cohort.objects.all())
    competencies = CodeField(many=True, read_only=True)
    # graduated is shown, though set only through graduate/
    status = StoredChoiceField(
        choices=[c for c in Enrolment.Status.choices if c[0] != Enrolment.Status.GRADUATED], required=False
    )

    class Meta:
        model = Enrolment
        fields = ["id", "trainee", "cohort", "status", "graduated_on", "certificate_number", "competencies"]
        read_only_fields = ["graduated_on", "certificate_number"]
        validators = []  # duplicates are answered by the service as a field error


class GraduateSerializer(serializers.Serializer):
    graduated_on = serializers.DateField()
    competencies = CodeField(many=True, queryset=CompetencyUnit.objects.all(), required=False)
    certificate_number = serializers.CharField(max_length=50, required=False, allow_blank=True)


class EnrolmentFilter(django_filters.FilterSet):
    trainee = django_filters.ModelChoiceFilter(queryset=visible_choices(Trainee))
    cohort = django_filters.ModelChoiceFilter(queryset=visible_choices(Cohort))

    class Meta:
        model = Enrolment
        fields = ["trainee", "cohort", "status"]


class EnrolmentViewSet(ScopedViewSet):
    queryset = (
        Enrolment.objects.select_related("trainee", "cohort").prefetch_related("competencies").order_by("id")
    )
    serializer_class = EnrolmentSerializer
    create_roles = frozenset({policies.STAFF})
    filterset_class = EnrolmentFilter
    list_without_related = ("trainee", "cohort", "competencies")

    def perform_create(self, serializer):
        data = serializer.validated_data
        if not policies.can_create_in(self.request.user, blkk=data["cohort"].program.blkk):
            raise PermissionDenied
        serializer.instance = services.enrolment_create(
            trainee=data["trainee"],
            cohort=data["cohort"],
            status=data.get("status", Enrolment.Status.REGISTERED),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        if "status" in data and data["status"] != serializer.instance.status:
            serializer.instance = services.enrolment_set_status(
                enrolment=serializer.instance, status=data["status"]
            )

    @extend_schema(request=GraduateSerializer, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def graduate(self, request, pk=None):
        enrolment = self.get_object()
        data = GraduateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrolment = services.enrolment_graduate(enrolment=enrolment, **data.validated_data)
        return Response(EnrolmentSerializer(enrolment, context=self.get_serializer_context()).data)
