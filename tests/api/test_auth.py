"""Authentication: ``Authorization: Token <key>`` and the session; 401 without either, 403 for a
signed-in user without the right, and no way in with a malformed or stale credential.
"""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.test import APIClient, APIRequestFactory

from apps.core.drf import TokenAuthentication
from apps.registry.models import Blkk
from tests import factories as f
from tests.api.conftest import BASE, ids


@pytest.fixture
def token(alice) -> str:
    return Token.objects.create(user=alice).key


def test_token_header_authenticates_as_its_user(api, blkk_a, token):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get(f"{BASE}blkk/")
    assert ids(response) == {blkk_a.pk}


def test_the_same_token_is_returned_on_every_login(api, alice, token):
    response = api.post(f"{BASE}auth/token/", {"username": "alice", "password": f.PASSWORD}, format="json")
    assert response.json() == {"token": token}


@pytest.mark.parametrize(
    "header",
    [
        "Token",
        "Token ",
        "Token a b",
        "Bearer {key}",
        "token{key}",
        "Token ï»¿{key}",
        "Basic YWxpY2U6c2VjcmV0",
    ],
    ids=["no key", "empty key", "two keys", "bearer", "no space", "BOM as latin-1", "basic"],
)
def test_a_malformed_authorization_header_is_401(api, token, header):
    api.credentials(HTTP_AUTHORIZATION=header.format(key=token))
    assert api.get(f"{BASE}blkk/").status_code == 401


def test_a_nul_byte_in_the_token_is_401(api, token):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}\x00")
    assert api.get(f"{BASE}blkk/").status_code == 401


def test_the_portals_token_authentication_refuses_a_nul_byte(token):
    request = APIRequestFactory().get(f"{BASE}blkk/", HTTP_AUTHORIZATION=f"Token {token}\x00")
    with pytest.raises(AuthenticationFailed):
        TokenAuthentication().authenticate(request)


def test_the_portals_token_authentication_accepts_a_good_key(alice, token):
    request = APIRequestFactory().get(f"{BASE}blkk/", HTTP_AUTHORIZATION=f"Token {token}")
    assert TokenAuthentication().authenticate(request)[0] == alice


def test_a_deleted_token_no_longer_authenticates(api, token):
    Token.objects.filter(key=token).delete()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(f"{BASE}blkk/").status_code == 401


def test_an_inactive_users_token_is_refused(api, alice, token):
    alice.is_active = False
    alice.save()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(f"{BASE}blkk/").status_code == 401


def test_an_inactive_user_gets_no_token(api, alice):
    alice.is_active = False
    alice.save()
    response = api.post(f"{BASE}auth/token/", {"username": "alice", "password": f.PASSWORD}, format="json")
    assert response.status_code == 400
    assert not Token.objects.filter(user=alice).exists()


@pytest.mark.parametrize(
    "body",
    [{}, {"username": "alice"}, {"password": "x"}, {"username": ["alice"], "password": f.PASSWORD}],
    ids=["empty", "no password", "no username", "username as a list"],
)
def test_a_token_request_without_credentials_is_400(api, alice, body):
    response = api.post(f"{BASE}auth/token/", body, format="json")
    assert response.status_code == 400


def test_token_request_errors_are_indonesian_by_default(api, db):
    response = api.post(f"{BASE}auth/token/", {}, format="json")
    assert response.json()["username"] == ["Bidang ini harus diisi."]


def test_session_authenticates(client, blkk_a, alice):
    client.force_login(alice)
    response = client.get(f"{BASE}blkk/")
    assert response.status_code == 200
    assert ids(response) == {blkk_a.pk}


def test_session_writes_need_the_csrf_token(alice, blkk_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.patch(f"{BASE}blkk/{blkk_a.pk}/", {"name": "Tanpa CSRF"}, format="json")
    assert response.status_code == 403
    blkk_a.refresh_from_db()
    assert blkk_a.name != "Tanpa CSRF"


def test_token_writes_need_no_csrf_token(alice, blkk_a, token):
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.patch(f"{BASE}blkk/{blkk_a.pk}/", {"name": "Dengan Token"}, format="json")
    assert response.status_code == 200
    assert Blkk.objects.get(pk=blkk_a.pk).name == "Dengan Token"


def test_a_signed_in_user_without_the_right_gets_403_not_401(api, alice):
    assert api.as_(alice).get(f"{BASE}users/").status_code == 403


def test_anonymous_gets_401_with_the_token_challenge(api, db):
    response = api.get(f"{BASE}users/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_anonymous_401_is_indonesian_by_default(api, db):
    assert api.get(f"{BASE}blkk/").json() == {"detail": "Data autentikasi tidak diberikan."}
