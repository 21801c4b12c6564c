"""Trainee and enrolment admin: bad input gets a field-level message and changes nothing.

Django's own messages are asserted in Indonesian (the default language). The portal's own
messages are asserted by error code, or by their English msgid under ``translation.override``,
until the Indonesian catalogue exists.
"""

import datetime as dt

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from apps.accounts.models import AccessLog
from apps.trainees.models import Enrolment, Trainee
from tests import factories as f
from tests.admin_helpers import english_errors, error_codes, form_of, indonesian_errors, post_refused

BIRTH = dt.date(2002, 5, 17)
NIK = f.make_nik("33.25", BIRTH, "L", serial=4321)  # 3325011705024321
REQUIRED = "Bidang ini harus diisi."  # "This field is required." (DRF's id catalogue wins over Django's)

ADD_URL = reverse("admin:trainees_trainee_add")
LIST_URL = reverse("admin:trainees_trainee_changelist")


def change_url(trainee: Trainee) -> str:
    return reverse("admin:trainees_trainee_change", args=[trainee.pk])


def inline_management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def trainee_data(blkk, **overrides) -> dict:
    """A valid admin POST for a new trainee (no enrolments in the inline)."""
    data = {
        "blkk": blkk.pk,
        "nik": NIK,
        "full_name": "Siti Rahayu",
        "gender": "L",
        "birth_date": BIRTH.isoformat(),
        "education": "SMK",
        "regency": "33.25",
        "address": "Jl. Diponegoro 5, Batang",
        "phone": "0812 3456 7890",
        "email": "siti@example.id",
        "consent_share": "on",
        **inline_management("enrolments"),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- NIK ------------------------------------------------------------------------------------
def test_admin_adds_a_valid_trainee(admin_client, blkk_a):
    response = admin_client.post(ADD_URL, trainee_data(blkk_a))

    assert response.status_code == 302
    trainee = Trainee.objects.get(nik=NIK)
    assert (trainee.full_name, trainee.blkk, trainee.nik_review) == ("Siti Rahayu", blkk_a, False)
    assert trainee.consent_share_at is not None


def test_admin_refuses_nik_that_is_not_16_digits(admin_client, blkk_a):
    response = post_refused(admin_client, ADD_URL, trainee_data(blkk_a, nik="332501170502432"))

    assert error_codes(response, "nik") == ["nik_format"]
    assert english_errors(response, "nik") == ["NIK must be exactly 16 digits."]
    assert not Trainee.objects.exists()


def test_admin_refuses_nik_with_letters(admin_client, blkk_a):
    response = post_refused(admin_client, ADD_URL, trainee_data(blkk_a, nik="33250117050243AB"))

    assert error_codes(response, "nik") == ["nik_format"]
    assert not Trainee.objects.exists()


def test_admin_refuses_nik_with_unknown_province(admin_client, blkk_a):
    response = post_refused(admin_client, ADD_URL, trainee_data(blkk_a, nik="9925011705024321"))

    assert error_codes(response, "nik") == ["nik_province"]
    assert english_errors(response, "nik") == ["NIK digits 1–2 (99) are not a known province code."]
    assert not Trainee.objects.exists()


def test_admin_refuses_nik_with_impossible_date(admin_client, blkk_a):
    # 31 February 2002.
    response = post_refused(admin_client, ADD_URL, trainee_data(blkk_a, nik="3325013102024321"))

    assert error_codes(response, "nik") == ["nik_date"]
    assert english_errors(response, "nik") == ["NIK digits 7–12 (310202) are not a real calendar date."]
    assert not Trainee.objects.exists()


def test_admin_refuses_nik_with_month_13(admin_client, blkk_a):
    response = post_refused(admin_client, ADD_URL, trainee_data(blkk_a, nik="3325011713024321"))

    assert error_codes(response, "nik") == ["nik_date"]
    assert not Trainee.objects.exists()


def test_admin_refuses_nik_with_serial_0000(admin_client, blkk_a):
    response = post_refused(admin_client, ADD_URL, trainee_data(blkk_a, nik="3325011705020000"))

    assert error_codes(response, "nik") == ["nik_serial"]
    assert english_errors(response, "nik") == ["NIK's last four digits cannot be 0000."]
    assert not Trainee.objects.exists()


def test_admin_refuses_duplicate_nik(admin_client, blkk_a, blkk_b):
    existing = f.TraineeFactory(blkk=blkk_b, nik=NIK, full_name="Budi Lama")

    response = post_refused(admin_client, ADD_URL, trainee_data(blkk_a))

    assert error_codes(response, "nik") == ["unique"]
    assert english_errors(response, "nik") == ["A trainee with this NIK is already registered."]
    assert list(Trainee.objects.values_list("pk", "full_name")) == [(existing.pk, "Budi Lama")]


def test_admin_shows_nik_error_on_the_page_in_the_default_language(admin_client, blkk_a):
    response = post_refused(admin_client, ADD_URL, trainee_data(blkk_a, nik="123"))

    assert response.wsgi_request.LANGUAGE_CODE == "id"
    errors = indonesian_errors(response, "nik")
    assert errors and all(errors)
    assert errors[0] in response.content.decode()


def test_admin_accepts_nik_whose_date_disagrees_and_flags_it_with_a_warning(admin_client, blkk_a):
    # The NIK says 18 May 2002; the person was born on 17 May 2002. The NIK never changes.
    nik = f.make_nik("33.25", dt.date(2002, 5, 18), "L", serial=77)

    response = admin_client.post(ADD_URL, trainee_data(blkk_a, nik=nik))

    assert response.status_code == 302
    trainee = Trainee.objects.get(nik=nik)
    assert trainee.nik_review is True
    warnings = [m for m in get_messages(response.wsgi_request) if m.level == messages.WARNING]
    assert len(warnings) == 1
    assert "18-05-02" in warnings[0].message


def test_admin_accepts_nik_whose_gender_disagrees_and_flags_it(admin_client, blkk_a):
    nik = f.make_nik("33.25", BIRTH, "P", serial=78)  # the NIK encodes a woman (day + 40)

    response = admin_client.post(ADD_URL, trainee_data(blkk_a, nik=nik, gender="L"))

    assert response.status_code == 302
    assert Trainee.objects.get(nik=nik).nik_review is True
    assert any(m.level == messages.WARNING for m in get_messages(response.wsgi_request))


# --- other trainee fields -------------------------------------------------------------------
def test_admin_refuses_empty_full_name(admin_client, blkk_a):
    response = post_refused(admin_client, ADD_URL, trainee_data(blkk_a, full_name=""))

    assert error_codes(response, "full_name") == ["required"]
    assert indonesian_errors(response, "full_name") == [REQUIRED]
    assert REQUIRED in response.content.decode()
    assert not Trainee.objects.exists()


def test_admin_refuses_birth_date_in_the_future(admin_client, blkk_a):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = post_refused(admin_client, ADD_URL, trainee_data(blkk_a, birth_date=tomorrow.isoformat()))

    assert english_errors(response, "birth_date") == ["The birth date cannot be in the future."]
    assert indonesian_errors(response, "birth_date")
    assert not Trainee.objects.exists()


def test_admin_refuses_birth_date_that_is_not_a_date(admin_client, blkk_a):
    response = post_refused(admin_client, ADD_URL, trainee_data(blkk_a, birth_date="31-02-2002"))

    assert indonesian_errors(response, "birth_date") == ["Masukkan tanggal yang valid."]
    assert not Trainee.objects.exists()


def test_admin_refuses_bad_phone(admin_client, blkk_a):
    response = post_refused(admin_client, ADD_URL, trainee_data(blkk_a, phone="12345"))

    assert error_codes(response, "phone") == ["phone_format"]
    assert english_errors(response, "phone") == [
        "Enter an Indonesian mobile number such as 0812 3456 7890 or +62 812 3456 7890."
    ]
    assert not Trainee.objects.exists()


def test_admin_refuses_bad_email(admin_client, blkk_a):
    response = post_refused(admin_client, ADD_URL, trainee_data(blkk_a, email="siti@"))

    assert indonesian_errors(response, "email") == ["Masukkan alamat email dengan format yang benar."]
    assert not Trainee.objects.exists()


def test_admin_change_refuses_bad_nik_and_keeps_the_old_one(admin_client, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a, nik=NIK, full_name="Siti Rahayu")
    before = trainee.updated_at

    response = post_refused(
        admin_client, change_url(trainee), trainee_data(blkk_a, nik="3325011705020000", full_name="Siti R.")
    )

    assert error_codes(response, "nik") == ["nik_serial"]
    trainee.refresh_from_db()
    assert (trainee.nik, trainee.full_name, trainee.updated_at) == (NIK, "Siti Rahayu", before)


def test_admin_keeps_the_nik_of_a_graduate_read_only(admin_client, blkk_a):
    enrolment = f.GraduateEnrolmentFactory(trainee__blkk=blkk_a, trainee__nik=NIK)
    trainee = enrolment.trainee
    data = trainee_data(blkk_a, nik=f.make_nik("33.25", BIRTH, "L", serial=999), full_name="Nama Baru")
    data.update(
        {
            **inline_management("enrolments", total=1, initial=1),
            "enrolments-0-id": enrolment.pk,
            "enrolments-0-trainee": trainee.pk,
            "enrolments-0-cohort": enrolment.cohort.pk,
            "enrolments-0-status": "graduated",
            "enrolments-0-graduated_on": enrolment.graduated_on.isoformat(),
        }
    )

    response = admin_client.post(change_url(trainee), data)

    assert response.status_code == 302
    trainee.refresh_from_db()
    assert (trainee.nik, trainee.full_name) == (NIK, "Nama Baru")


def test_admin_change_form_shows_the_blkk_read_only(admin_client, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a, nik=NIK)

    response = admin_client.get(change_url(trainee))

    assert "blkk" not in form_of(response).fields
    assert "blkk" in form_of(admin_client.get(ADD_URL)).fields  # chosen when registering


def test_admin_change_keeps_the_trainees_blkk(admin_client, blkk_a, blkk_b):
    """Enrolments and applications carry a copy of their trainee's BLKK: it never changes."""
    enrolment = f.EnrolmentFactory(trainee__blkk=blkk_a, trainee__nik=NIK)
    trainee = enrolment.trainee
    data = trainee_data(blkk_b, full_name="Nama Baru", email=trainee.email)
    data.update(
        {
            **inline_management("enrolments", total=1, initial=1),
            "enrolments-0-id": enrolment.pk,
            "enrolments-0-trainee": trainee.pk,
            "enrolments-0-cohort": enrolment.cohort.pk,
            "enrolments-0-status": "registered",
        }
    )

    response = admin_client.post(change_url(trainee), data)

    assert response.status_code == 302
    trainee.refresh_from_db()
    assert (trainee.blkk, trainee.full_name) == (blkk_a, "Nama Baru")
    assert Enrolment.objects.get(pk=enrolment.pk).blkk == blkk_a


def test_admin_records_the_time_consent_is_withdrawn(admin_client, blkk_a):
    given = timezone.now() - dt.timedelta(days=30)
    trainee = f.TraineeFactory(blkk=blkk_a, nik=NIK, consent_share=True, consent_share_at=given)
    data = trainee_data(blkk_a, full_name=trainee.full_name, email=trainee.email)
    del data["consent_share"]

    response = admin_client.post(change_url(trainee), data)

    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.consent_share is False
    assert trainee.consent_share_at > given


def test_admin_records_the_time_of_an_objection_to_matching(admin_client, blkk_a):
    response = admin_client.post(ADD_URL, trainee_data(blkk_a, objects_to_matching="on"))

    assert response.status_code == 302
    trainee = Trainee.objects.get(nik=NIK)
    assert trainee.objects_to_matching is True and trainee.objected_at is not None


# --- privacy in lists -----------------------------------------------------------------------
def test_admin_changelist_masks_the_nik(admin_client, blkk_a):
    f.TraineeFactory(blkk=blkk_a, nik=NIK)

    response = admin_client.get(LIST_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "3325************" in content
    assert NIK not in content


def test_admin_change_form_shows_the_full_nik_and_logs_the_view(admin_client, blkk_a, root):
    trainee = f.TraineeFactory(blkk=blkk_a, nik=NIK)

    response = admin_client.get(change_url(trainee))

    assert response.status_code == 200
    assert NIK in response.content.decode()
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.trainee) == (root, AccessLog.Action.VIEW_NIK, trainee)


def test_admin_finds_a_trainee_by_exact_nik_only(admin_client, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a, nik=NIK)
    f.TraineeFactory(blkk=blkk_a)

    exact = admin_client.get(LIST_URL, {"q": NIK})
    partial = admin_client.get(LIST_URL, {"q": NIK[:8]})

    assert list(exact.context["cl"].result_list) == [trainee]
    assert list(partial.context["cl"].result_list) == []


def test_admin_finds_a_trainee_by_name(admin_client, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a, full_name="Dewi Lestari")
    f.TraineeFactory(blkk=blkk_a, full_name="Budi Santoso")

    response = admin_client.get(LIST_URL, {"q": "lestari"})

    assert list(response.context["cl"].result_list) == [trainee]


def test_admin_filters_minors(admin_client, blkk_a):
    today = timezone.localdate()
    minor = f.TraineeFactory(blkk=blkk_a, birth_date=today - dt.timedelta(days=16 * 365))  # 15 or 16
    f.TraineeFactory(blkk=blkk_a)

    response = admin_client.get(LIST_URL, {"age": "minor"})

    assert list(response.context["cl"].result_list) == [minor]
    assert 'alt="True"' in response.content.decode()  # the "under 18" column


# --- enrolments -----------------------------------------------------------------------------
ENROLMENT_ADD_URL = reverse("admin:trainees_enrolment_add")


def enrolment_data(trainee, cohort, **overrides) -> dict:
    data = {
        "trainee": trainee.pk,
        "cohort": cohort.pk,
        "status": "registered",
        "graduated_on": "",
        "certificate_number": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def trainee_and_cohort(blkk_a):
    return f.TraineeFactory(blkk=blkk_a), f.CohortFactory(program__blkk=blkk_a)


def test_admin_adds_a_graduated_enrolment_with_its_units(admin_client, trainee_and_cohort):
    trainee, cohort = trainee_and_cohort
    units = list(cohort.program.competencies.all()[:2])

    response = admin_client.post(
        ENROLMENT_ADD_URL,
        enrolment_data(
            trainee,
            cohort,
            status="graduated",
            graduated_on=cohort.end_date.isoformat(),
            competencies=[u.pk for u in units],
        ),
    )

    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.graduated_on == cohort.end_date
    assert set(enrolment.competencies.all()) == set(units)


def test_admin_adds_an_enrolment_with_its_trainees_blkk(admin_client, trainee_and_cohort):
    trainee, cohort = trainee_and_cohort

    response = admin_client.post(ENROLMENT_ADD_URL, enrolment_data(trainee, cohort))

    assert response.status_code == 302
    assert Enrolment.objects.get().blkk == trainee.blkk


def test_admin_enrolment_change_form_keeps_its_trainee(admin_client, trainee_and_cohort, blkk_b):
    trainee, cohort = trainee_and_cohort
    enrolment = f.EnrolmentFactory(trainee=trainee, cohort=cohort)
    other = f.TraineeFactory(blkk=blkk_b)
    url = reverse("admin:trainees_enrolment_change", args=[enrolment.pk])
    assert "trainee" not in form_of(admin_client.get(url)).fields

    response = admin_client.post(url, enrolment_data(other, cohort, status="in_training"))

    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.trainee, enrolment.blkk, enrolment.status) == (trainee, trainee.blkk, "in_training")


def test_admin_refuses_an_enrolment_in_another_blkks_cohort(admin_client, trainee_and_cohort, blkk_b):
    trainee, _cohort = trainee_and_cohort
    elsewhere = f.CohortFactory(program__blkk=blkk_b)

    response = post_refused(admin_client, ENROLMENT_ADD_URL, enrolment_data(trainee, elsewhere))

    assert english_errors(response, "cohort") == ["The cohort belongs to another BLKK."]
    assert indonesian_errors(response, "cohort")
    assert not Enrolment.objects.exists()


def test_admin_refuses_moving_an_enrolment_to_another_blkks_cohort(admin_client, trainee_and_cohort, blkk_b):
    trainee, cohort = trainee_and_cohort
    enrolment = f.EnrolmentFactory(trainee=trainee, cohort=cohort)
    elsewhere = f.CohortFactory(program__blkk=blkk_b)
    url = reverse("admin:trainees_enrolment_change", args=[enrolment.pk])

    response = post_refused(admin_client, url, enrolment_data(trainee, elsewhere))

    assert english_errors(response, "cohort") == ["The cohort belongs to another BLKK."]
    enrolment.refresh_from_db()
    assert (enrolment.cohort, enrolment.blkk) == (cohort, trainee.blkk)


def test_admin_refuses_graduated_enrolment_without_graduation_date(admin_client, trainee_and_cohort):
    trainee, cohort = trainee_and_cohort

    response = post_refused(
        admin_client, ENROLMENT_ADD_URL, enrolment_data(trainee, cohort, status="graduated")
    )

    assert english_errors(response, "graduated_on") == ["A graduated enrolment needs its graduation date."]
    assert indonesian_errors(response, "graduated_on")
    assert not Enrolment.objects.exists()


def test_admin_refuses_graduation_date_in_the_future(admin_client, trainee_and_cohort):
    trainee, cohort = trainee_and_cohort
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = post_refused(
        admin_client,
        ENROLMENT_ADD_URL,
        enrolment_data(trainee, cohort, status="graduated", graduated_on=tomorrow.isoformat()),
    )

    assert english_errors(response, "graduated_on") == ["The graduation date cannot be in the future."]
    assert not Enrolment.objects.exists()


def test_admin_refuses_graduation_before_the_cohort_starts(admin_client, trainee_and_cohort):
    trainee, cohort = trainee_and_cohort
    before_start = cohort.start_date - dt.timedelta(days=1)

    response = post_refused(
        admin_client,
        ENROLMENT_ADD_URL,
        enrolment_data(trainee, cohort, status="graduated", graduated_on=before_start.isoformat()),
    )

    assert english_errors(response, "graduated_on") == [
        "The graduation date cannot be before the cohort starts."
    ]
    assert not Enrolment.objects.exists()


def test_admin_refuses_enrolling_a_trainee_twice_in_a_cohort(admin_client, trainee_and_cohort):
    trainee, cohort = trainee_and_cohort
    f.EnrolmentFactory(trainee=trainee, cohort=cohort)

    response = post_refused(admin_client, ENROLMENT_ADD_URL, enrolment_data(trainee, cohort))

    assert [e.code for e in form_of(response).errors.as_data()["cohort"]] == ["unique_together"]
    assert Enrolment.objects.count() == 1


def test_admin_trainee_inline_refuses_graduated_enrolment_without_date(admin_client, blkk_a):
    cohort = f.CohortFactory(program__blkk=blkk_a)
    data = trainee_data(blkk_a)
    data.update(
        {
            **inline_management("enrolments", total=1),
            "enrolments-0-cohort": cohort.pk,
            "enrolments-0-status": "graduated",
            "enrolments-0-graduated_on": "",
        }
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 200
    inline_errors = response.context["inline_admin_formsets"][0].formset.errors
    with translation.override("en"):
        assert inline_errors[0]["graduated_on"] == ["A graduated enrolment needs its graduation date."]
    assert not Trainee.objects.exists()
    assert not Enrolment.objects.exists()


def test_admin_trainee_inline_adds_enrolments_with_the_trainees_blkk(admin_client, blkk_a):
    cohort = f.CohortFactory(program__blkk=blkk_a)
    data = trainee_data(blkk_a)
    data.update(
        {
            **inline_management("enrolments", total=1),
            "enrolments-0-cohort": cohort.pk,
            "enrolments-0-status": "registered",
        }
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302
    assert Enrolment.objects.get().blkk == blkk_a
