"""Vacancy and application admin: bad input is refused field by field and changes nothing.

A salary below the UMK is saved with a warning; an application moves only one legal step at a time.
"""

import datetime as dt

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from apps.vacancies.models import Application, Vacancy
from tests import factories as f
from tests.admin_helpers import english_errors, error_codes, form_of, indonesian_errors, post_refused

ADD_URL = reverse("admin:vacancies_vacancy_add")
LIST_URL = reverse("admin:vacancies_vacancy_changelist")
APPLICATIONS_URL = reverse("admin:vacancies_application_changelist")


def vacancy_data(employer, **overrides) -> dict:
    data = {
        "employer": employer.pk,
        "title": "Operator Las SMAW",
        "description": "Shift pagi, KITB.",
        "vocation": f.vocation("LAS").pk,
        "competencies": [unit.pk for unit in f.units("LAS", 3)],
        "headcount": "5",
        "min_education": "SMK",
        "gender": "any",
        "age_min": "18",
        "age_max": "35",
        "regency": "33.25",
        "salary_min": "2700000",
        "salary_max": "3200000",
        "closes_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


def warnings_of(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request) if m.level == messages.WARNING]


# --- vacancies ------------------------------------------------------------------------------
def test_admin_adds_a_draft_vacancy_without_warnings(admin_client, employer_x):
    response = admin_client.post(ADD_URL, vacancy_data(employer_x))

    assert response.status_code == 302
    vacancy = Vacancy.objects.get()
    assert (vacancy.status, vacancy.competencies.count()) == (Vacancy.Status.DRAFT, 3)
    assert warnings_of(response) == []


def test_admin_refuses_headcount_0(admin_client, employer_x):
    response = post_refused(admin_client, ADD_URL, vacancy_data(employer_x, headcount="0"))

    assert indonesian_errors(response, "headcount") == [
        "Pastikan nilai ini lebih besar dari atau sama dengan 1."
    ]
    assert not Vacancy.objects.exists()


def test_admin_refuses_minimum_age_above_maximum_age(admin_client, employer_x):
    response = post_refused(admin_client, ADD_URL, vacancy_data(employer_x, age_min="40", age_max="30"))

    assert english_errors(response, "age_max") == ["The maximum age cannot be below the minimum age."]
    assert indonesian_errors(response, "age_max")
    assert not Vacancy.objects.exists()


def test_admin_refuses_minimum_age_16(admin_client, employer_x):
    response = post_refused(admin_client, ADD_URL, vacancy_data(employer_x, age_min="16"))

    assert indonesian_errors(response, "age_min") == [
        "Pastikan nilai ini lebih besar dari atau sama dengan 18."
    ]
    assert not Vacancy.objects.exists()


def test_admin_refuses_maximum_age_70(admin_client, employer_x):
    response = post_refused(admin_client, ADD_URL, vacancy_data(employer_x, age_max="70"))

    assert indonesian_errors(response, "age_max") == [
        "Pastikan nilai ini lebih kecil dari atau sama dengan 65."
    ]
    assert not Vacancy.objects.exists()


def test_admin_refuses_minimum_salary_above_maximum_salary(admin_client, employer_x):
    response = post_refused(
        admin_client, ADD_URL, vacancy_data(employer_x, salary_min="4000000", salary_max="3000000")
    )

    assert english_errors(response, "salary_max") == [
        "The maximum salary cannot be below the minimum salary."
    ]
    assert not Vacancy.objects.exists()


def test_admin_refuses_negative_salary(admin_client, employer_x):
    response = post_refused(admin_client, ADD_URL, vacancy_data(employer_x, salary_min="-1"))

    assert error_codes(response, "salary_min") == ["min_value"]
    assert not Vacancy.objects.exists()


def test_admin_refuses_vacancy_without_closing_date(admin_client, employer_x):
    response = post_refused(admin_client, ADD_URL, vacancy_data(employer_x, closes_on=""))

    assert error_codes(response, "closes_on") == ["required"]
    assert not Vacancy.objects.exists()


def test_admin_saves_salary_below_the_umk_with_a_warning(admin_client, employer_x):
    # UMK 2025 of Kab. Batang (33.25) is Rp 2,534,382.
    response = admin_client.post(
        ADD_URL, vacancy_data(employer_x, salary_min="2000000", salary_max="2400000")
    )

    assert response.status_code == 302
    assert Vacancy.objects.get().salary_max == 2_400_000
    [warning] = warnings_of(response)
    assert "2.534.382" in warning


def test_admin_change_refuses_bad_input_and_keeps_the_vacancy(admin_client, employer_x):
    vacancy = f.VacancyFactory(employer=employer_x, headcount=2, title="Operator Las")

    response = post_refused(
        admin_client,
        reverse("admin:vacancies_vacancy_change", args=[vacancy.pk]),
        vacancy_data(employer_x, headcount="0", title="Judul Baru"),
    )

    assert error_codes(response, "headcount") == ["min_value"]
    vacancy.refresh_from_db()
    assert (vacancy.headcount, vacancy.title, vacancy.competencies.count()) == (2, "Operator Las", 4)


