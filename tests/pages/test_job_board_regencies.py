"""The job board's regency list: the regencies with open vacancies, kept with the dashboards'
answers and current after every opening and closing of a vacancy."""

from __future__ import annotations

import re

import pytest

from apps.vacancies import services
from apps.vacancies.models import Vacancy
from tests import factories as f

pytestmark = pytest.mark.django_db

OPTION = re.compile(r'<option value="([^"]*)"( selected)?>([^<]*)</option>')


def regency_options(client, query: str = "") -> list[tuple[str, bool, str]]:
    page = client.get(f"/lowongan/{query}").content.decode()
    select = page[page.index('<select name="regency"') :]
    select = select[: select.index("</select>")]
    return [(value, bool(selected), label) for value, selected, label in OPTION.findall(select)]


def test_the_list_holds_the_regencies_with_open_vacancies_in_name_order(client):
    batang, pemalang = f.regency("33.25"), f.regency("33.27")
    f.VacancyFactory(regency=batang)
    f.VacancyFactory(regency=pemalang)
    f.VacancyFactory(regency=f.regency("31.71"), status=Vacancy.Status.DRAFT, published_at=None)
    options = regency_options(client)
    assert options[0][0] == ""  # "all regencies/cities"
    assert options[1:] == sorted(
        [(batang.pk, False, batang.name), (pemalang.pk, False, pemalang.name)], key=lambda o: o[2]
    )
    chosen = regency_options(client, f"?regency={pemalang.pk}")
    assert (pemalang.pk, True, pemalang.name) in chosen
    assert (batang.pk, False, batang.name) in chosen


def test_opening_and_closing_a_vacancy_changes_the_list_at_the_next_view(client):
    batang, jakarta = f.regency("33.25"), f.regency("31.71")
    f.VacancyFactory(regency=batang)
    assert [o[0] for o in regency_options(client)] == ["", batang.pk]
    draft = f.VacancyFactory(regency=jakarta, status=Vacancy.Status.DRAFT, published_at=None)
    assert [o[0] for o in regency_options(client)] == ["", batang.pk]  # a draft is not on the board
    services.vacancy_set_status(vacancy=draft, status=Vacancy.Status.OPEN)
    assert jakarta.pk in [o[0] for o in regency_options(client)]
    services.vacancy_set_status(vacancy=Vacancy.objects.get(pk=draft.pk), status=Vacancy.Status.CLOSED)
    assert [o[0] for o in regency_options(client)] == ["", batang.pk]


def test_a_regency_without_open_vacancies_is_refused_as_before(client):
    f.VacancyFactory(regency=f.regency("33.25"))
    page = client.get("/lowongan/?regency=31.71")
    assert page.status_code == 200
    assert not page.context["page"].object_list
    assert "regency" in page.context["filter"].errors
