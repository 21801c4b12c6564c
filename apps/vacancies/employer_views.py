"""Employer pages under /perusahaan/: own vacancies, the explained shortlist, the pipeline board.

Views parse, call a service or a read helper, and render. Every object comes through the policy
module (``policies.get_for_user``): another employer's vacancy or application is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.accounts import policies
from apps.accounts.decorators import role_required
from apps.accounts.models import AccessLog, User
from apps.accounts.services import access_log_record
from apps.core.db import prepared_statements
from apps.core.forms import add_service_errors
from apps.core.pagination import Paginator
from apps.matching import selectors as matching_selectors
from apps.matching import services as matching
from apps.matching.models import Match
from apps.taxonomy.models import CompetencyUnit
from apps.vacancies import selectors, services
from apps.vacancies.forms import StepForm, VacancyForm
from apps.vacancies.models import Application, Vacancy

employer_only = role_required(User.Role.EMPLOYER)
S = Application.Status
BOARD_COLUMNS = (S.PROPOSED, S.SHORTLISTED, S.INTERVIEW, S.OFFERED, S.HIRED)
ENDED = (S.REJECTED, S.WITHDRAWN)
STEP_ORDER = (S.SHORTLISTED, S.INTERVIEW, S.OFFERED, S.HIRED, S.REJECTED)
IN_PROGRESS = (S.SHORTLISTED, S.INTERVIEW, S.OFFERED)
EDITABLE = (Vacancy.Status.DRAFT, Vacancy.Status.OPEN)

# A candidate card holds scores, units and actions: 20 make a page a phone scrolls through (and
# render in a third of the time of the whole 50-candidate shortlist); "Page N of M" reaches the rest.
CANDIDATES_PER_PAGE = 20


# --- reading helpers (scoped by the policy module) --------------------------------------------
def _vacancy(request: HttpRequest, pk: int, action: policies.Action = "view") -> Vacancy:
    qs = Vacancy.objects.select_related("vocation", "regency", "employer")
    return policies.get_for_user(request.user, qs, action, pk=pk)


def _per_vacancy_count(queryset: QuerySet) -> Coalesce:
    """A vacancy's number of rows in ``queryset`` (matched on ``vacancy``), as a correlated subquery."""
    counted = queryset.filter(vacancy=OuterRef("pk")).order_by().values("vacancy").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))


def _own_vacancies(user: Any) -> QuerySet[Vacancy]:
    """Own vacancies with their candidate and pipeline counts, in a constant number of queries.

    The counts are correlated subqueries, not a GROUP BY over every application of the employer:
    PostgreSQL evaluates them for the rows of the page only, and counting the list stays cheap.
    """
    applications = Application.objects.all()
    return (
        policies.scope(user, Vacancy)
        .select_related("vocation", "regency")
        .annotate(
            candidates=_per_vacancy_count(Match.objects.all()),
            proposals=_per_vacancy_count(applications.filter(status=S.PROPOSED)),
            in_progress=_per_vacancy_count(applications.filter(status__in=IN_PROGRESS)),
            hired=_per_vacancy_count(applications.filter(status=S.HIRED)),
        )
        .order_by("-created_at", "-id")
    )


def _status_counts(vacancy: Vacancy) -> dict[str, int]:
    counts = dict(
        vacancy.applications.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in S.values}


def _units_by_code(codes: set[str]) -> dict[str, CompetencyUnit]:
    return {u.code: u for u in CompetencyUnit.objects.filter(code__in=codes)} if codes else {}