def test_admin_change_form_shows_the_employer_read_only(admin_client, employer_x):
    vacancy = f.VacancyFactory(employer=employer_x)

    response = admin_client.get(reverse("admin:vacancies_vacancy_change", args=[vacancy.pk]))

    assert "employer" not in form_of(response).fields
    assert "employer" in form_of(admin_client.get(ADD_URL)).fields  # chosen when adding


def test_admin_change_keeps_the_vacancys_employer(admin_client, employer_x, employer_y):
    """Applications carry a copy of their vacancy's employer: it never changes."""
    vacancy = f.VacancyFactory(employer=employer_x, title="Operator Las")
    application = f.ApplicationFactory(vacancy=vacancy)

    response = admin_client.post(
        reverse("admin:vacancies_vacancy_change", args=[vacancy.pk]),
        vacancy_data(employer_y, title="Judul Baru"),
    )

    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.employer, vacancy.title) == (employer_x, "Judul Baru")
    assert Application.objects.get(pk=application.pk).employer == employer_x


def test_admin_status_cannot_be_set_in_the_form(admin_client, employer_x):
    admin_client.post(ADD_URL, vacancy_data(employer_x, status="open"))

    assert Vacancy.objects.get().status == Vacancy.Status.DRAFT


def test_admin_action_publishes_a_draft(admin_client, employer_x):
    vacancy = f.VacancyFactory(employer=employer_x, status=Vacancy.Status.DRAFT, published_at=None)

    admin_client.post(LIST_URL, {"action": "publish", "_selected_action": [vacancy.pk], "index": 0})

    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.OPEN and vacancy.published_at is not None


def test_admin_action_refuses_to_publish_a_closed_vacancy(admin_client, employer_x):
    vacancy = f.VacancyFactory(employer=employer_x, status=Vacancy.Status.CLOSED)

    response = admin_client.post(
        LIST_URL, {"action": "publish", "_selected_action": [vacancy.pk], "index": 0}
    )

    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.CLOSED
    assert [m.level for m in get_messages(response.wsgi_request)] == [messages.ERROR]


# --- applications ---------------------------------------------------------------------------
@pytest.fixture
def application(employer_x, blkk_a):
    enrolment = f.GraduateEnrolmentFactory(trainee__blkk=blkk_a)
    return f.ApplicationFactory(vacancy=f.VacancyFactory(employer=employer_x), trainee=enrolment.trainee)


def change_url(application: Application) -> str:
    return reverse("admin:vacancies_application_change", args=[application.pk])


def test_admin_refuses_illegal_step_from_proposed_to_hired(admin_client, application):
    before = application.updated_at

    response = post_refused(admin_client, change_url(application), {"to": "hired"})

    assert error_codes(response, "to") == ["illegal_step"]
    with translation.override("en"):
        assert list(form_of(response).errors["to"]) == ["Cannot move from proposed to hired."]
    application.refresh_from_db()
    assert (application.status, application.hired_at, application.updated_at) == ("proposed", None, before)


def test_admin_offers_only_the_legal_next_steps(admin_client, application):
    response = admin_client.get(change_url(application))

    offered = [value for value, _label in form_of(response).fields["to"].widget.choices if value]
    assert sorted(offered) == ["rejected", "shortlisted", "withdrawn"]


def test_admin_moves_an_application_one_legal_step(admin_client, application):
    response = admin_client.post(change_url(application), {"to": "shortlisted"})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "shortlisted" and application.shortlisted_at is not None


def test_admin_cannot_change_an_applications_status_field_directly(admin_client, application):
    admin_client.post(change_url(application), {"status": "hired"})

    application.refresh_from_db()
    assert application.status == "proposed"


def test_admin_action_refuses_illegal_step_and_changes_nothing(admin_client, application):
    response = admin_client.post(
        APPLICATIONS_URL, {"action": "move_to_hired", "_selected_action": [application.pk], "index": 0}
    )

    application.refresh_from_db()
    assert application.status == "proposed"
    assert [m.level for m in get_messages(response.wsgi_request)] == [messages.ERROR]


def test_admin_action_hiring_the_last_place_fills_the_vacancy(admin_client, application):
    Application.objects.filter(pk=application.pk).update(status="offered")
    Vacancy.objects.filter(pk=application.vacancy_id).update(headcount=1)

    admin_client.post(
        APPLICATIONS_URL, {"action": "move_to_hired", "_selected_action": [application.pk], "index": 0}
    )

    application.refresh_from_db()
    assert application.status == "hired" and application.hired_at is not None
    assert application.vacancy.status == Vacancy.Status.FILLED


def test_admin_cannot_add_applications(admin_client):
    response = admin_client.get(reverse("admin:vacancies_application_add"))

    assert response.status_code == 403
