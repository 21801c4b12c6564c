"""Erasure on request (UU PDP): the trainee is anonymised, the statistics are not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.accounts.models import AccessLog
from apps.dashboards.selectors import placement_summary
from apps.matching.models import Match
from apps.matching.selectors import candidates_for
from apps.trainees.models import Trainee
from apps.trainees.privacy import erased_nik, trainee_erase
from apps.vacancies.models import Application
from tests import factories as f

AGGREGATES = ("trainees", "graduates", "placed")


@pytest.fixture
def subject(blkk_a, employer_x):
    """A graduate of BLKK a, hired by employer x, proposed for another vacancy, with a match."""
    trainee = f.TraineeFactory(
        blkk=blkk_a,
        full_name="Siti Aminah",
        gender="P",
        birth_date=dt.date(2001, 3, 4),
        phone="081298765432",
        email="siti.aminah@example.id",
        address="Jl. Melati No. 3, Batang",
    )
    f.GraduateEnrolmentFactory(trainee=trainee, certificate_number="BNSP-2025-000123")
    hired = f.VacancyFactory(employer=employer_x)
    f.ApplicationFactory(
        trainee=trainee, vacancy=hired, status=Application.Status.HIRED, hired_at=timezone.now()
    )
    open_vacancy = f.VacancyFactory(employer=employer_x)
    f.ApplicationFactory(trainee=trainee, vacancy=open_vacancy, status=Application.Status.PROPOSED)
    Match.objects.create(vacancy=open_vacancy, trainee=trainee, score=80, rank=1)
    trainee.open_vacancy = open_vacancy
    return trainee


def _counts(user):
    summary = placement_summary(user=user)
    return {key: summary[key] for key in AGGREGATES}


def test_erasure_leaves_placement_aggregates_unchanged(subject, alice, root, olivia):
    f.TraineeFactory(blkk=subject.blkk)  # someone not erased
    before = {u.username: _counts(u) for u in (alice, root, olivia)}
    assert before["alice"] == {"trainees": 2, "graduates": 1, "placed": 1}
    trainee_erase(subject, alice)
    assert {u.username: _counts(u) for u in (alice, root, olivia)} == before


def test_no_personal_value_remains_in_the_trainee_row(subject, alice):
    personal = [subject.nik, "Siti", "Aminah", "081298765432", "siti.aminah", "Melati", "2001-03-04"]
    trainee_erase(subject, alice)
    row = Trainee.objects.filter(pk=subject.pk).values().get()
    text = " ".join(str(v) for v in row.values())
    for value in personal:
        assert value not in text
    assert row["full_name"] == "Dihapus"
    assert (row["phone"], row["email"], row["address"]) == ("", "", "")
    assert row["birth_date"] == dt.date(2001, 7, 1)
    assert row["erased_at"] is not None
    assert (row["consent_share"], row["objects_to_matching"]) == (False, True)
    assert row["consent_share_at"] is not None  # the withdrawal is recorded with its time
    assert subject.enrolments.get().certificate_number == ""


def test_the_nik_is_gone(subject, alice):
    nik = subject.nik
    trainee_erase(subject, alice)
    assert not Trainee.objects.filter(nik=nik).exists()
    placeholder = Trainee.objects.get(pk=subject.pk).nik
    assert placeholder == erased_nik(subject.pk) and len(placeholder) == 16 and not placeholder.isdigit()


def test_erased_trainee_is_no_longer_matched(subject, alice, carol):
    assert [m.trainee_id for m in candidates_for(user=carol, vacancy=subject.open_vacancy)] == [subject.pk]
    trainee_erase(subject, alice)
    assert not candidates_for(user=carol, vacancy=subject.open_vacancy).exists()
    assert not Match.objects.filter(trainee=subject.pk).exists()
    statuses = list(Application.objects.filter(trainee=subject.pk).values_list("status", flat=True))
    assert statuses == [Application.Status.HIRED]


def test_erasure_is_logged(subject, alice):
    trainee_erase(subject, alice)
    log = AccessLog.objects.get(trainee=subject.pk, action=AccessLog.Action.ERASE)
    assert log.user == alice


def test_double_erase_is_harmless(subject, alice):
    assert trainee_erase(subject, alice) is True
    first = Trainee.objects.filter(pk=subject.pk).values().get()
    assert trainee_erase(Trainee.objects.get(pk=subject.pk), alice) is False
    assert Trainee.objects.filter(pk=subject.pk).values().get() == first
    assert AccessLog.objects.filter(trainee=subject.pk, action=AccessLog.Action.ERASE).count() == 1


# --- the pages ---------------------------------------------------------------------------------
def _url(trainee):
    return f"/blkk/peserta/{trainee.pk}/hapus-data/"


def test_owning_staff_confirm_then_erase(client, subject, alice):
    client.force_login(alice)
    page = client.get(_url(subject))
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert Trainee.objects.get(pk=subject.pk).erased_at is None  # GET only asks
    response = client.post(_url(subject))
    assert response.status_code == 302 and response["Location"] == f"/blkk/peserta/{subject.pk}/"
    assert Trainee.objects.get(pk=subject.pk).full_name == "Dihapus"
    assert client.post(_url(subject)).status_code == 302  # again: harmless


def test_detail_page_offers_export_and_erasure(client, subject, alice):
    client.force_login(alice)
    html = client.get(f"/blkk/peserta/{subject.pk}/").content.decode()
    assert f"/blkk/peserta/{subject.pk}/data.json" in html
    assert f"/blkk/peserta/{subject.pk}/data.xlsx" in html
    assert _url(subject) in html


def test_admin_may_erase(client, subject, root):
    client.force_login(root)
    assert client.post(_url(subject)).status_code == 302
    assert Trainee.objects.get(pk=subject.pk).erased_at is not None


@pytest.mark.parametrize("persona", ["bob", "carol", "olivia"])
def test_others_get_404_and_erase_nothing(client, subject, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(subject)).status_code == 404
    assert client.post(_url(subject)).status_code == 404
    assert Trainee.objects.get(pk=subject.pk).erased_at is None
