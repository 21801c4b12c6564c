"""Match runs and matches are written by the engine: the admin shows them and edits nothing."""

import pytest
from django.urls import reverse

from apps.matching.models import Match, MatchRun
from tests import factories as f


@pytest.fixture
def match(blkk_a, employer_x):
    vacancy = f.VacancyFactory(employer=employer_x)
    run = MatchRun.objects.create(scope=MatchRun.Scope.VACANCY, vacancy=vacancy, status="done", progress=1.0)
    trainee = f.GraduateEnrolmentFactory(trainee__blkk=blkk_a).trainee
    return Match.objects.create(
        run=run, vacancy=vacancy, trainee=trainee, score=87.5, rank=1, reasons={"coverage": 70.0}
    )


def test_admin_match_list_masks_the_nik(admin_client, match):
    response = admin_client.get(reverse("admin:matching_match_changelist"))

    content = response.content.decode()
    assert response.status_code == 200
    assert match.trainee.nik[:4] + "*" * 12 in content
    assert match.trainee.nik not in content


def test_admin_cannot_add_a_match(admin_client, match):
    response = admin_client.get(reverse("admin:matching_match_add"))

    assert response.status_code == 403


def test_admin_cannot_change_a_match(admin_client, match):
    response = admin_client.post(
        reverse("admin:matching_match_change", args=[match.pk]), {"score": "100", "rank": "1"}
    )

    assert response.status_code == 403
    match.refresh_from_db()
    assert match.score == 87.5


def test_admin_cannot_delete_a_match(admin_client, match):
    response = admin_client.post(reverse("admin:matching_match_delete", args=[match.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Match.objects.filter(pk=match.pk).exists()


def test_admin_views_a_match_run_read_only(admin_client, match):
    response = admin_client.get(reverse("admin:matching_matchrun_change", args=[match.run_id]))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_admin_cannot_start_a_match_run_by_hand(admin_client):
    response = admin_client.get(reverse("admin:matching_matchrun_add"))

    assert response.status_code == 403


def test_admin_may_delete_an_old_match_run_and_its_matches_stay(admin_client, match):
    response = admin_client.post(
        reverse("admin:matching_matchrun_delete", args=[match.run_id]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not MatchRun.objects.exists()
    match.refresh_from_db()
    assert match.run is None
