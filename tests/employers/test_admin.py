"""Employer and industrial-park admin: bad input is refused field by field and changes nothing."""

from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from apps.employers.models import Employer, IndustrialPark
from tests import factories as f
from tests.admin_helpers import english_errors, error_codes, form_of, post_refused

ADD_URL = reverse("admin:employers_employer_add")
LIST_URL = reverse("admin:employers_employer_changelist")
NIB = "9120001234567"


def employer_data(**overrides) -> dict:
    data = {
        "name": "PT Sepatu Batang",
        "nib": NIB,
        "kbli": "15201",
        "industrial_park": IndustrialPark.objects.get(short_name="KITB").pk,
        "regency": "33.25",
        "address": "Kawasan Industri Terpadu Batang, Kav. 7",
        "contact_name": "Rina",
        "contact_email": "hr@sepatu.example.id",
        "contact_phone": "0812 2233 4455",
    }
    data.update(overrides)
    return data


def test_admin_adds_a_valid_employer(admin_client):
    response = admin_client.post(ADD_URL, employer_data())

    assert response.status_code == 302
    employer = Employer.objects.get(nib=NIB)
    assert (employer.name, employer.verified) == ("PT Sepatu Batang", False)


def test_admin_refuses_nib_of_12_digits(admin_client):
    response = post_refused(admin_client, ADD_URL, employer_data(nib="912000123456"))

    assert error_codes(response, "nib") == ["nib_format"]
    assert english_errors(response, "nib") == ["NIB must be exactly 13 digits."]
    assert not Employer.objects.exists()


def test_admin_refuses_nib_with_letters(admin_client):
    response = post_refused(admin_client, ADD_URL, employer_data(nib="91200012345AB"))

    assert error_codes(response, "nib") == ["nib_format"]
    assert not Employer.objects.exists()


def test_admin_refuses_duplicate_nib(admin_client):
    existing = f.EmployerFactory(nib=NIB, name="PT Lama")

    response = post_refused(admin_client, ADD_URL, employer_data())

    assert error_codes(response, "nib") == ["unique"]
    assert english_errors(response, "nib") == ["An employer with this NIB is already registered."]
    assert list(Employer.objects.values_list("pk", "name")) == [(existing.pk, "PT Lama")]


def test_admin_shows_nib_error_on_the_page_in_the_default_language(admin_client):
    response = post_refused(admin_client, ADD_URL, employer_data(nib="123"))

    assert response.wsgi_request.LANGUAGE_CODE == "id"
    with translation.override("id"):
        errors = list(form_of(response).errors["nib"])
    assert errors and errors[0] in response.content.decode()


def test_admin_refuses_kbli_of_4_digits(admin_client):
    response = post_refused(admin_client, ADD_URL, employer_data(kbli="1520"))

    assert error_codes(response, "kbli") == ["kbli_format"]
    assert english_errors(response, "kbli") == ["KBLI code must be 5 digits."]
    assert not Employer.objects.exists()


def test_admin_refuses_bad_contact_phone(admin_client):
    response = post_refused(admin_client, ADD_URL, employer_data(contact_phone="phone me"))

    assert error_codes(response, "contact_phone") == ["phone_format"]
    assert not Employer.objects.exists()


def test_admin_refuses_bad_contact_email(admin_client):
    response = post_refused(admin_client, ADD_URL, employer_data(contact_email="hr@"))

    with translation.override("id"):
        assert list(form_of(response).errors["contact_email"]) == [
            "Masukkan alamat email dengan format yang benar."
        ]
    assert not Employer.objects.exists()


def test_admin_change_refuses_bad_nib_and_keeps_the_old_one(admin_client):
    employer = f.EmployerFactory(nib=NIB, name="PT Lama")

    response = post_refused(
        admin_client,
        reverse("admin:employers_employer_change", args=[employer.pk]),
        employer_data(nib="1", name="PT Baru"),
    )

    assert error_codes(response, "nib") == ["nib_format"]
    employer.refresh_from_db()
    assert (employer.nib, employer.name) == (NIB, "PT Lama")


def test_admin_verification_cannot_be_set_in_the_form(admin_client):
    admin_client.post(ADD_URL, employer_data(verified="on"))

    assert Employer.objects.get(nib=NIB).verified is False


def test_admin_action_marks_employers_verified_by_the_admin(admin_client, root):
    employer = f.EmployerFactory(verified=False)
    other = f.EmployerFactory(verified=False)

    response = admin_client.post(
        LIST_URL, {"action": "mark_verified", "_selected_action": [employer.pk], "index": 0}
    )

    assert response.status_code == 302
    employer.refresh_from_db()
    other.refresh_from_db()
    assert (employer.verified, employer.verified_by, other.verified) == (True, root, False)
    assert employer.verified_at is not None
    assert any(m.level == messages.SUCCESS for m in get_messages(response.wsgi_request))


def test_admin_action_withdraws_verification(admin_client, root):
    employer = f.EmployerFactory(verified=True)

    admin_client.post(LIST_URL, {"action": "mark_unverified", "_selected_action": [employer.pk], "index": 0})

    employer.refresh_from_db()
    assert (employer.verified, employer.verified_at, employer.verified_by) == (False, None, None)


def test_admin_finds_an_employer_by_exact_nib(admin_client):
    employer = f.EmployerFactory(nib=NIB)
    f.EmployerFactory()

    response = admin_client.get(LIST_URL, {"q": NIB})

    assert list(response.context["cl"].result_list) == [employer]


def test_admin_refuses_industrial_park_without_regency(admin_client):
    response = post_refused(
        admin_client, reverse("admin:employers_industrialpark_add"), {"name": "Kawasan Baru", "regency": ""}
    )

    assert error_codes(response, "regency") == ["required"]
    assert IndustrialPark.objects.count() == 1  # only KITB, shipped as data
