"""Login lockout (django-axes): 5 wrong passwords for one username from one address lock the login
page, the admin login and the API token endpoint for 15 minutes; a success resets the count.

This module also holds the fixtures the other test_security_* modules import (tests/trust/conftest.py
belongs to the fault-injection tests). Until ``blkk_portal/api_urls.py`` routes ``auth/token/`` to
``apps.core.auth_api.obtain_auth_token``, ``token_view_wired`` points ROOT_URLCONF at ``urlpatterns``
below, which put the throttled view in front of the portal's own URLs.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import path
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from apps.accounts.models import User
from apps.core.auth_api import obtain_auth_token
from blkk_portal.urls import urlpatterns as portal_urlpatterns
from tests import factories as f
from tests.caches import clear_own_cache

urlpatterns = [path("api/v1/auth/token/", obtain_auth_token, name="api-token"), *portal_urlpatterns]

PRODUCTION_RATES = {"anon": "60/min", "user": "3000/min", "token": "20/min"}


@pytest.fixture(autouse=True)
def clean_cache():
    """Throttle counters live in the default cache; no test sees another's."""
    clear_own_cache()
    yield
    clear_own_cache()


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def production_rates(monkeypatch):
    """DRF reads the rates once, at import (SimpleRateThrottle.THROTTLE_RATES): patch them there."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", PRODUCTION_RATES)


@pytest.fixture
def token_view_wired(settings):
    settings.ROOT_URLCONF = "tests.trust.test_security_lockout"


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("axes_on", "token_view_wired")]

LOGIN = "/masuk/"
ADMIN_LOGIN = "/admin/login/"
TOKEN = "/api/v1/auth/token/"
LOCKED_ID = "Akun terkunci: terlalu banyak percobaan login. Silakan coba lagi nanti."


@pytest.fixture
def erin(db):
    return f.UserFactory(username="erin", role=User.Role.OFFICIAL)


def fail_page(client, times, url=LOGIN):
    for _ in range(times):
        client.post(url, {"username": "erin", "password": "wrong-password-123"})


def fail_token(api, times):
    for _ in range(times):
        api.post(TOKEN, {"username": "erin", "password": "wrong-password-123"}, format="json")


def test_four_wrong_passwords_do_not_lock_the_login_page(client, erin):
    fail_page(client, 4)
    response = client.post(LOGIN, {"username": "erin", "password": f.PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user == erin


def test_five_wrong_passwords_lock_the_login_page_even_for_the_right_password(client, erin):
    fail_page(client, 5)
    response = client.post(LOGIN, {"username": "erin", "password": f.PASSWORD})
    assert response.status_code == 429
    assert LOCKED_ID in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_lifted_after_the_cool_off(client, erin, settings):
    fail_page(client, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = client.post(LOGIN, {"username": "erin", "password": f.PASSWORD})
    assert response.status_code == 302


def test_the_lock_is_per_username_and_address(client, erin):
    f.UserFactory(username="frank", role=User.Role.OFFICIAL)
    fail_page(client, 5)
    assert client.post(LOGIN, {"username": "frank", "password": f.PASSWORD}).status_code == 302
    other_address = client.post(LOGIN, {"username": "erin", "password": f.PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 302


def test_a_success_resets_the_failure_count(client, erin):
    fail_page(client, 4)
    assert client.post(LOGIN, {"username": "erin", "password": f.PASSWORD}).status_code == 302
    client.logout()
    fail_page(client, 4)
    assert client.post(LOGIN, {"username": "erin", "password": f.PASSWORD}).status_code == 302


def test_five_wrong_passwords_lock_the_admin_login(client):
    f.UserFactory(username="erin", role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    fail_page(client, 5, url=ADMIN_LOGIN)
    response = client.post(ADMIN_LOGIN, {"username": "erin", "password": f.PASSWORD})
    assert response.status_code == 429
    assert LOCKED_ID in response.content.decode()


def test_five_wrong_passwords_lock_the_token_endpoint_with_a_429_in_indonesian(erin):
    api = APIClient()
    fail_token(api, 5)
    response = api.post(TOKEN, {"username": "erin", "password": f.PASSWORD}, format="json")
    assert response.status_code == 429
    assert response.json() == {"detail": LOCKED_ID}
    assert "token" not in response.json()


def test_the_token_lockout_speaks_english_on_request(erin):
    api = APIClient()
    fail_token(api, 5)
    response = api.post(
        TOKEN, {"username": "erin", "password": f.PASSWORD}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Account locked")


def test_failures_on_the_page_and_the_api_count_together(client, erin):
    fail_page(client, 3)
    fail_token(APIClient(), 2)
    response = APIClient().post(TOKEN, {"username": "erin", "password": f.PASSWORD}, format="json")
    assert response.status_code == 429


def test_a_token_success_resets_the_failure_count(erin):
    api = APIClient()
    fail_token(api, 4)
    assert api.post(TOKEN, {"username": "erin", "password": f.PASSWORD}, format="json").status_code == 200
    fail_token(api, 4)
    response = api.post(TOKEN, {"username": "erin", "password": f.PASSWORD}, format="json")
    assert response.status_code == 200
    assert "token" in response.json()


def test_a_wrong_password_before_the_limit_stays_a_400(erin):
    response = APIClient().post(TOKEN, {"username": "erin", "password": "nope-nope-nope"}, format="json")
    assert response.status_code == 400
