"""Login and the role-aware home page."""

import pytest
from django.urls import reverse

from tests import factories as f


@pytest.fixture
def world(blkk_a, blkk_b, employer_x):
    graduate = f.GraduateEnrolmentFactory(trainee__blkk=blkk_a).trainee
    f.GraduateEnrolmentFactory(trainee__blkk=blkk_b)
    f.VacancyFactory(employer=employer_x, headcount=7)
    f.VacancyFactory(employer=employer_x, status="draft", headcount=3)
    f.ApplicationFactory(trainee=graduate, vacancy__employer=employer_x, status="hired")
    return graduate


def test_anonymous_home_invites_to_log_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert reverse("login") in response.content.decode()
    assert response.context["summary"] is None


def test_login_with_right_password_reaches_home(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": f.PASSWORD}, follow=True)
    assert response.context["user"] == alice


def test_login_with_wrong_password_shows_an_error_in_indonesian(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong-password-123"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert response.context["form"].errors


def test_blkk_staff_home_counts_only_their_own_blkk(client, alice, world):
    client.force_login(alice)
    summary = client.get(reverse("home")).context["summary"]
    assert (summary["blkk_count"], summary["trainees"], summary["graduates"], summary["placed"]) == (
        1,
        1,
        1,
        1,
    )
    assert summary["open_vacancies"] == 2  # staff see every open vacancy


def test_employer_home_counts_only_their_own_vacancies(client, carol, dave, world):
    client.force_login(dave)
    summary = client.get(reverse("home")).context["summary"]
    assert (summary["open_vacancies"], summary["open_positions"], summary["trainees"]) == (0, 0, 0)
    client.force_login(carol)
    summary = client.get(reverse("home")).context["summary"]
    assert (summary["open_vacancies"], summary["open_positions"]) == (2, 9)
    assert summary["applications"] == {"hired": 1}


def test_regency_official_home_counts_only_their_regency(client, oscar, world):
    client.force_login(oscar)
    summary = client.get(reverse("home")).context["summary"]
    assert (summary["blkk_count"], summary["trainees"], summary["placed"]) == (1, 1, 0)


def test_national_official_home_shows_placement_rate(client, olivia, world):
    client.force_login(olivia)
    summary = client.get(reverse("home")).context["summary"]
    assert (summary["graduates"], summary["placed"], summary["placement_rate"]) == (2, 1, 0.5)


def test_home_is_indonesian_by_default_and_english_on_request(client, db):
    assert '<html lang="id">' in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_pages_are_indonesian_even_for_an_english_browser(client, db):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in html


def test_the_api_still_answers_in_the_language_asked_for(client, db):
    response = client.get("/api/v1/blkk/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication credentials were not provided."
