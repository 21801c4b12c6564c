"""Sessions, security headers and CSRF: the production settings pass ``check --deploy`` without a
warning, every response carries the protective headers, and no page form or htmx call works
without the CSRF token."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.vacancies.models import Application
from tests import factories as f

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "p7Vq2LxN9sTfR4wYbZ8kHcJ3mDgE6aUo1iQyXnW5vBrCt0lKsMjPhGdFeA-_zx",
    "DJANGO_ALLOWED_HOSTS": "portal.example.go.id",
}


def test_production_settings_pass_check_deploy_without_a_warning():
    assert len(PRODUCTION_ENV["DJANGO_SECRET_KEY"]) >= 60
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AXES_"))}
    env.update(PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_session_lasts_eight_hours_and_ends_with_the_browser():
    assert django_settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


@pytest.mark.django_db
def test_a_signed_in_session_cookie_is_httponly_and_has_no_max_age(client, carol):
    response = client.post("/masuk/", {"username": "carol", "password": f.PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["max-age"] == ""  # a browser-session cookie
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_the_csrf_cookie_is_httponly_and_the_token_is_in_the_page(client):
    response = client.get("/masuk/")
    assert response.cookies[django_settings.CSRF_COOKIE_NAME]["httponly"] is True
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/masuk/", "/lowongan/", "/api/v1/vocations/", "/health/"])
def test_responses_carry_the_security_headers(client, url):
    response = client.get(url)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_login_form_without_csrf_token_is_403(carol):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/masuk/", {"username": "carol", "password": f.PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.fixture
def proposed(employer_x):
    return f.ApplicationFactory(vacancy=f.VacancyFactory(employer=employer_x), status="proposed")


@pytest.mark.django_db
def test_htmx_pipeline_step_without_csrf_token_is_403_and_changes_nothing(carol, proposed):
    client = Client(enforce_csrf_checks=True)
    client.force_login(carol)
    url = reverse("employer:application-step", args=[proposed.pk])
    response = client.post(url, {"to": "shortlisted"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    proposed.refresh_from_db()
    assert proposed.status == Application.Status.PROPOSED


@pytest.mark.django_db
def test_htmx_pipeline_step_with_the_token_from_the_page_works(carol, proposed):
    client = Client(enforce_csrf_checks=True)
    client.force_login(carol)
    page = client.get(reverse("employer:vacancy-pipeline", args=[proposed.vacancy_id])).content.decode()
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)
    url = reverse("employer:application-step", args=[proposed.pk])
    response = client.post(url, {"to": "shortlisted"}, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    proposed.refresh_from_db()
    assert proposed.status == Application.Status.SHORTLISTED


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_page_view_is_exempt_from_csrf():
    """Only DRF views are csrf_exempt (DRF's SessionAuthentication enforces CSRF itself)."""
    exempt = [
        route
        for route, view in _views(get_resolver().url_patterns)
        if getattr(view, "csrf_exempt", False) and not hasattr(view, "cls")
    ]
    assert exempt == []
