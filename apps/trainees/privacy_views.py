"""BLKK staff pages for a trainee's data-subject rights (UU PDP): export and erasure.

The owning BLKK's staff and admins only (``policies.can_see_personal_data``); anyone else gets a
404, so ids cannot be probed. The work is done by ``apps.trainees.privacy``.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts import policies
from apps.accounts.decorators import role_required
from apps.registry.views import STAFF
from apps.trainees import privacy
from apps.trainees.models import Trainee

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def privacy_trainee(request: HttpRequest, pk: int) -> Trainee:
    """The trainee, if this user may see their personal data; a 404 otherwise."""
    trainee = policies.get_for_user(request.user, Trainee.objects.select_related("blkk"), pk=pk)
    if not policies.can_see_personal_data(request.user, trainee):
        raise Http404
    return trainee


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # personal data: no copies in shared caches
    return response


@role_required(STAFF)
@require_http_methods(["GET"])
def trainee_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = privacy_trainee(request, pk)
    data = privacy.trainee_export(trainee, request.user, request=request)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return _download(body, "application/json; charset=utf-8", f"data-peserta-{trainee.pk}.json")


@role_required(STAFF)
@require_http_methods(["GET"])
def trainee_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = privacy_trainee(request, pk)
    data = privacy.trainee_export(trainee, request.user, request=request)
    return _download(privacy.trainee_export_xlsx(data), XLSX, f"data-peserta-{trainee.pk}.xlsx")


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def trainee_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation page; POST: anonymise the trainee (harmless if already erased)."""
    trainee = privacy_trainee(request, pk)
    if request.method == "POST":
        if privacy.trainee_erase(trainee, request.user, request=request):
            messages.success(request, _("The trainee's personal data was erased."))
        else:
            messages.info(request, _("This trainee's personal data had already been erased."))
        return redirect("trainees:trainee-detail", pk=trainee.pk)
    return render(request, "blkk/privacy_erase_confirm.html", {"trainee": trainee})
