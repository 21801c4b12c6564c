"""API throttling: a scoped "token" rate on POST /api/v1/auth/token/ (20/min in production) on top of
the generous anonymous and per-user rates."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from apps.accounts.models import User
from tests import factories as f
from tests.trust.test_security_lockout import (  # noqa: F401  (fixtures)
    clean_cache,
    production_rates,
    token_view_wired,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_rates", "token_view_wired")]

TOKEN = "/api/v1/auth/token/"


@pytest.fixture
def erin(db):
    return f.UserFactory(username="erin", role=User.Role.OFFICIAL)


def test_twenty_token_requests_in_a_minute_are_served(erin):
    api = APIClient()
    codes = {api.post(TOKEN, {"username": "erin", "password": f.PASSWORD}).status_code for _ in range(20)}
    assert codes == {200}


def test_the_twenty_first_token_request_in_a_minute_is_429(erin):
    api = APIClient()
    for _ in range(20):
        api.post(TOKEN, {"username": "erin", "password": f.PASSWORD})
    response = api.post(TOKEN, {"username": "erin", "password": f.PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "token" not in response.json()


def test_the_token_throttle_is_per_address(erin):
    for _ in range(21):
        APIClient().post(TOKEN, {"username": "erin", "password": f.PASSWORD})
    other = APIClient(REMOTE_ADDR="10.0.0.9").post(TOKEN, {"username": "erin", "password": f.PASSWORD})
    assert other.status_code == 200


def test_the_token_throttle_does_not_slow_the_rest_of_the_api(erin):
    api = APIClient()
    for _ in range(21):
        api.post(TOKEN, {"username": "erin", "password": f.PASSWORD})
    api.force_authenticate(erin)
    assert api.get("/api/v1/vocations/").status_code == 200


def test_anonymous_requests_are_throttled_by_address(erin, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "3/min", "token": "99/min"}
    )
    api = APIClient()
    codes = [api.post(TOKEN, {"username": "erin", "password": f.PASSWORD}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_signed_in_requests_are_throttled_per_user(erin, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "3/min", "token": "99/min"}
    )
    api = APIClient()
    api.force_authenticate(erin)
    codes = [api.get("/api/v1/vocations/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    other = APIClient()
    other.force_authenticate(f.UserFactory(username="frank", role=User.Role.OFFICIAL))
    assert other.get("/api/v1/vocations/").status_code == 200


DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_the_api_answers_while_the_throttles_cache_is_down(erin, caplog):
    """Throttles fail open (with a warning): a Redis outage must not make every request a 500."""
    with override_settings(CACHES=DOWN):
        answers_while_down(caplog)


def answers_while_down(caplog):
    api = APIClient()
    assert api.get("/api/v1/regions/").status_code in {200, 401}  # anonymous rate
    response = api.post(TOKEN, {"username": "erin", "password": f.PASSWORD})  # anon + scoped rate
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/v1/trainees/").status_code == 200  # the user rate
    assert api.post(TOKEN, {"username": "erin", "password": "wrong"}).status_code == 400
    assert "throttle cache unavailable" in caplog.text
