"""Anonymous journey: the public job board, in Indonesian, on a phone and a desktop."""

import pytest

from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def vacancies(employer_x, employer_y):
    f.VacancyFactory(employer=employer_x, title="Operator Las SMAW", headcount=12)
    f.VacancyFactory(employer=employer_y, title="Penjahit Garmen", vocation=f.vocation("GRM"))
    f.VacancyFactory(employer=employer_x, title="Draf Rahasia", status="draft")


def test_anonymous_visitor_reads_and_filters_the_job_board(page, vacancies):
    page.goto("/lowongan/")
    assert page.locator("h1").inner_text() == "Lowongan kerja"
    titles = page.locator(".vacancy h2").all_inner_texts()
    assert set(titles) == {"Operator Las SMAW", "Penjahit Garmen"}
    page.select_option("#id_regency", "33.26")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".vacancy h2").all_inner_texts() == ["Penjahit Garmen"]
    page.shot("job-board-desktop")


def test_job_board_fits_a_phone_screen(phone, vacancies):
    phone.goto("/lowongan/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone.shot("job-board-phone")


def test_job_board_switches_to_english(page, vacancies):
    page.goto("/lowongan/")
    with page.expect_navigation():
        page.select_option("#lang", "en")
    assert page.locator("h1").inner_text() == "Job vacancies"
