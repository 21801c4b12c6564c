"""BLKK admin: bad input is refused field by field and changes nothing; verification by action."""

from django.urls import reverse
from django.utils import translation

from apps.registry.models import Blkk
from tests import factories as f
from tests.admin_helpers import form_of, post_refused

ADD_URL = reverse("admin:registry_blkk_add")
LIST_URL = reverse("admin:registry_blkk_changelist")
REQUIRED = "Bidang ini harus diisi."  # "This field is required." in Indonesian


def blkk_data(**overrides) -> dict:
    data = {
        "name": "BLKK Ponpes Nurul Huda",
        "registration_number": "BLKK-3325-0042",
        "host_type": "pondok_pesantren",
        "host_name": "Pondok Pesantren Nurul Huda",
        "active": "on",
        "regency": "33.25",
        "address": "Desa Sidomulyo, Batang",
        "phone": "0812 1111 2222",
        "email": "blkk@nurulhuda.example.id",
        "vocations": [f.vocation("LAS").pk, f.vocation("TIK").pk],
    }
    data.update(overrides)
    return data


def test_admin_adds_a_blkk_with_its_vocations(admin_client):
    response = admin_client.post(ADD_URL, blkk_data())

    assert response.status_code == 302
    blkk = Blkk.objects.get(registration_number="BLKK-3325-0042")
    assert set(blkk.vocations.values_list("code", flat=True)) == {"LAS", "TIK"}
    assert blkk.verified is False


def test_admin_refuses_duplicate_registration_number(admin_client):
    existing = f.BlkkFactory(registration_number="BLKK-3325-0042", name="BLKK Lama")

    response = post_refused(admin_client, ADD_URL, blkk_data())

    errors = form_of(response).errors.as_data()["registration_number"]
    assert [e.code for e in errors] == ["unique"]
    with translation.override("id"):
        [message] = form_of(response).errors["registration_number"]
    assert message.startswith("BLKK dengan") and message.endswith("telah ada.")  # Django's Indonesian
    assert message in response.content.decode()
    assert list(Blkk.objects.values_list("pk", "name")) == [(existing.pk, "BLKK Lama")]


def test_admin_refuses_blkk_without_regency(admin_client):
    response = post_refused(admin_client, ADD_URL, blkk_data(regency=""))

    with translation.override("id"):
        assert list(form_of(response).errors["regency"]) == [REQUIRED]
    assert not Blkk.objects.exists()


def test_admin_refuses_unknown_regency_code(admin_client):
    response = post_refused(admin_client, ADD_URL, blkk_data(regency="99.99"))

    assert [e.code for e in form_of(response).errors.as_data()["regency"]] == ["invalid_choice"]
    assert not Blkk.objects.exists()


def test_admin_refuses_unknown_host_type(admin_client):
    response = post_refused(admin_client, ADD_URL, blkk_data(host_type="partai_politik"))

    assert [e.code for e in form_of(response).errors.as_data()["host_type"]] == ["invalid_choice"]
    assert not Blkk.objects.exists()


def test_admin_refuses_bad_email(admin_client):
    response = post_refused(admin_client, ADD_URL, blkk_data(email="blkk@"))

    assert [e.code for e in form_of(response).errors.as_data()["email"]] == ["invalid"]
    assert not Blkk.objects.exists()


def test_admin_change_refuses_empty_name_and_keeps_the_old_one(admin_client):
    blkk = f.BlkkFactory(name="BLKK Lama")

    response = post_refused(
        admin_client,
        reverse("admin:registry_blkk_change", args=[blkk.pk]),
        blkk_data(name="", registration_number=blkk.registration_number),
    )

    with translation.override("id"):
        assert list(form_of(response).errors["name"]) == [REQUIRED]
    blkk.refresh_from_db()
    assert blkk.name == "BLKK Lama"
    assert not blkk.vocations.exists()


def test_admin_action_marks_blkk_verified_by_the_admin(admin_client, root, blkk_a, blkk_b):
    response = admin_client.post(
        LIST_URL, {"action": "mark_verified", "_selected_action": [blkk_a.pk], "index": 0}
    )

    assert response.status_code == 302
    blkk_a.refresh_from_db()
    blkk_b.refresh_from_db()
    assert (blkk_a.verified, blkk_a.verified_by, blkk_b.verified) == (True, root, False)
    assert blkk_a.verified_at is not None


def test_admin_verification_cannot_be_set_in_the_form(admin_client):
    admin_client.post(ADD_URL, blkk_data(verified="on"))

    assert Blkk.objects.get(registration_number="BLKK-3325-0042").verified is False


def test_admin_blkk_list_counts_trainees(admin_client, blkk_a, blkk_b):
    f.TraineeFactory.create_batch(2, blkk=blkk_a)

    response = admin_client.get(LIST_URL)

    counts = {blkk.pk: blkk.trainee_count for blkk in response.context["cl"].result_list}
    assert counts == {blkk_a.pk: 2, blkk_b.pk: 0}
