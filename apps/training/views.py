"""BLKK staff pages: programmes and their cohorts (angkatan), with each cohort's trainees."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts import policies
from apps.accounts.decorators import role_required
from apps.core.forms import add_service_errors
from apps.core.validators import mask_nik
from apps.registry.views import STAFF, staff_blkk
from apps.trainees import services as trainee_services
from apps.trainees.forms import EnrolForm, EnrolmentStatusForm, enrolable_trainees
from apps.trainees.models import Enrolment
from apps.training import services
from apps.training.forms import CohortCreateForm, CohortForm, ProgramForm
from apps.training.models import Cohort, Program

ACTIVE = ~Q(enrolments__status=Enrolment.Status.DROPPED)


def _programs(request: HttpRequest):
    return policies.scope(request.user, Program).select_related("vocation", "blkk")


def _cohorts(request: HttpRequest):
    return policies.scope(request.user, Cohort).select_related("program__vocation", "program__blkk")


def _with_counts(cohorts):
    return cohorts.annotate(
        enrolled=Count("enrolments", filter=ACTIVE),
        graduated=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.GRADUATED)),
    )


# --- programmes ------------------------------------------------------------------------------
@role_required(STAFF)
@require_http_methods(["GET"])
def program_list(request: HttpRequest) -> HttpResponse:
    blkk = staff_blkk(request)
    programs = (
        _programs(request)
        .filter(blkk=blkk)
        .annotate(
            cohort_count=Count("cohorts", distinct=True),
            unit_count=Count("competencies", distinct=True),
        )
        .order_by("title", "pk")
    )
    return render(request, "blkk/program_list.html", {"blkk": blkk, "programs": programs})


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    blkk = staff_blkk(request)
    if not policies.can_create_in(request.user, blkk=blkk):
        raise PermissionDenied
    default_vocation = request.GET.get("vocation") or blkk.vocations.order_by("name").first()
    form = ProgramForm(
        request.POST if request.method == "POST" else None,
        initial={"vocation": default_vocation},
        units_url=request.path,
    )
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(blkk=blkk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The programme “%(title)s” was created.") % {"title": program.title})
            return redirect("training:program-detail", pk=program.pk)
    return render(request, "blkk/program_form.html", {"blkk": blkk, "form": form})


@role_required(STAFF)
@require_http_methods(["GET"])
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = policies.get_for_user(request.user, _programs(request).prefetch_related("competencies"), pk=pk)
    cohorts = _with_counts(program.cohorts.all()).order_by("-number")
    return render(request, "blkk/program_detail.html", {"program": program, "cohorts": cohorts})


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    program = policies.get_for_user(request.user, _programs(request), "change", pk=pk)
    form = ProgramForm(
        request.POST if request.method == "POST" else None,
        initial=ProgramForm.initial_for(program, vocation=request.GET.get("vocation")),
        units_url=request.path,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(program=program, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect("training:program-detail", pk=program.pk)
    return render(request, "blkk/program_form.html", {"program": program, "form": form})


# --- cohorts ---------------------------------------------------------------------------------
@role_required(STAFF)
@require_http_methods(["GET"])
def cohort_list(request: HttpRequest) -> HttpResponse:
    blkk = staff_blkk(request)
    cohorts = _with_counts(_cohorts(request).filter(program__blkk=blkk)).order_by(
        "program__title", "program_id", "-number"
    )
    return render(request, "blkk/cohort_list.html", {"blkk": blkk, "cohorts": cohorts})


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = policies.get_for_user(request.user, _programs(request), "change", pk=program_pk)
    form = CohortCreateForm(
        request.POST if request.method == "POST" else None,
        initial={"capacity": program.default_capacity},
    )
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(program=program, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cohort %(number)s was created.") % {"number": cohort.number})
            return redirect("training:cohort-detail", pk=cohort.pk)
    return render(request, "blkk/cohort_form.html", {"program": program, "form": form})


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = policies.get_for_user(request.user, _cohorts(request), "change", pk=pk)
    form = CohortForm(
        request.POST if request.method == "POST" else None, initial=CohortForm.initial_for(cohort)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(cohort=cohort, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The cohort was saved."))
            return redirect("training:cohort-detail", pk=cohort.pk)
    return render(
        request, "blkk/cohort_form.html", {"program": cohort.program, "cohort": cohort, "form": form}
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A cohort with its trainees; POST enrols an existing trainee of the BLKK."""
    cohort = policies.get_for_user(request.user, _cohorts(request), pk=pk)
    candidates = enrolable_trainees(policies.scope(request.user, cohort.program.blkk.trainees.all()), cohort)
    form = EnrolForm(request.POST if request.method == "POST" else None, trainees=candidates)
    if request.method == "POST":
        if not policies.can(request.user, "change", cohort):
            raise PermissionDenied
        if form.is_valid():
            try:
                trainee_services.enrolment_create(trainee=form.cleaned_data["trainee"], cohort=cohort)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s was enrolled.") % {"name": form.cleaned_data["trainee"].full_name},
                )
                return redirect("training:cohort-detail", pk=cohort.pk)
    enrolments = (
        cohort.enrolments.select_related("trainee")
        .prefetch_related("competencies")
        .order_by("trainee__full_name", "pk")
    )
    rows = [
        (e, mask_nik(e.trainee.nik), EnrolmentStatusForm(initial={"status": e.status}, prefix=f"e{e.pk}"))
        for e in enrolments
    ]
    active = sum(1 for e in enrolments if e.status != Enrolment.Status.DROPPED)
    return render(
        request,
        "blkk/cohort_detail.html",
        {
            "cohort": cohort,
            "program": cohort.program,
            "rows": rows,
            "active": active,
            "form": form,
            "graduate_url": reverse("trainees:graduate", kwargs={"pk": cohort.pk}),
            "register_url": reverse("trainees:trainee-create"),
        },
    )
