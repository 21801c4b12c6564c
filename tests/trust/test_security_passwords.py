"""New passwords are hashed with Argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane); older
hashes (PBKDF2, Argon2 at Django's default parameters) still sign in and are upgraded."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password

from tests import factories as f

pytestmark = pytest.mark.django_db

PASSWORD = "kata-sandi-panjang-sekali-42"


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


PRODUCTION_HASHERS = list(django_settings.PASSWORD_HASHERS)  # before the tests' fast MD5 override


def test_new_passwords_are_hashed_with_argon2id(production_hashers):
    user = f.UserFactory(username="siti")
    user.set_password(PASSWORD)
    user.save()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password(PASSWORD) and not user.check_password(PASSWORD + "x")


def test_a_hash_at_djangos_argon2_parameters_signs_in_and_is_upgraded(production_hashers, client):
    user = f.UserFactory(username="rina")
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save()
    assert "m=102400,t=2,p=8" in user.password
    assert client.post("/masuk/", {"username": "rina", "password": PASSWORD}).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    upgraded = user.password
    client.logout()
    assert client.post("/masuk/", {"username": "rina", "password": PASSWORD}).status_code == 302
    user.refresh_from_db()
    assert user.password == upgraded  # not re-hashed at every sign-in


def test_a_pbkdf2_hash_still_signs_in_and_is_upgraded_to_argon2(production_hashers, client):
    user = f.UserFactory(username="budi")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save()
    response = client.post("/masuk/", {"username": "budi", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
