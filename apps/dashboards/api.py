from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.drf import JSONRenderer
from apps.dashboards import answers
from apps.dashboards.selectors import placement_summary


class SummaryQuerySerializer(serializers.Serializer):
    province = serializers.RegexField(r"^\d{2}$", required=False)
    regency = serializers.RegexField(r"^\d{2}\.\d{2}$", required=False)


class CountsSerializer(serializers.Serializer):
    """The placement figures shared by the total and each regency's row."""

    blkk_count = serializers.IntegerField()
    trainees = serializers.IntegerField()
    graduates = serializers.IntegerField()
    placed = serializers.IntegerField()
    placement_rate = serializers.FloatField()
    open_vacancies = serializers.IntegerField()
    open_positions = serializers.IntegerField()


class RegencyRowSerializer(CountsSerializer):
    code = serializers.CharField()
    name = serializers.CharField()


class SummarySerializer(CountsSerializer):
    by_regency = RegencyRowSerializer(many=True)


class DashboardSummaryView(APIView):
    """Placement aggregates inside the caller's scope; filter by province or regency code."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[SummaryQuerySerializer], responses=SummarySerializer)
    def get(self, request):
        query = SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        # The selector's dicts already have exactly the serializer's fields (the schema documents
        # them): the national answer's 514 rows go out without 5,000 field round trips.
        where = query.validated_data
        parts = (where.get("province"), where.get("regency"))
        renderer = request.accepted_renderer
        if isinstance(renderer, JSONRenderer):  # the JSON itself is kept: no decoding, no encoding
            body = answers.remember(
                "api:summary:json",
                request.user,
                parts,
                lambda: renderer.render(placement_summary(user=request.user, **where)),
            )
            return HttpResponse(body, content_type=renderer.media_type)
        return Response(
            answers.remember(
                "api:summary", request.user, parts, lambda: placement_summary(user=request.user, **where)
            )
        )
