from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.dashboards.selectors import home_summary


def home(request: HttpRequest) -> HttpResponse:
    """Role-aware home: what this user works on, in their scope."""
    return render(request, "home.html", {"summary": home_summary(user=request.user)})
