"""carol's journeys in headless Chromium: every employer page fits a 390-px phone; the vocation
swaps the unit checkboxes (htmx); a pipeline step is one click that swaps the board; match-run
progress is polled until the run is done."""

import pytest

from apps.matching.models import MatchRun
from apps.vacancies.models import Application
from tests import factories as f
from tests.matching import conftest as matching
from tests.matching.conftest import LAS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

graduate, vacancy, run_now = matching.graduate, matching.vacancy, matching.run_now


@pytest.fixture
def board(carol, graduate, vacancy, run_now):
    """carol's welding vacancy after a run: three ranked graduates, one proposed, one shortlisted."""
    job = vacancy(LAS[:4], headcount=2, title="Operator Las SMAW")
    people = [graduate(LAS[:4], full_name="Siti Rahmawati"), graduate(LAS[:3]), graduate(LAS[:1])]
    run_now(MatchRun.Scope.VACANCY, vacancy=job)
    Application.objects.filter(vacancy=job, trainee=people[0]).update(status="shortlisted")
    return job, people


def fits(p) -> bool:
    return p.evaluate("document.documentElement.scrollWidth") <= p.evaluate("window.innerWidth")


def test_every_employer_page_fits_a_phone(phone, board):
    job, _people = board
    phone.login("carol", f.PASSWORD)
    for name, path in [
        ("list", "/perusahaan/"),
        ("form", "/perusahaan/lowongan/baru/"),
        ("detail", f"/perusahaan/lowongan/{job.pk}/"),
        ("candidates", f"/perusahaan/lowongan/{job.pk}/kandidat/"),
        ("pipeline", f"/perusahaan/lowongan/{job.pk}/proses-rekrutmen/"),
        ("edit", f"/perusahaan/lowongan/{job.pk}/ubah/"),
        ("notifications", "/notifikasi/"),
    ]:
        phone.goto(path)
        phone.shot(f"employer-{name}-phone")
        assert fits(phone), f"{name} is wider than the phone"


def test_form_errors_fit_a_phone_and_are_summarised(phone, carol):
    phone.login("carol", f.PASSWORD)
    phone.goto("/perusahaan/lowongan/baru/")
    phone.fill("#id_title", "Operator")
    phone.fill("#id_headcount", "0")
    phone.click("button[value=save]")
    phone.wait_for_load_state()
    assert phone.locator(".error-summary").count() == 1
    assert phone.locator(".error-summary a[href='#id_headcount']").count() == 1
    phone.shot("employer-form-errors-phone")
    assert fits(phone)


def test_changing_the_vocation_swaps_in_its_units(page, carol):
    page.login("carol", f.PASSWORD)
    page.goto("/perusahaan/lowongan/baru/")
    assert page.locator("#id_competencies input[type=checkbox]").count() == 0
    page.select_option("#id_vocation", str(f.vocation("LAS").pk))
    page.wait_for_selector("#id_competencies input[type=checkbox]")
    labels = page.locator("#id_competencies label").all_inner_texts()
    assert labels and all(text.startswith("C.2511") for text in labels)
    page.shot("employer-form-units-desktop")


def test_a_pipeline_step_is_one_click_and_swaps_the_board(page, board):
    job, people = board
    page.login("carol", f.PASSWORD)
    page.goto(f"/perusahaan/lowongan/{job.pk}/proses-rekrutmen/")
    url_before = page.url
    page.locator(".column-shortlisted button[value=interview]").first.click()
    page.wait_for_selector(".column-interview .pipeline-card")
    assert page.url == url_before  # swapped in place, no page load
    assert "Siti Rahmawati" in page.locator(".column-interview").inner_text()
    assert page.locator(".board-status .success").count() == 1
    assert Application.objects.get(vacancy=job, trainee=people[0]).status == "interview"
    page.shot("employer-pipeline-desktop")


def test_run_progress_is_polled_until_done(page, carol, employer_x):
    job = f.VacancyFactory(employer=employer_x)
    run = MatchRun.objects.create(scope="vacancy", vacancy=job, status="running", progress=0.5)
    page.login("carol", f.PASSWORD)
    page.goto(f"/perusahaan/lowongan/{job.pk}/")
    assert "50%" in page.locator("#run-status").inner_text()
    MatchRun.objects.filter(pk=run.pk).update(status="done", progress=1, counts={"matches": 12})
    page.wait_for_selector("#run-status.run-done", timeout=6000)
    assert page.locator("#run-status").get_attribute("hx-trigger") is None
