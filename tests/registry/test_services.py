"""BLKK registry services: registration, profile edits by staff, verification by officials."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.registry import services
from apps.registry.models import Blkk
from tests import factories as f


def field_errors(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


def register(**overrides) -> Blkk:
    data = {
        "name": "BLKK Ponpes Al-Hikmah",
        "registration_number": "BLKK-3325-0042",
        "host_type": Blkk.HostType.PONDOK_PESANTREN,
        "host_name": "Pondok Pesantren Al-Hikmah",
        "regency": f.regency("33.25"),
    }
    return services.blkk_create(**{**data, **overrides})


# --- blkk_create ------------------------------------------------------------------------------------
def test_blkk_create_registers_an_unverified_blkk_with_its_vocations(db):
    vocations = [f.vocation("LAS"), f.vocation("TIK")]
    blkk = register(vocations=vocations)
    saved = Blkk.objects.get(pk=blkk.pk)
    assert (saved.registration_number, saved.verified, saved.active) == ("BLKK-3325-0042", False, True)
    assert set(saved.vocations.all()) == set(vocations)


def test_blkk_create_refuses_a_registered_number(blkk_a):
    with pytest.raises(ValidationError) as exc:
        register(registration_number=blkk_a.registration_number)
    assert "registration_number" in field_errors(exc)
    assert Blkk.objects.count() == 1


def test_blkk_create_refuses_an_unknown_host_type(db):
    with pytest.raises(ValidationError) as exc:
        register(host_type="koperasi")
    assert "host_type" in field_errors(exc)
    assert not Blkk.objects.exists()


def test_blkk_create_refuses_null_characters(db):
    with pytest.raises(ValidationError) as exc:
        register(name="BLKK\x00")
    assert "name" in field_errors(exc)
    assert not Blkk.objects.exists()


# --- blkk_update ------------------------------------------------------------------------------------
def test_blkk_update_changes_the_profile(blkk_a):
    services.blkk_update(blkk=blkk_a, data={"address": "Jl. Pantura Km 5", "vocations": [f.vocation("TIK")]})
    saved = Blkk.objects.get(pk=blkk_a.pk)
    assert saved.address == "Jl. Pantura Km 5"
    assert [v.code for v in saved.vocations.all()] == ["TIK"]


def test_blkk_update_ignores_registration_number_and_verification(blkk_a, olivia):
    number = blkk_a.registration_number
    services.blkk_update(
        blkk=blkk_a,
        data={
            "registration_number": "BLKK-FAKE-1",
            "verified": True,
            "verified_at": timezone.now(),
            "verified_by": olivia,
            "active": False,
            "name": "BLKK Darul Ulum Batang",
        },
    )
    saved = Blkk.objects.get(pk=blkk_a.pk)
    assert (saved.registration_number, saved.verified, saved.verified_at, saved.verified_by) == (
        number,
        False,
        None,
        None,
    )
    assert saved.active is True
    assert saved.name == "BLKK Darul Ulum Batang"


def test_blkk_update_refuses_bad_input_and_changes_nothing(blkk_a):
    with pytest.raises(ValidationError) as exc:
        services.blkk_update(blkk=blkk_a, data={"email": "not-an-email", "host_type": "koperasi"})
    assert {"email", "host_type"} <= set(field_errors(exc))
    saved = Blkk.objects.get(pk=blkk_a.pk)
    assert (saved.email, saved.host_type) == ("", Blkk.HostType.PONDOK_PESANTREN)


# --- blkk_verify ------------------------------------------------------------------------------------
def test_blkk_verify_records_who_verified_and_when(blkk_a, olga):
    before = timezone.now()
    services.blkk_verify(blkk=blkk_a, by=olga)
    saved = Blkk.objects.get(pk=blkk_a.pk)
    assert saved.verified is True and saved.verified_by == olga
    assert before <= saved.verified_at <= timezone.now()


def test_blkk_verify_false_withdraws_the_verification(blkk_a, olga):
    services.blkk_verify(blkk=blkk_a, by=olga)
    services.blkk_verify(blkk=blkk_a, by=olga, verified=False)
    saved = Blkk.objects.get(pk=blkk_a.pk)
    assert (saved.verified, saved.verified_at, saved.verified_by) == (False, None, None)
