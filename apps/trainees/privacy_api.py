"""API for a trainee's data-subject rights (UU PDP): ``GET …/export/`` and ``POST …/erase/``.

The owning BLKK's staff and admins only (``policies.can_see_personal_data``); anyone else —
other BLKK, employers, officials — gets a 404.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiTypes, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import policies
from apps.trainees import privacy
from apps.trainees.models import Trainee


def _trainee(request: Request, pk: int) -> Trainee:
    trainee = policies.get_for_user(request.user, Trainee.objects.select_related("blkk"), pk=pk)
    if not policies.can_see_personal_data(request.user, trainee):
        raise Http404
    return trainee


class TraineeExportView(APIView):
    """Everything held about one trainee (data-subject export); writes an ``export`` log row."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int) -> Response:
        data = privacy.trainee_export(_trainee(request, pk), request.user, request=request)
        return Response(data, headers={"Cache-Control": "no-store"})


class TraineeEraseView(APIView):
    """Anonymise one trainee on their request; idempotent (``erased`` false when already done)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "TraineeErased",
                {"id": serializers.IntegerField(), "erased": serializers.BooleanField()},
            )
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        trainee = _trainee(request, pk)
        erased = privacy.trainee_erase(trainee, request.user, request=request)
        return Response({"id": trainee.pk, "erased": erased})
