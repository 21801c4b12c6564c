"""BLKK staff pages: trainees, enrolment status, graduation, spreadsheet import and export."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from kombu.exceptions import OperationalError as BrokerError

from apps.accounts import policies
from apps.accounts.decorators import role_required
from apps.accounts.models import AccessLog
from apps.accounts.services import access_log_record
from apps.core.forms import add_service_errors
from apps.core.pagination import Paginator
from apps.core.validators import mask_nik
from apps.registry.views import STAFF, staff_blkk
from apps.trainees import exports, imports, services, tasks
from apps.trainees.forms import (
    ConsentForm,
    EnrolmentStatusForm,
    GraduatesForm,
    GraduationForm,
    ImportUploadForm,
    ObjectionForm,
    TraineeCreateForm,
    TraineeFilterForm,
    TraineeForm,
)
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort

logger = logging.getLogger(__name__)
PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _trainees(request: HttpRequest) -> QuerySet[Trainee]:
    return policies.scope(request.user, Trainee).select_related("regency", "blkk")


def _warn(request: HttpRequest, warnings: list[str]) -> None:
    for warning in warnings:
        messages.warning(request, warning)


# --- trainees --------------------------------------------------------------------------------
@role_required(STAFF)
@require_http_methods(["GET"])
def trainee_list(request: HttpRequest) -> HttpResponse:
    blkk = staff_blkk(request)
    enrolments = Enrolment.objects.select_related("cohort__program").order_by("-cohort__start_date", "-pk")
    trainees = (
        _trainees(request)
        .filter(blkk=blkk)
        .prefetch_related(Prefetch("enrolments", queryset=enrolments))
        .order_by("full_name", "pk")
    )
    filters = TraineeFilterForm(request.GET)
    page = Paginator(filters.filter(trainees), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(t, mask_nik(t.nik), next(iter(t.enrolments.all()), None)) for t in page]
    return render(
        request, "blkk/trainee_list.html", {"blkk": blkk, "filters": filters, "page": page, "rows": rows}
    )


# Files up to this many rows are committed inside the request (bulk insert: well under a second);
# bigger ones go to a Celery worker and the page polls their progress.
INLINE_IMPORT_ROWS = 2000


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def trainee_create(request: HttpRequest) -> HttpResponse:
    blkk = staff_blkk(request)
    if not policies.can_create_in(request.user, blkk=blkk):
        raise PermissionDenied
    form = TraineeCreateForm(
        request.POST if request.method == "POST" else None, initial={"regency": blkk.regency_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            trainee, warnings = services.trainee_create(blkk=blkk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": trainee.full_name})
            _warn(request, warnings)
            return redirect("trainees:trainee-detail", pk=trainee.pk)
    return render(request, "blkk/trainee_form.html", {"blkk": blkk, "form": form})


@role_required(STAFF)
@require_http_methods(["GET"])
def trainee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = policies.get_for_user(request.user, _trainees(request), pk=pk)
    if not policies.can_see_personal_data(request.user, trainee):
        raise Http404
    if trainee.blkk_id != request.user.blkk_id:  # an admin: every view of a NIK is logged
        access_log_record(
            user=request.user, action=AccessLog.Action.VIEW_NIK, trainee_ids=[trainee.pk], request=request
        )
    enrolments = trainee.enrolments.select_related("cohort__program").prefetch_related("competencies")
    return render(
        request,
        "blkk/trainee_detail.html",
        {
            "trainee": trainee,
            "enrolments": enrolments.order_by("-cohort__start_date", "-pk"),
        },
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def trainee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = policies.get_for_user(request.user, _trainees(request), "change", pk=pk)
    form = TraineeForm(
        request.POST if request.method == "POST" else None, initial=TraineeForm.initial_for(trainee)
    )
    if request.method == "POST" and form.is_valid():
        try:
            trainee, warnings = services.trainee_update(trainee=trainee, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The trainee's data was saved."))
            _warn(request, warnings)
            return redirect("trainees:trainee-detail", pk=trainee.pk)
    return render(request, "blkk/trainee_form.html", {"trainee": trainee, "form": form})


@role_required(STAFF)
@require_POST
def trainee_consent(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = policies.get_for_user(request.user, _trainees(request), "change", pk=pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.trainee_set_consent(trainee=trainee, consent=form.cleaned_data["consent"])
        if trainee.consent_share:
            messages.success(request, _("Consent to share with employers was recorded."))
        else:
            messages.success(request, _("Consent was withdrawn; employers no longer see this trainee."))
    return redirect("trainees:trainee-detail", pk=trainee.pk)


@role_required(STAFF)
@require_POST
def trainee_objection(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = policies.get_for_user(request.user, _trainees(request), "change", pk=pk)
    form = ObjectionForm(request.POST)
    if form.is_valid():
        services.trainee_set_objection(trainee=trainee, objects=form.cleaned_data["objects"])
        if trainee.objects_to_matching:
            messages.success(request, _("The objection was recorded: no more automated proposals."))
        else:
            messages.success(request, _("The objection was lifted: the trainee can be matched again."))
    return redirect("trainees:trainee-detail", pk=trainee.pk)


# --- enrolments and graduation ---------------------------------------------------------------
@role_required(STAFF)
@require_POST
def enrolment_status(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = policies.get_for_user(
        request.user,
        policies.scope(request.user, Enrolment).select_related("trainee", "cohort__program"),
        "change",
        pk=pk,
    )
    form = EnrolmentStatusForm(request.POST, prefix=f"e{enrolment.pk}")
    if enrolment.status == Enrolment.Status.GRADUATED:
        messages.error(request, _("A graduate's enrolment is changed on the graduation page."))
    elif form.is_valid():
        try:
            services.enrolment_set_status(enrolment=enrolment, status=form.cleaned_data["status"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": enrolment.trainee.full_name, "status": enrolment.get_status_display()},
            )
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("training:cohort-detail", pk=enrolment.cohort_id)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def cohort_graduate(request: HttpRequest, pk: int) -> HttpResponse:
    """Graduate a cohort: per trainee the units achieved (default all) or dropped out; one date."""
    cohort = policies.get_for_user(
        request.user, policies.scope(request.user, Cohort).select_related("program"), "change", pk=pk
    )
    enrolments = (
        cohort.enrolments.exclude(status=Enrolment.Status.DROPPED)
        .select_related("trainee")
        .prefetch_related("competencies")
        .order_by("trainee__full_name", "pk")
    )
    units = cohort.program.competencies.order_by("code")
    data = request.POST if request.method == "POST" else None
    date_form = GraduationForm(data, cohort=cohort)
    graduates_form = GraduatesForm(data, enrolments=enrolments, units=units)
    if request.method == "POST" and graduates_form.enrolments:
        date_valid, graduates_valid = date_form.is_valid(), graduates_form.is_valid()
        if date_valid and graduates_valid:
            try:
                graduates = services.cohort_graduate(
                    cohort=cohort,
                    graduated_on=date_form.cleaned_data["graduated_on"],
                    competencies_by_enrolment=graduates_form.competencies_by_enrolment(),
                    dropped=graduates_form.dropped(),
                )
            except ValidationError as exc:
                add_service_errors(date_form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s trainee graduated; the cohort is finished.",
                        "%(n)s trainees graduated; the cohort is finished.",
                        len(graduates),
                    )
                    % {"n": len(graduates)},
                )
                return redirect("training:cohort-detail", pk=cohort.pk)
    return render(
        request,
        "blkk/cohort_graduate.html",
        {
            "cohort": cohort,
            "program": cohort.program,
            "date_form": date_form,
            "graduates_form": graduates_form,
        },
    )


# --- import ----------------------------------------------------------------------------------
def _pending(request: HttpRequest, token: str) -> imports.PendingImport:
    pending = imports.pending_get(token, user_id=request.user.pk, blkk_id=request.user.blkk_id)
    if pending is None:
        raise Http404
    return pending


def _cohort_summary(request: HttpRequest, counts: dict[int, int]) -> list[tuple[Cohort, int]]:
    cohorts = policies.scope(request.user, Cohort).select_related("program").in_bulk(list(counts))
    return [(cohorts[pk], n) for pk, n in counts.items() if pk in cohorts]


def _open_cohorts(blkk) -> QuerySet[Cohort]:
    return (
        Cohort.objects.filter(program__blkk=blkk)
        .exclude(status=Cohort.Status.FINISHED)
        .select_related("program")
        .order_by("program__title", "number")
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: upload a spreadsheet; every row is checked, nothing is saved yet."""
    blkk = staff_blkk(request)
    if not policies.can_create_in(request.user, blkk=blkk):
        raise PermissionDenied
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ImportUploadForm(*data)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check = imports.import_check(blkk=blkk, data=upload.read(), filename=upload.name)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            pending = imports.pending_create(
                user_id=request.user.pk, blkk_id=blkk.pk, filename=upload.name, check=check
            )
            return redirect("trainees:import-preview", token=pending.token)
    return render(
        request,
        "blkk/import_upload.html",
        {
            "blkk": blkk,
            "form": form,
            "cohorts": _open_cohorts(blkk),
            "columns": imports.COLUMNS,
            "template_url": reverse("trainees:import-template"),
        },
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    """Step 2: the bad rows (row, column, message) and the good ones; "import" commits them all."""
    blkk = staff_blkk(request)
    pending = _pending(request, token)
    if request.method == "POST" and imports.pending_claim(pending):
        if len(pending.check.rows) <= INLINE_IMPORT_ROWS:
            imports.import_run(token=pending.token)  # a second or two: no need for a worker
        else:  # a big file: commit in a worker while the page shows progress
            try:
                tasks.import_trainees.delay(pending.token)
            except BrokerError:  # no broker: import in this request rather than not at all
                logger.exception("Could not queue trainee import %s; importing inline", pending.token)
                imports.import_run(token=pending.token)
        return redirect("trainees:import-preview", token=pending.token)
    if pending.state == imports.PendingImport.DONE:
        result = pending.result
        messages.success(
            request,
            ngettext(
                "%(n)s trainee was imported (%(enrolled)s enrolled in a cohort).",
                "%(n)s trainees were imported (%(enrolled)s enrolled in a cohort).",
                result.created,
            )
            % {"n": result.created, "enrolled": result.enrolled},
        )
        if result.warnings:
            messages.warning(
                request,
                ngettext(
                    "%(n)s NIK disagrees with the birth date or gender; it was saved and flagged for review.",
                    "%(n)s NIKs disagree with the birth date or gender; they were saved and flagged for review.",
                    result.warnings,
                )
                % {"n": result.warnings},
            )
        imports.pending_delete(pending.token)
        return redirect("trainees:trainee-list")
    shown = 1000
    return render(
        request,
        "blkk/import_preview.html",
        {
            "blkk": blkk,
            "pending": pending,
            "check": pending.check,
            "errors": pending.errors[:shown],
            "more_errors": max(0, len(pending.errors) - shown),
            "warnings": pending.check.warnings[:shown],
            "cohort_summary": _cohort_summary(request, pending.check.cohorts),
            "progress": imports.pending_progress(pending.token),
            "form": ImportUploadForm(),
        },
    )


@role_required(STAFF)
@require_http_methods(["GET"])
def import_progress(request: HttpRequest, token: str) -> HttpResponse:
    """The progress fragment polled by htmx while an import runs; when it ends, reload the page."""
    pending = _pending(request, token)
    if pending.state != imports.PendingImport.RUNNING:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("trainees:import-preview", kwargs={"token": token})
        return response
    return render(
        request,
        "blkk/_import_progress.html",
        {"pending": pending, "progress": imports.pending_progress(token)},
    )


@role_required(STAFF)
@require_http_methods(["GET"])
def import_template(request: HttpRequest) -> HttpResponse:
    blkk = staff_blkk(request)
    response = HttpResponse(exports.template_xlsx(blkk), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-peserta.xlsx"'
    return response


# --- export ----------------------------------------------------------------------------------
def _export_trainees(request: HttpRequest):
    blkk = staff_blkk(request)
    trainees = exports.export_queryset(_trainees(request).filter(blkk=blkk, erased_at__isnull=True))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return trainees, f"peserta-{slugify(blkk.registration_number)}-{stamp}"


@role_required(STAFF)
@require_http_methods(["GET"])
def export_xlsx(request: HttpRequest) -> HttpResponse:
    trainees, name = _export_trainees(request)
    response = HttpResponse(exports.write_xlsx(exports.export_rows(trainees)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@role_required(STAFF)
@require_http_methods(["GET"])
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    trainees, name = _export_trainees(request)
    response = StreamingHttpResponse(
        exports.iter_csv(exports.export_rows(trainees.iterator(chunk_size=500))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
