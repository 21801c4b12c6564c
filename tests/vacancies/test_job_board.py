"""The public job board: open vacancies, filters, no personal data."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(employer_x, employer_y):
    open_las = f.VacancyFactory(employer=employer_x, title="Operator Las SMAW", headcount=12)
    open_grm = f.VacancyFactory(employer=employer_y, title="Penjahit Garmen", vocation=f.vocation("GRM"))
    draft = f.VacancyFactory(employer=employer_x, title="Draf Rahasia", status="draft")
    closed = f.VacancyFactory(employer=employer_x, title="Sudah Ditutup", status="closed")
    return open_las, open_grm, draft, closed


def test_anonymous_sees_only_open_vacancies(client, board):
    response = client.get(reverse("job-board"))
    assert response.status_code == 200
    assert {v.title for v in response.context["page"]} == {"Operator Las SMAW", "Penjahit Garmen"}
    html = response.content.decode()
    assert "Draf Rahasia" not in html and "Sudah Ditutup" not in html


def test_board_shows_employer_park_place_positions_pay_and_closing_date(client, board):
    html = client.get(reverse("job-board")).content.decode()
    assert "PT Kaca Nusantara" in html and "KITB" in html and "Kabupaten Batang" in html
    assert "Rp 2.600.000" in html and "Rp 3.200.000" in html  # Indonesian thousands separator


def test_board_filters_by_regency_and_vocation(client, board):
    by_regency = client.get(reverse("job-board"), {"regency": "33.26"}).context["page"]
    assert [v.title for v in by_regency] == ["Penjahit Garmen"]
    grm = f.vocation("GRM").pk
    assert [v.title for v in client.get(reverse("job-board"), {"vocation": grm}).context["page"]] == [
        "Penjahit Garmen"
    ]


def test_bad_filter_values_answer_with_a_form_error_not_a_crash(client, board):
    response = client.get(reverse("job-board"), {"regency": "xx\x00", "vocation": "abc", "page": "9999"})
    assert response.status_code == 200
    assert response.context["filter"].errors
    assert list(response.context["page"]) == []


def test_board_never_shows_personal_data(client, board):
    trainee = f.TraineeFactory(address="Jl. Rahasia 7")
    f.ApplicationFactory(vacancy=board[0], trainee=trainee)
    html = client.get(reverse("job-board")).content.decode()
    assert trainee.nik not in html and trainee.full_name not in html and trainee.phone not in html
