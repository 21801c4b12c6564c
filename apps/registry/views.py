"""BLKK profile pages for the centre's own staff."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts import policies
from apps.accounts.decorators import role_required
from apps.accounts.models import User
from apps.core.forms import add_service_errors
from apps.registry import services
from apps.registry.forms import BlkkProfileForm
from apps.registry.models import Blkk

STAFF = User.Role.BLKK_STAFF


def staff_blkk(request: HttpRequest, action: policies.Action = "view") -> Blkk:
    """The BLKK the signed-in staff member works for; 404 for anyone bound to none."""
    return policies.get_for_user(request.user, Blkk, action, pk=request.user.blkk_id)


@role_required(STAFF)
@require_http_methods(["GET"])
def profile(request: HttpRequest) -> HttpResponse:
    blkk = staff_blkk(request)
    blkk = Blkk.objects.select_related("regency__province").prefetch_related("vocations").get(pk=blkk.pk)
    return render(request, "blkk/profile.html", {"blkk": blkk})


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    blkk = staff_blkk(request, "change")
    form = BlkkProfileForm(
        request.POST if request.method == "POST" else None, initial=BlkkProfileForm.initial_for(blkk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.blkk_update(blkk=blkk, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The BLKK profile was saved."))
            return redirect("registry:profile")
    return render(request, "blkk/profile_form.html", {"blkk": blkk, "form": form})
