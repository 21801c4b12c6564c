"""API for data-subject rights: ``GET /api/v1/trainees/{id}/export/``, ``POST …/erase/``."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import AccessLog
from apps.trainees.models import Trainee
from tests import factories as f


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def subject(blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a)
    f.GraduateEnrolmentFactory(trainee=trainee)
    return trainee


def test_owning_staff_export(api, subject, alice):
    api.force_authenticate(alice)
    response = api.get(f"/api/v1/trainees/{subject.pk}/export/")
    assert response.status_code == 200
    assert response.json()["trainee"]["nik"] == subject.nik
    assert len(response.json()["enrolments"]) == 1
    assert AccessLog.objects.filter(trainee=subject, user=alice, action=AccessLog.Action.EXPORT).exists()


def test_owning_staff_erase_is_idempotent(api, subject, alice):
    api.force_authenticate(alice)
    url = f"/api/v1/trainees/{subject.pk}/erase/"
    assert api.post(url).json() == {"id": subject.pk, "erased": True}
    assert api.post(url).json() == {"id": subject.pk, "erased": False}
    assert Trainee.objects.get(pk=subject.pk).full_name == "Dihapus"
    assert api.get(url).status_code == 405


def test_admin_may_export_and_erase(api, subject, root):
    api.force_authenticate(root)
    assert api.get(f"/api/v1/trainees/{subject.pk}/export/").status_code == 200
    assert api.post(f"/api/v1/trainees/{subject.pk}/erase/").json()["erased"] is True


@pytest.mark.parametrize("persona", ["bob", "carol", "dave", "olivia", "olga", "oscar"])
def test_others_get_404(api, subject, persona, request):
    api.force_authenticate(request.getfixturevalue(persona))
    assert api.get(f"/api/v1/trainees/{subject.pk}/export/").status_code == 404
    assert api.post(f"/api/v1/trainees/{subject.pk}/erase/").status_code == 404
    assert Trainee.objects.get(pk=subject.pk).erased_at is None
    assert not AccessLog.objects.filter(action__in=["export", "erase"]).exists()


def test_anonymous_is_refused(api, subject):
    assert api.get(f"/api/v1/trainees/{subject.pk}/export/").status_code == 401
    assert api.post(f"/api/v1/trainees/{subject.pk}/erase/").status_code == 401


def test_unknown_id_is_404(api, alice):
    api.force_authenticate(alice)
    assert api.get("/api/v1/trainees/999999/export/").status_code == 404
