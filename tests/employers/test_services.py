"""Employer services: registration, profile edits, verification by officials."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.employers import services
from apps.employers.models import Employer, IndustrialPark
from tests import factories as f


def field_errors(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


def register(**overrides) -> Employer:
    data = {
        "name": "PT Baterai Batang",
        "nib": "1234567890123",
        "kbli": "27202",
        "regency": f.regency("33.25"),
    }
    return services.employer_create(**{**data, **overrides})


# --- employer_create --------------------------------------------------------------------------------
def test_employer_create_registers_an_unverified_employer_in_a_park(db):
    kitb = IndustrialPark.objects.get(short_name="KITB")
    employer = register(industrial_park=kitb, contact_name="Sri Wahyuni")
    saved = Employer.objects.get(pk=employer.pk)
    assert (saved.nib, saved.industrial_park, saved.contact_name, saved.verified) == (
        "1234567890123",
        kitb,
        "Sri Wahyuni",
        False,
    )


def test_employer_create_ignores_verification_passed_as_a_field(db):
    employer = register(verified=True)
    assert Employer.objects.get(pk=employer.pk).verified is False


@pytest.mark.parametrize("nib", ["123456789012", "12345678901234", "12345678901a3", ""])
def test_employer_create_refuses_a_nib_that_is_not_13_digits(db, nib):
    with pytest.raises(ValidationError) as exc:
        register(nib=nib)
    assert "nib" in field_errors(exc)
    assert not Employer.objects.exists()


def test_employer_create_refuses_a_registered_nib(employer_x):
    with pytest.raises(ValidationError) as exc:
        register(nib=employer_x.nib)
    assert "nib" in field_errors(exc)
    assert Employer.objects.count() == 1


@pytest.mark.parametrize("kbli", ["2720", "272021", "2720A"])
def test_employer_create_refuses_a_kbli_that_is_not_5_digits(db, kbli):
    with pytest.raises(ValidationError) as exc:
        register(kbli=kbli)
    assert "kbli" in field_errors(exc)
    assert not Employer.objects.exists()


# --- employer_update --------------------------------------------------------------------------------
def test_employer_update_changes_the_profile(employer_x):
    services.employer_update(employer=employer_x, data={"contact_phone": "0812 3456 7890"})
    assert Employer.objects.get(pk=employer_x.pk).contact_phone == "0812 3456 7890"


def test_employer_update_ignores_nib_and_verification(employer_x, olivia):
    Employer.objects.filter(pk=employer_x.pk).update(verified=False)
    employer_x.refresh_from_db()
    nib = employer_x.nib
    services.employer_update(
        employer=employer_x,
        data={
            "nib": "9999999999999",
            "verified": True,
            "verified_by": olivia,
            "name": "PT Kaca Nusantara Tbk",
        },
    )
    saved = Employer.objects.get(pk=employer_x.pk)
    assert (saved.nib, saved.verified, saved.verified_by) == (nib, False, None)
    assert saved.name == "PT Kaca Nusantara Tbk"


def test_employer_update_refuses_a_bad_phone_and_changes_nothing(employer_x):
    with pytest.raises(ValidationError) as exc:
        services.employer_update(employer=employer_x, data={"contact_phone": "12345", "name": "PT Lain"})
    assert "contact_phone" in field_errors(exc)
    saved = Employer.objects.get(pk=employer_x.pk)
    assert (saved.name, saved.contact_phone) == ("PT Kaca Nusantara", "")


# --- employer_verify --------------------------------------------------------------------------------
def test_employer_verify_records_who_verified_and_when(employer_y, olga):
    Employer.objects.filter(pk=employer_y.pk).update(verified=False)
    employer_y.refresh_from_db()
    before = timezone.now()
    services.employer_verify(employer=employer_y, by=olga)
    saved = Employer.objects.get(pk=employer_y.pk)
    assert saved.verified is True and saved.verified_by == olga
    assert before <= saved.verified_at <= timezone.now()


def test_employer_verify_false_withdraws_the_verification(employer_y, olga):
    services.employer_verify(employer=employer_y, by=olga)
    services.employer_verify(employer=employer_y, by=olga, verified=False)
    saved = Employer.objects.get(pk=employer_y.pk)
    assert (saved.verified, saved.verified_at, saved.verified_by) == (False, None, None)
