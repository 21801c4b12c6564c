from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.core.pagination import Paginator
from apps.vacancies import selectors
from apps.vacancies.filters import JobBoardFilter


def job_board(request: HttpRequest) -> HttpResponse:
    """Public job board: open vacancies with employer, park, place, vocation, pay. No personal data."""
    filterset = JobBoardFilter(request.GET, queryset=selectors.public_vacancies())
    vacancies = filterset.qs if filterset.is_valid() else selectors.public_vacancies().none()
    page = Paginator(vacancies, 20).get_page(request.GET.get("page"))
    return render(request, "vacancies/job_board.html", {"filter": filterset, "page": page})
