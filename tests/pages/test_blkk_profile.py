"""The BLKK profile page: staff see and edit their own centre through ``blkk_update``."""

import pytest
from django.urls import reverse

from apps.registry.models import Blkk
from tests import factories as f

pytestmark = pytest.mark.django_db


def profile_data(blkk, **overrides):
    data = {
        "name": blkk.name,
        "host_type": blkk.host_type,
        "host_name": blkk.host_name,
        "regency": blkk.regency_id,
        "address": blkk.address,
        "phone": "0285 391234",
        "email": "blkk@example.id",
        "vocations": [f.vocation("LAS").pk, f.vocation("GRM").pk],
    }
    return {**data, **overrides}


def test_profile_shows_the_staff_members_own_blkk(client, alice, blkk_a, blkk_b):
    client.force_login(alice)
    html = client.get(reverse("registry:profile")).content.decode()
    assert blkk_a.name in html and blkk_a.registration_number in html
    assert blkk_b.name not in html


def test_edit_form_is_prefilled_with_the_profile(client, alice, blkk_a):
    client.force_login(alice)
    form = client.get(reverse("registry:profile-edit")).context["form"]
    assert form["name"].value() == blkk_a.name
    assert form["regency"].value() == "33.25"


def test_edit_saves_the_profile_and_vocations(client, alice, blkk_a):
    client.force_login(alice)
    response = client.post(
        reverse("registry:profile-edit"), profile_data(blkk_a, name="BLKK Darul Ulum Batang")
    )
    assert response.status_code == 302
    blkk = Blkk.objects.get(pk=blkk_a.pk)
    assert blkk.name == "BLKK Darul Ulum Batang"
    assert blkk.phone == "0285 391234"
    assert {v.code for v in blkk.vocations.all()} == {"LAS", "GRM"}


def test_edit_with_a_bad_phone_shows_the_field_error_and_changes_nothing(client, alice, blkk_a):
    client.force_login(alice)
    response = client.post(
        reverse("registry:profile-edit"), profile_data(blkk_a, name="Nama Baru", phone="12345")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert "error-summary" in response.content.decode()
    assert Blkk.objects.get(pk=blkk_a.pk).name == blkk_a.name


def test_edit_with_an_empty_name_shows_the_field_error_and_changes_nothing(client, alice, blkk_a):
    client.force_login(alice)
    response = client.post(reverse("registry:profile-edit"), profile_data(blkk_a, name=""))
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert Blkk.objects.get(pk=blkk_a.pk).name == blkk_a.name


def test_the_registration_number_cannot_be_changed_from_the_profile(client, alice, blkk_a):
    client.force_login(alice)
    client.post(reverse("registry:profile-edit"), profile_data(blkk_a, registration_number="HACKED"))
    assert Blkk.objects.get(pk=blkk_a.pk).registration_number == blkk_a.registration_number