def _log_contact_views(request: HttpRequest, trainee_ids: list[int]) -> None:
    """UU PDP: every view of a candidate's name and phone by an employer is audited."""
    access_log_record(
        user=request.user, action=AccessLog.Action.VIEW_CONTACT, trainee_ids=trainee_ids, request=request
    )


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _service_messages(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- vacancies --------------------------------------------------------------------------------
@employer_only
@require_GET
def vacancy_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(_own_vacancies(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "employer/vacancy_list.html", {"page": page})


def _save_vacancy(request: HttpRequest, form: VacancyForm, vacancy: Vacancy | None) -> Vacancy | None:
    """Create or update through the services (and publish when asked), all or nothing."""
    data = dict(form.cleaned_data)
    publish = request.POST.get("action") == "publish"
    was_open = False
    try:
        with transaction.atomic():
            if vacancy is None:
                vacancy, warnings = services.vacancy_create(
                    employer=request.user.employer, publish=publish, **data
                )
            else:
                was_open = vacancy.status == Vacancy.Status.OPEN
                vacancy, warnings = services.vacancy_update(vacancy=vacancy, data=data)
                if publish and vacancy.status == Vacancy.Status.DRAFT:
                    services.vacancy_publish(vacancy=vacancy)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    for warning in warnings:  # non-blocking: saved, but the employer should know
        messages.warning(request, warning)
    if publish:
        messages.success(request, _("The vacancy is published. Matching candidates are being found."))
    else:
        messages.success(request, _("The vacancy is saved."))
    if was_open:  # the shortlist was scored against the old requirements
        messages.info(request, _("Run the matching again to update the candidate list with these changes."))
    return vacancy


def _form_page(request: HttpRequest, form: VacancyForm, vacancy: Vacancy | None) -> HttpResponse:
    return render(request, "employer/vacancy_form.html", {"form": form, "vacancy": vacancy})


def _refreshed(request: HttpRequest) -> VacancyForm:
    """No JavaScript: re-show the form with the chosen vocation's units, without saving."""
    initial = {key: request.POST.get(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    initial["competencies"] = request.POST.getlist("competencies")
    return VacancyForm(initial=initial, units_url=reverse("employer:units"))


@employer_only
def vacancy_create(request: HttpRequest) -> HttpResponse:
    employer = request.user.employer
    if employer is None or not policies.can_create_in(request.user, employer=employer):
        raise Http404  # an administrator without an employer adds vacancies in the admin
    units_url = reverse("employer:units")
    if request.method != "POST":
        initial = {"regency": employer.regency_id}  # most hire where they are
        return _form_page(request, VacancyForm(initial=initial, units_url=units_url), None)
    if request.POST.get("action") == "refresh":
        return _form_page(request, _refreshed(request), None)
    form = VacancyForm(request.POST, units_url=units_url)
    if form.is_valid() and (vacancy := _save_vacancy(request, form, None)):
        return redirect("employer:vacancy-detail", pk=vacancy.pk)
    return _form_page(request, form, None)


@employer_only
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = _vacancy(request, pk, "change")
    if vacancy.status not in EDITABLE:
        messages.error(request, _("A closed or filled vacancy cannot be edited."))
        return redirect("employer:vacancy-detail", pk=vacancy.pk)
    units_url = reverse("employer:units")
    if request.method != "POST":
        form = VacancyForm(initial=VacancyForm.initial_for(vacancy), units_url=units_url)
        return _form_page(request, form, vacancy)
    if request.POST.get("action") == "refresh":
        return _form_page(request, _refreshed(request), vacancy)
    form = VacancyForm(request.POST, units_url=units_url)
    if form.is_valid() and _save_vacancy(request, form, vacancy):
        return redirect("employer:vacancy-detail", pk=vacancy.pk)
    vacancy.refresh_from_db()  # a refused save leaves the page describing what is stored
    return _form_page(request, form, vacancy)


@employer_only
@require_GET
def units(request: HttpRequest) -> HttpResponse:
    """htmx: the required-units checkboxes of the chosen vocation (ticked ones kept)."""
    form = VacancyForm(
        initial={"vocation": request.GET.get("vocation"), "competencies": request.GET.getlist("competencies")}
    )
    return HttpResponse(form["competencies"].as_widget())


@employer_only
@require_GET
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = _vacancy(request, pk)
    context = {
        "vacancy": vacancy,
        "units": vacancy.competencies.order_by("code"),
        "counts": _status_counts(vacancy),
        "run": matching_selectors.latest_run_for(user=request.user, vacancy=vacancy),
        "editable": vacancy.status in EDITABLE,
    }
    return render(request, "employer/vacancy_detail.html", context)


@employer_only
@require_POST
def vacancy_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a draft or close a vacancy (the buttons on the vacancy page)."""
    vacancy = _vacancy(request, pk, "change")
    action = request.POST.get("action")
    try:
        if action == "publish":
            services.vacancy_publish(vacancy=vacancy)
            messages.success(request, _("The vacancy is published. Matching candidates are being found."))
        elif action == "close":
            services.vacancy_close(vacancy=vacancy)
            messages.success(request, _("The vacancy is closed."))
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        _service_messages(request, exc)
    return redirect("employer:vacancy-detail", pk=vacancy.pk)


@employer_only
@require_GET
def vacancy_run(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx polling: the latest match run's status (polling stops once it is done or failed)."""
    vacancy = _vacancy(request, pk)
    run = matching_selectors.latest_run_for(user=request.user, vacancy=vacancy)
    return render(request, "employer/_run_status.html", {"vacancy": vacancy, "run": run})


@employer_only
@require_POST
def vacancy_rematch(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = _vacancy(request, pk, "change")
    if vacancy.status != Vacancy.Status.OPEN:
        messages.error(request, _("Only an open vacancy can be matched."))
    else:
        matching.request_for_vacancy(vacancy, by=request.user)
        messages.success(request, _("Matching has started; the list updates when it is done."))
    return redirect("employer:vacancy-candidates", pk=vacancy.pk)


# --- the explained shortlist --------------------------------------------------------------------
@employer_only
@require_GET
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """Ranked candidates with each factor's part and the units held and missing. Never a NIK,
    birth date or address; name and phone only where the policy allows (logged)."""
    vacancy = _vacancy(request, pk)
    matches = matching_selectors.candidates_for(user=request.user, vacancy=vacancy).select_related(
        "trainee__regency"
    )
    # The run's top 50: read whole, paged in memory (a longer list is paged as any other). As in the
    # API, a prepared statement: its joins cost PostgreSQL more to plan than to run.
    with prepared_statements():
        page = Paginator(matches, CANDIDATES_PER_PAGE, short_by_design=True).get_page(request.GET.get("page"))
        rows = list(page.object_list)
    units_by_code = _units_by_code({code for m in rows for code in (*m.matched, *m.missing)})
    shown, labels = [], dict(S.choices)
    for match in rows:
        match.application_status_label = labels.get(match.application_status, "")
        match.matched_units = [units_by_code.get(code) or CompetencyUnit(code=code) for code in match.matched]
        match.missing_units = [units_by_code.get(code) or CompetencyUnit(code=code) for code in match.missing]
        match.contact_visible = policies.can_see_candidate_contact(
            request.user,
            trainee=match.trainee,
            employer_id=vacancy.employer_id,
            status=match.application_status,
        )
        if match.contact_visible:
            shown.append(match.trainee_id)
    _log_contact_views(request, shown)
    context = {
        "vacancy": vacancy,
        "page": page,
        "rows": rows,
        "run": matching_selectors.latest_run_for(user=request.user, vacancy=vacancy),
    }
    return render(request, "employer/candidates.html", context)


@employer_only
@require_POST
def candidate_pick(request: HttpRequest, pk: int, trainee_id: int) -> HttpResponse:
    """Put a candidate from this vacancy's shortlist into its pipeline (source: the employer)."""
    vacancy = _vacancy(request, pk, "change")
    match = (
        matching_selectors.candidates_for(user=request.user, vacancy=vacancy)
        .filter(trainee_id=trainee_id)
        .select_related("trainee")
        .first()
    )
    source = match and selectors.application_source_for(
        user=request.user, vacancy=vacancy, trainee=match.trainee
    )
    if not source:
        raise Http404  # not on this vacancy's shortlist (or not visible): looks like a missing id
    try:
        services.application_open(vacancy=vacancy, trainee=match.trainee, source=source)
    except ValidationError as exc:
        _service_messages(request, exc)
    else:
        messages.success(request, _("Candidate %(rank)s is now in the pipeline.") % {"rank": match.rank})
    return redirect(reverse("employer:vacancy-candidates", args=[vacancy.pk]) + f"#candidate-{trainee_id}")


# --- the pipeline board -------------------------------------------------------------------------
def _board(request: HttpRequest, vacancy: Vacancy, error: str = "", notice: str = "") -> dict[str, Any]:
    match = Match.objects.filter(vacancy=OuterRef("vacancy"), trainee=OuterRef("trainee"))
    applications = list(
        policies.scope(request.user, Application)
        .filter(vacancy=vacancy)
        .select_related("vacancy", "trainee__blkk", "trainee__regency")
        .annotate(score=Subquery(match.values("score")[:1]), rank=Subquery(match.values("rank")[:1]))
        .order_by("rank", "created_at", "pk")
    )
    hired = sum(a.status == S.HIRED for a in applications)
    full = hired >= vacancy.headcount
    shown = []
    for application in applications:
        application.contact_visible = policies.can_see_contact(request.user, application)
        if application.contact_visible:
            shown.append(application.trainee_id)
        application.steps = [
            step
            for step in STEP_ORDER
            if step in services.NEXT_STEPS[application.status]
            and policies.can_transition(request.user, application, step)
            and not (step == S.HIRED and full)
        ]
    _log_contact_views(request, shown)
    labels = dict(S.choices)
    return {
        "vacancy": vacancy,
        "columns": [
            {"status": s, "label": labels[s], "cards": [a for a in applications if a.status == s]}
            for s in BOARD_COLUMNS
        ],
        "ended": [a for a in applications if a.status in ENDED],
        "hired": hired,
        "error": error,
        "notice": notice,
    }


@employer_only
@require_GET
def pipeline(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = _vacancy(request, pk)
    return render(request, "employer/pipeline.html", _board(request, vacancy))


@employer_only
@require_POST
def application_step(request: HttpRequest, pk: int) -> HttpResponse:
    """One click moves a candidate one legal step; an illegal step changes nothing and says why.
    htmx gets the board back; without JavaScript, a redirect to the board."""
    application = policies.get_for_user(
        request.user,
        Application.objects.select_related("vacancy__vocation", "vacancy__regency", "trainee"),
        pk=pk,
    )
    vacancy = application.vacancy
    form = StepForm(request.POST)
    error = notice = ""
    if not form.is_valid():
        error = _("Choose one of the steps offered.")
    else:
        to = form.cleaned_data["to"]
        label = dict(S.choices)[to]
        if not policies.can_transition(request.user, application, to):
            error = _("You cannot move a candidate to “%(step)s”.") % {"step": label}
        else:
            try:
                services.application_transition(application=application, to=to)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                notice = _("Candidate moved to “%(step)s”.") % {"step": label}
    if _is_htmx(request):
        vacancy.refresh_from_db()
        return render(request, "employer/_board.html", _board(request, vacancy, error=error, notice=notice))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect("employer:vacancy-pipeline", pk=vacancy.pk)
