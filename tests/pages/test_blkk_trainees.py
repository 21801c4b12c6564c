"""Trainees: list (masked NIK, search, status filter, pages), register/edit with the NIK rules,
detail with the full NIK, consent and objection."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from apps.accounts.models import AccessLog
from apps.trainees.models import Enrolment, Trainee
from tests import factories as f

pytestmark = pytest.mark.django_db

BIRTH = dt.date(2003, 8, 17)


def trainee_data(**overrides):
    data = {
        "nik": f.make_nik("33.25", BIRTH, "P", serial=17),
        "full_name": "Siti Aminah",
        "gender": "P",
        "birth_date": BIRTH.isoformat(),
        "education": "SMK",
        "regency": "33.25",
        "address": "Desa Sawahjoho",
        "phone": "081234567890",
        "email": "siti@example.id",
        "relocate": "on",
    }
    return {**data, **overrides}


def messages_of(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


# --- list ----------------------------------------------------------------------------------------
def test_list_shows_own_trainees_with_masked_nik(client, alice, blkk_a, blkk_b):
    mine = f.TraineeFactory(blkk=blkk_a, full_name="Ahmad Fauzi")
    f.TraineeFactory(blkk=blkk_b, full_name="Orang Pemalang")
    client.force_login(alice)
    response = client.get(reverse("trainees:trainee-list"))
    html = response.content.decode()
    assert [t.full_name for t in response.context["page"]] == ["Ahmad Fauzi"]
    assert mine.nik[:4] + "*" * 12 in html
    assert mine.nik not in html


def test_list_searches_by_name(client, alice, blkk_a):
    f.TraineeFactory(blkk=blkk_a, full_name="Ahmad Fauzi")
    f.TraineeFactory(blkk=blkk_a, full_name="Dewi Lestari")
    client.force_login(alice)
    page = client.get(reverse("trainees:trainee-list"), {"q": "dewi"}).context["page"]
    assert [t.full_name for t in page] == ["Dewi Lestari"]


def test_list_finds_a_trainee_by_full_nik(client, alice, blkk_a):
    wanted = f.TraineeFactory(blkk=blkk_a)
    f.TraineeFactory(blkk=blkk_a)
    client.force_login(alice)
    page = client.get(reverse("trainees:trainee-list"), {"q": wanted.nik}).context["page"]
    assert [t.pk for t in page] == [wanted.pk]


def test_list_filters_by_enrolment_status(client, alice, blkk_a):
    graduate = f.GraduateEnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a)).trainee
    f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a))
    client.force_login(alice)
    page = client.get(reverse("trainees:trainee-list"), {"status": "graduated"}).context["page"]
    assert [t.pk for t in page] == [graduate.pk]


def test_list_filters_trainees_not_enrolled(client, alice, blkk_a):
    f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a))
    loose = f.TraineeFactory(blkk=blkk_a)
    client.force_login(alice)
    page = client.get(reverse("trainees:trainee-list"), {"status": "none"}).context["page"]
    assert [t.pk for t in page] == [loose.pk]


def test_list_is_paginated(client, alice, blkk_a):
    for _ in range(30):
        f.TraineeFactory(blkk=blkk_a)
    client.force_login(alice)
    first = client.get(reverse("trainees:trainee-list")).context["page"]
    second = client.get(reverse("trainees:trainee-list"), {"page": 2}).context["page"]
    assert (len(first), len(second), first.paginator.count) == (25, 5, 30)


def test_list_query_count_does_not_grow_with_the_page_size(
    client, alice, blkk_a, django_assert_max_num_queries
):
    program = f.ProgramFactory(blkk=blkk_a)
    cohort = f.CohortFactory(program=program, capacity=50)
    f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a), cohort=cohort)
    client.force_login(alice)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("trainees:trainee-list"))
    for _ in range(20):
        f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a), cohort=cohort)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("trainees:trainee-list"))
    assert len(response.context["page"]) == 21


# --- register and edit --------------------------------------------------------------------------
def test_create_registers_the_trainee_for_the_staff_members_blkk(client, alice, blkk_a):
    client.force_login(alice)
    response = client.post(reverse("trainees:trainee-create"), trainee_data(consent_share="on"))
    trainee = Trainee.objects.get(full_name="Siti Aminah")
    assert response["Location"] == reverse("trainees:trainee-detail", args=[trainee.pk])
    assert (trainee.blkk, trainee.nik_review, trainee.consent_share) == (blkk_a, False, True)
    assert trainee.consent_share_at is not None


def test_create_strips_spaces_typed_inside_the_nik(client, alice):
    client.force_login(alice)
    nik = f.make_nik("33.25", BIRTH, "P", serial=17)
    spaced = " ".join(nik[i : i + 4] for i in range(0, 16, 4))
    client.post(reverse("trainees:trainee-create"), trainee_data(nik=spaced))
    assert Trainee.objects.get().nik == nik


def test_a_nik_whose_date_disagrees_is_saved_with_a_visible_warning(client, alice):
    client.force_login(alice)
    nik = f.make_nik("33.25", dt.date(2003, 8, 18), "P", serial=5)  # NIK says the 18th
    response = client.post(reverse("trainees:trainee-create"), trainee_data(nik=nik), follow=True)
    trainee = Trainee.objects.get(nik=nik)
    assert trainee.nik_review is True
    warnings = [text for level, text in messages_of(response) if level == "warning"]
    assert warnings == trainee.nik_warnings and len(warnings) == 1
    assert warnings[0] in response.content.decode()


def test_a_nik_whose_gender_disagrees_is_saved_with_a_warning(client, alice):
    client.force_login(alice)
    nik = f.make_nik("33.25", BIRTH, "L", serial=6)  # NIK says male
    response = client.post(reverse("trainees:trainee-create"), trainee_data(nik=nik))
    assert response.status_code == 302
    assert Trainee.objects.get(nik=nik).nik_review is True
    assert [level for level, _text in messages_of(response)].count("warning") == 1


def test_an_invalid_nik_is_refused_with_the_field_error_and_nothing_saved(client, alice):
    client.force_login(alice)
    response = client.post(reverse("trainees:trainee-create"), trainee_data(nik="3325017708030000"))
    assert response.status_code == 200
    assert response.context["form"].errors["nik"]
    assert not Trainee.objects.exists()


def test_a_nik_already_registered_is_refused(client, alice, blkk_b):
    existing = f.TraineeFactory(blkk=blkk_b)
    client.force_login(alice)
    response = client.post(reverse("trainees:trainee-create"), trainee_data(nik=existing.nik))
    assert response.status_code == 200
    assert response.context["form"].errors["nik"]
    assert Trainee.objects.count() == 1


def test_a_trainee_under_14_is_refused(client, alice):
    client.force_login(alice)
    response = client.post(reverse("trainees:trainee-create"), trainee_data(birth_date="2020-01-01"))
    assert response.status_code == 200
    assert response.context["form"].errors["birth_date"]
    assert not Trainee.objects.exists()


def test_edit_saves_the_changes(client, alice, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a)
    client.force_login(alice)
    data = trainee_data(
        nik=trainee.nik, gender="L", birth_date=trainee.birth_date.isoformat(), phone="085700001111"
    )
    response = client.post(reverse("trainees:trainee-edit", args=[trainee.pk]), data)
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert (trainee.full_name, trainee.phone, trainee.nik_review) == ("Siti Aminah", "085700001111", False)


def test_edit_to_a_disagreeing_birth_date_saves_and_warns(client, alice, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a)
    client.force_login(alice)
    data = trainee_data(nik=trainee.nik, gender="L", birth_date="2002-05-18")
    response = client.post(reverse("trainees:trainee-edit", args=[trainee.pk]), data)
    trainee.refresh_from_db()
    assert (trainee.birth_date, trainee.nik_review) == (dt.date(2002, 5, 18), True)
    assert [level for level, _text in messages_of(response)].count("warning") == 1


def test_edit_with_a_bad_phone_changes_nothing(client, alice, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a)
    client.force_login(alice)
    data = trainee_data(nik=trainee.nik, gender="L", birth_date=trainee.birth_date.isoformat(), phone="12")
    response = client.post(reverse("trainees:trainee-edit", args=[trainee.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    trainee.refresh_from_db()
    assert trainee.full_name != "Siti Aminah"


def test_the_nik_of_a_graduate_cannot_be_changed(client, alice, blkk_a):
    trainee = f.GraduateEnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a)).trainee
    client.force_login(alice)
    data = trainee_data(gender="L", birth_date=trainee.birth_date.isoformat())
    response = client.post(reverse("trainees:trainee-edit", args=[trainee.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["nik"]
    assert Trainee.objects.get(pk=trainee.pk).nik == trainee.nik


# --- detail, consent, objection -----------------------------------------------------------------
def test_detail_shows_the_full_nik_and_enrolments_to_the_owning_blkk(client, alice, blkk_a):
    enrolment = f.GraduateEnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a))
    client.force_login(alice)
    response = client.get(reverse("trainees:trainee-detail", args=[enrolment.trainee_id]))
    assert enrolment.trainee.nik in response.content.decode()
    assert list(response.context["enrolments"]) == [enrolment]
    assert not AccessLog.objects.exists()  # the owning BLKK's own views are not audited


def test_detail_viewed_by_an_admin_is_written_to_the_access_log(client, root, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a)
    client.force_login(root)
    client.get(reverse("trainees:trainee-detail", args=[trainee.pk]))
    assert AccessLog.objects.filter(user=root, trainee=trainee, action="view_nik").count() == 1


def test_consent_can_be_withdrawn_and_its_time_is_recorded(client, alice, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a, consent_share=True)
    client.force_login(alice)
    client.post(reverse("trainees:trainee-consent", args=[trainee.pk]), {"consent": "0"})
    trainee.refresh_from_db()
    assert trainee.consent_share is False and trainee.consent_share_at is not None


def test_consent_can_be_recorded(client, alice, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a, consent_share=False, consent_share_at=None)
    client.force_login(alice)
    client.post(reverse("trainees:trainee-consent", args=[trainee.pk]), {"consent": "1"})
    trainee.refresh_from_db()
    assert trainee.consent_share is True and trainee.consent_share_at is not None


def test_objection_to_automated_matching_is_recorded_and_can_be_lifted(client, alice, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a)
    client.force_login(alice)
    client.post(reverse("trainees:trainee-objection", args=[trainee.pk]), {"objects": "1"})
    trainee.refresh_from_db()
    assert trainee.objects_to_matching is True and trainee.objected_at is not None
    client.post(reverse("trainees:trainee-objection", args=[trainee.pk]), {"objects": "0"})
    trainee.refresh_from_db()
    assert trainee.objects_to_matching is False


def test_consent_page_accepts_only_post(client, alice, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a)
    client.force_login(alice)
    assert client.get(reverse("trainees:trainee-consent", args=[trainee.pk])).status_code == 405


def test_enrolments_of_a_dropped_trainee_are_listed(client, alice, blkk_a):
    enrolment = f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a), status=Enrolment.Status.DROPPED)
    client.force_login(alice)
    response = client.get(reverse("trainees:trainee-detail", args=[enrolment.trainee_id]))
    assert list(response.context["enrolments"]) == [enrolment]
