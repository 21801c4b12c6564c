from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import policies
from apps.accounts.api import AuditsTraineesShown
from apps.core.api import FastModelSerializer, PreparedList
from apps.matching import selectors, services
from apps.matching.models import Match, MatchRun
from apps.vacancies.models import Vacancy


class MatchRunSerializer(FastModelSerializer):
    class Meta:
        model = MatchRun
        fields = [
            "id",
            "scope",
            "vacancy",
            "status",
            "progress",
            "counts",
            "timings",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class MatchRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Match runs and their progress (0–1); employers see their vacancies' runs."""

    queryset = MatchRun.objects.order_by("-created_at", "-id")
    serializer_class = MatchRunSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["status", "scope", "vacancy"]

    def get_queryset(self):
        return policies.scope(self.request.user, self.queryset.all())


class CandidateSerializer(FastModelSerializer):
    """One graduate on a vacancy's shortlist, with the explanation of the score. Never a NIK,
    birth date or address; name and phone only where the policy module allows."""

    candidate = serializers.IntegerField(source="trainee_id")
    blkk = serializers.CharField(source="trainee.blkk.name")
    education = serializers.CharField(source="trainee.education")
    gender = serializers.CharField(source="trainee.gender")
    regency = serializers.CharField(source="trainee.regency_id")
    application = serializers.SerializerMethodField()
    full_name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Match
        fields = [
            "candidate",
            "score",
            "rank",
            "matched",
            "missing",
            "reasons",
            "proposed",
            "blkk",
            "education",
            "gender",
            "regency",
            "application",
            "full_name",
            "phone",
        ]
        read_only_fields = fields

    def _contact(self, obj: Match) -> bool:
        known = obj.__dict__.get("_contact_shown")  # asked by full_name and phone alike
        if known is None:
            user = self.context["request"].user
            vacancy = self.context.get("vacancy")  # the list's own vacancy: no join to it per row
            if vacancy is None or vacancy.pk != obj.vacancy_id:
                vacancy = obj.vacancy
            known = obj.__dict__["_contact_shown"] = policies.can_see_candidate_contact(
                user, trainee=obj.trainee, employer_id=vacancy.employer_id, status=obj.application_status
            )
            if known and not policies.is_owning_blkk(user, obj.trainee):  # not theirs: audited
                self.context.setdefault("trainees_shown", set()).add(obj.trainee_id)
        return known

    def get_application(self, obj: Match) -> dict | None:
        if obj.application_id is None:
            return None
        return {"id": obj.application_id, "status": obj.application_status}

    def get_full_name(self, obj: Match) -> str | None:
        return obj.trainee.full_name if self._contact(obj) else None

    def get_phone(self, obj: Match) -> str | None:
        return obj.trainee.phone if self._contact(obj) else None


# What a candidate row reads: the match, the trainee's shown fields and those the contact policy
# checks (consent, erasure, age), and the BLKK's name.
CANDIDATE_COLUMNS = (
    *(field.name for field in Match._meta.concrete_fields if field.name != "run"),
    *(f"trainee__{name}" for name in ("blkk", "full_name", "phone", "gender", "education", "regency")),
    *(f"trainee__{name}" for name in ("consent_share", "erased_at", "birth_date")),
    "trainee__blkk__name",
)


class VacancyCandidatesView(AuditsTraineesShown, PreparedList, ListAPIView):
    """The ranked, explained shortlist of a vacancy; ``proposed`` marks the allocation plan. Every
    name and phone it shows anyone but the trainee's own BLKK is written to the access log."""

    serializer_class = CandidateSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["proposed"]
    short_by_design = True  # a shortlist holds the top MATCHING_TOP_K (50): read whole, paged in memory

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Match.objects.none()
        # Of the vacancy, the shortlist needs its key and its employer.
        vacancy = Vacancy.objects.only("pk", "employer")
        self.vacancy = policies.get_for_user(self.request.user, vacancy, pk=self.kwargs["pk"])
        candidates = selectors.candidates_for(user=self.request.user, vacancy=self.vacancy)
        # Every row's vacancy is this one (the serializer has it from the context): no join to it.
        # Of the trainee and the BLKK, only what the serializer and the contact policy read.
        return candidates.select_related(None).select_related("trainee__blkk").only(*CANDIDATE_COLUMNS)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "vacancy": getattr(self, "vacancy", None)}


class VacancyMatchView(APIView):
    """Start a match run for one vacancy (its employer or an admin). Answers 202 with the run."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={202: inline_serializer("MatchStarted", {"run": serializers.IntegerField()})},
    )
    def post(self, request, pk):
        vacancy = policies.get_for_user(request.user, Vacancy, action="change", pk=pk)
        if vacancy.status != Vacancy.Status.OPEN:
            raise serializers.ValidationError({"status": [_("Only an open vacancy can be matched.")]})
        run = services.request_for_vacancy(vacancy, by=request.user)
        return Response({"run": run.pk}, status=status.HTTP_202_ACCEPTED)
