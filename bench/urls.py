"""The portal's URLs plus ``/bench/reference/trainees/``: a textbook DRF list, the yardstick of
issue #7's targets ("a DRF list of 50 filtered rows serves about 390 requests/s").

The reference is what the DRF tutorial would write: a ``ModelSerializer`` of the trainee's own
columns, ``PageNumberPagination`` (with its ``COUNT(*)``) of 50, DRF's token authentication, its
JSON renderer, no throttle, one filter (``?blkk=``), ordered by name as the portal orders
trainees (the ``(blkk, full_name, id)`` index serves both). It runs in the same processes, behind the same
middleware, on the same database as the portal's lists, so one run tells how fast this machine
serves a plain list: the portal's rows read against it, not against another machine's numbers.
"""

from django.urls import path
from rest_framework import authentication, generics, pagination, permissions, renderers, serializers

from apps.trainees.api import TraineeSerializer
from apps.trainees.models import Trainee
from blkk_portal.urls import urlpatterns as portal_urlpatterns


class ReferenceTraineeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Trainee
        # The trainee's own columns the portal's list shows (not its computed warnings and age flag).
        fields = [name for name in TraineeSerializer.Meta.fields if name not in ("is_minor", "warnings")]


class ReferencePagination(pagination.PageNumberPagination):
    page_size = 50


class ReferenceTraineeList(generics.ListAPIView):
    authentication_classes = [authentication.TokenAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = []
    renderer_classes = [renderers.JSONRenderer]
    filter_backends = []
    pagination_class = ReferencePagination
    serializer_class = ReferenceTraineeSerializer

    def get_queryset(self):
        trainees = Trainee.objects.order_by("full_name", "pk")  # as the portal lists them (indexed)
        blkk = self.request.query_params.get("blkk", "")
        return trainees.filter(blkk=blkk) if blkk.isdigit() else trainees


urlpatterns = [
    path("bench/reference/trainees/", ReferenceTraineeList.as_view(), name="bench-reference-trainees"),
    *portal_urlpatterns,
]
