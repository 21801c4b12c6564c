import django_filters
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from apps.accounts import policies
from apps.accounts.api import AuditsTraineesShown
from apps.core.api import (
    CodeField,
    FastModelSerializer,
    ScopedPrimaryKeyRelatedField,
    ScopedViewSet,
    StoredChoiceField,
    visible_choices,
)
from apps.employers.models import Employer
from apps.taxonomy.models import CompetencyUnit, Vocation
from apps.trainees.models import Trainee
from apps.vacancies import selectors, services
from apps.vacancies.models import Application, Vacancy


class VacancySerializer(FastModelSerializer):
    employer = ScopedPrimaryKeyRelatedField(queryset=Employer.objects.all(), required=False)
    vocation = CodeField(queryset=Vocation.objects.all())
    competencies = CodeField(many=True, queryset=CompetencyUnit.objects.all(), required=False)
    # "filled" is shown, though set by hiring, not by the client
    status = StoredChoiceField(
        choices=[Vacancy.Status.DRAFT, Vacancy.Status.OPEN, Vacancy.Status.CLOSED], required=False
    )
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "employer",
            "title",
            "description",
            "vocation",
            "competencies",
            "headcount",
            "min_education",
            "gender",
            "age_min",
            "age_max",
            "regency",
            "salary_min",
            "salary_max",
            "closes_on",
            "status",
            "published_at",
            "warnings",
        ]
        read_only_fields = ["published_at"]

    def get_warnings(self, obj: Vacancy) -> list[str]:
        return services.vacancy_warnings(obj) if self.context.get("with_warnings") else []

    def validate(self, attrs):
        def value(name):
            return attrs.get(name, getattr(self.instance, name, None))

        errors = {}
        if (
            value("age_min") is not None
            and value("age_max") is not None
            and value("age_min") > value("age_max")
        ):
            errors["age_max"] = [_("The maximum age cannot be below the minimum age.")]
        smin, smax = value("salary_min"), value("salary_max")
        if smin is not None and smax is not None and smin > smax:
            errors["salary_max"] = [_("The maximum salary cannot be below the minimum salary.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class VacancyFilter(django_filters.FilterSet):
    employer = django_filters.ModelChoiceFilter(queryset=visible_choices(Employer))
    vocation = django_filters.CharFilter(field_name="vocation__code")
    regency = django_filters.CharFilter(field_name="regency_id")
    province = django_filters.CharFilter(field_name="regency__province_id")
    closes_after = django_filters.DateFilter(field_name="closes_on", lookup_expr="gte")

    class Meta:
        model = Vacancy
        fields = ["status", "vocation", "regency", "province", "employer", "closes_after"]


class VacancyViewSet(ScopedViewSet):
    """Vacancies. Employers manage their own (draft → open → closed); staff see all open ones."""

    queryset = Vacancy.objects.select_related("vocation").prefetch_related("competencies").order_by("-id")
    serializer_class = VacancySerializer
    create_roles = frozenset({policies.EMPLOYER})
    filterset_class = VacancyFilter
    list_without_related = ("competencies",)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "with_warnings": self.action != "list"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        employer = data.pop("employer", None) or getattr(user, "employer", None)
        if employer is None:
            raise serializers.ValidationError({"employer": [_("This field is required.")]})
        if not policies.can_create_in(user, employer=employer):
            raise PermissionDenied
        status = data.pop("status", Vacancy.Status.DRAFT)
        if status == Vacancy.Status.CLOSED:
            raise serializers.ValidationError({"status": [_("A new vacancy is a draft or open.")]})
        serializer.instance, _warnings = services.vacancy_create(
            employer=employer, publish=status == Vacancy.Status.OPEN, **data
        )

    @transaction.atomic  # several services: a refused step leaves nothing half-applied
    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("employer", None)
        status = data.pop("status", None)
        vacancy = serializer.instance
        if data:
            vacancy, _warnings = services.vacancy_update(vacancy=vacancy, data=data)
        if status and status != vacancy.status:
            vacancy = services.vacancy_set_status(vacancy=vacancy, status=status)
        serializer.instance = vacancy


class ApplicationSerializer(FastModelSerializer):
    vacancy = ScopedPrimaryKeyRelatedField(queryset=Vacancy.objects.all())
    trainee = serializers.IntegerField(source="trainee_id", min_value=1, max_value=2**53)
    candidate = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "vacancy",
            "trainee",
            "status",
            "source",
            "candidate",
            "created_at",
            "shortlisted_at",
            "interview_at",
            "offered_at",
            "hired_at",
            "rejected_at",
            "withdrawn_at",
        ]
        read_only_fields = [f for f in fields if f not in ("vacancy", "trainee")]
        validators = []

    def get_candidate(self, obj: Application) -> dict | None:
        """Name and phone, only where the policy allows (employers: shortlisted and consented)."""
        user = self.context["request"].user
        if not policies.can_see_contact(user, obj):
            return None
        if not policies.is_owning_blkk(user, obj.trainee):  # someone else's trainee: audited
            self.context.setdefault("trainees_shown", set()).add(obj.trainee_id)
        return {"full_name": obj.trainee.full_name, "phone": obj.trainee.phone}


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Application.Status.choices)


class ApplicationFilter(django_filters.FilterSet):
    vacancy = django_filters.ModelChoiceFilter(queryset=visible_choices(Vacancy))
    trainee = django_filters.ModelChoiceFilter(queryset=visible_choices(Trainee))

    class Meta:
        model = Application
        fields = ["vacancy", "trainee", "status", "source"]


class ApplicationViewSet(AuditsTraineesShown, ScopedViewSet):
    """The pipeline. Staff nominate own graduates; employers move their own vacancies' candidates."""

    queryset = Application.objects.select_related("vacancy", "trainee").order_by("-id")
    serializer_class = ApplicationSerializer
    create_roles = frozenset({policies.STAFF, policies.EMPLOYER})
    filterset_class = ApplicationFilter
    http_method_names = ["get", "post", "head", "options"]
    # A list row needs its vacancy's id and employer only, both columns of the application.
    list_without_related = ("vacancy",)

    def perform_create(self, serializer):
        user = self.request.user
        vacancy = serializer.validated_data["vacancy"]
        trainee = Trainee.objects.filter(pk=serializer.validated_data["trainee_id"]).first()
        source = trainee and selectors.application_source_for(user=user, vacancy=vacancy, trainee=trainee)
        if not source:  # unknown and not-yours look alike: ids cannot be probed
            raise serializers.ValidationError({"trainee": [_("You cannot put this graduate forward.")]})
        serializer.instance = services.application_open(vacancy=vacancy, trainee=trainee, source=source)

    @extend_schema(request=TransitionSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        application = policies.get_for_user(request.user, self.get_queryset(), pk=pk)
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        to = data.validated_data["to"]
        if not policies.can_transition(request.user, application, to):
            raise PermissionDenied
        application = services.application_transition(application=application, to=to)
        return Response(ApplicationSerializer(application, context=self.get_serializer_context()).data)
