"""Data-subject export (UU PDP): everything held about a trainee, to the owning BLKK only."""

from __future__ import annotations

import io
import json

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from apps.accounts.models import AccessLog
from apps.accounts.services import access_log_record
from apps.trainees.privacy import trainee_export, trainee_export_xlsx
from apps.vacancies.models import Application
from tests import factories as f


@pytest.fixture
def subject(blkk_a, employer_x, root):
    trainee = f.TraineeFactory(
        blkk=blkk_a, full_name="Siti Aminah", phone="081298765432", address="=HYPERLINK(1)"
    )
    f.GraduateEnrolmentFactory(trainee=trainee, certificate_number="BNSP-2025-000123")
    f.ApplicationFactory(
        trainee=trainee,
        vacancy=f.VacancyFactory(employer=employer_x),
        status=Application.Status.SHORTLISTED,
        shortlisted_at=timezone.now(),
    )
    access_log_record(user=root, action=AccessLog.Action.VIEW_NIK, trainee_ids=[trainee.pk])
    return trainee


def test_export_holds_all_personal_data(subject, alice):
    data = trainee_export(subject, alice)
    person = data["trainee"]
    assert (person["nik"], person["full_name"], person["phone"]) == (
        subject.nik,
        "Siti Aminah",
        "081298765432",
    )
    assert person["email"] == subject.email and person["birth_date"] == "2002-05-17"
    assert data["consent"]["consent_share"] is True and data["consent"]["consent_share_at"]
    [enrolment] = data["enrolments"]
    assert enrolment["status"] == "graduated" and enrolment["certificate_number"] == "BNSP-2025-000123"
    assert enrolment["competencies"] and {"code", "title"} <= set(enrolment["competencies"][0])
    [application] = data["applications"]
    assert application["status"] == "shortlisted" and application["shortlisted_at"]
    assert [(e["user"], e["action"]) for e in data["access_log"]] == [
        ("root", "view_nik"),
        ("alice", "export"),
    ]
    json.dumps(data)  # JSON-ready


def test_export_is_logged(subject, alice):
    trainee_export(subject, alice)
    assert AccessLog.objects.filter(trainee=subject, user=alice, action=AccessLog.Action.EXPORT).count() == 1


def test_xlsx_keeps_the_nik_as_text_and_defuses_formulas(subject, alice):
    workbook = load_workbook(io.BytesIO(trainee_export_xlsx(trainee_export(subject, alice))))
    values = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert values["nik"] == subject.nik
    assert values["address"] == "'=HYPERLINK(1)"
    assert len(workbook.worksheets) == 5


def test_owning_staff_download_json(client, subject, alice):
    client.force_login(alice)
    response = client.get(f"/blkk/peserta/{subject.pk}/data.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "no-store"
    assert json.loads(response.content)["trainee"]["nik"] == subject.nik
    assert AccessLog.objects.filter(trainee=subject, action=AccessLog.Action.EXPORT).count() == 1


def test_owning_staff_download_xlsx(client, subject, alice):
    client.force_login(alice)
    response = client.get(f"/blkk/peserta/{subject.pk}/data.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert load_workbook(io.BytesIO(response.content)).worksheets[0]["B2"].value is not None
    assert AccessLog.objects.filter(trainee=subject, action=AccessLog.Action.EXPORT).count() == 1


def test_admin_may_export(client, subject, root):
    client.force_login(root)
    assert client.get(f"/blkk/peserta/{subject.pk}/data.json").status_code == 200


@pytest.mark.parametrize("persona", ["bob", "carol", "dave", "olivia", "olga"])
@pytest.mark.parametrize("suffix", ["data.json", "data.xlsx"])
def test_others_get_404_and_nothing_is_logged(client, subject, persona, suffix, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/blkk/peserta/{subject.pk}/{suffix}").status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()
