"""Each role's main journey end to end in Chromium, in Indonesian, with no JavaScript error.

BLKK staff: import a sheet with one bad row, fix it, import, graduate the cohort.
Employer: post a vacancy, see the candidates a real worker proposes, move one to hired.
Official: see that placement on the dashboard.
"""

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort
from apps.vacancies.models import Application, Vacancy
from tests import factories as f
from tests.matching import conftest as matching
from tests.matching.conftest import LAS
from tests.workers import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
graduate = matching.graduate

HEADER = "nik;nama_lengkap;jenis_kelamin;tanggal_lahir;pendidikan;kabupaten_kota;no_hp;bersedia_pindah;persetujuan_berbagi;angkatan"


def sheet(rows: list[str]) -> dict:
    body = "\n".join([HEADER, *rows]) + "\n"
    return {"name": "peserta.csv", "mimeType": "text/csv", "buffer": body.encode("utf-8-sig")}


def test_blkk_staff_import_a_sheet_fix_a_bad_row_and_graduate_the_cohort(page, alice, blkk_a):
    program = f.ProgramFactory(blkk=blkk_a, title="Pengelasan SMAW", competencies=f.units("LAS", 5))
    start = timezone.localdate() - dt.timedelta(days=60)
    cohort = f.CohortFactory(
        program=program, number=1, start_date=start, end_date=start + dt.timedelta(days=55), status="running"
    )
    good = [
        f"3325011705020101;Budi Santoso;L;17-05-2002;SMK;33.25;081234567801;tidak;ya;{cohort.pk}",
        f"3325015208030102;Siti Aminah;P;12-08-2003;SMA;33.25;081234567802;ya;ya;{cohort.pk}",
    ]
    bad = f"332501170502013;Agus Salim;L;17-05-2002;SMK;33.25;081234567803;tidak;ya;{cohort.pk}"  # 15 digits
    fixed = bad.replace("332501170502013", "3325011705020103")

    page.login("alice", f.PASSWORD)
    page.goto("/blkk/peserta/impor/")
    page.set_input_files("input[type=file]", sheet([*good, bad]))
    page.click("#upload-button")
    page.wait_for_load_state()
    errors = page.locator("table.errors tbody tr")
    assert errors.count() == 1
    assert errors.first.inner_text().split("\t")[:2] == ["4", "nik"]
    assert Trainee.objects.count() == 0  # nothing imported while a row is bad
    page.shot("blkk-import-preview-with-error")

    page.set_input_files("section.panel input[type=file]", sheet([*good, fixed]))
    page.click("section.panel button[type=submit]")
    page.wait_for_load_state()
    page.click("form.import-commit button[type=submit]")
    page.wait_for_load_state()
    assert Trainee.objects.filter(blkk=blkk_a).count() == 3
    assert Enrolment.objects.filter(cohort=cohort).count() == 3
    page.shot("blkk-trainees-after-import")

    page.goto(f"/blkk/angkatan/{cohort.pk}/kelulusan/")
    page.fill("#id_graduated_on", (start + dt.timedelta(days=55)).isoformat())
    page.click("form.graduation button[type=submit]")
    page.wait_for_load_state()
    assert Enrolment.objects.filter(cohort=cohort, status="graduated").count() == 3
    assert Cohort.objects.get(pk=cohort.pk).status == "finished"
    page.shot("blkk-after-graduation")


@pytest.mark.worker
def test_employer_posts_a_vacancy_sees_candidates_and_hires_one(page, carol, graduate, start_worker):
    start_worker()
    best = graduate(LAS[:4], full_name="Siti Rahmawati")
    graduate(LAS[:2])

    page.login("carol", f.PASSWORD)
    page.goto("/perusahaan/lowongan/baru/")
    page.fill("#id_title", "Operator Las SMAW")
    with page.expect_response(lambda r: "unit-kompetensi" in r.url):
        page.select_option("#id_vocation", label="Teknik Las")
    for code in LAS[:4]:
        page.get_by_label(code, exact=False).check()
    page.fill("#id_headcount", "1")
    page.select_option("#id_regency", "33.25")
    page.fill("#id_salary_min", "2600000")
    page.fill("#id_salary_max", "3100000")
    page.fill("#id_closes_on", (timezone.localdate() + dt.timedelta(days=30)).isoformat())
    page.click("button[name=action][value=publish]")
    page.wait_for_load_state()
    vacancy = Vacancy.objects.get(title="Operator Las SMAW")
    assert vacancy.status == "open"
    wait_for(lambda: vacancy.match_runs.filter(status="done").exists(), timeout=90)

    page.goto(f"/perusahaan/lowongan/{vacancy.pk}/kandidat/")
    assert page.locator(".candidate").count() == 2
    page.shot("employer-candidates")

    page.goto(f"/perusahaan/lowongan/{vacancy.pk}/proses-rekrutmen/")
    for step in ("shortlisted", "interview", "offered", "hired"):
        with page.expect_response(lambda r: "langkah" in r.url):
            page.locator(f"button[name=to][value={step}]").first.click()
    application = Application.objects.get(vacancy=vacancy, trainee=best)
    assert application.status == "hired"
    page.shot("employer-pipeline-hired")


def test_official_sees_the_placement_on_the_dashboard(page, olga, blkk_a, employer_x):
    hired = f.GraduateEnrolmentFactory(trainee__blkk=blkk_a).trainee
    f.GraduateEnrolmentFactory(trainee__blkk=blkk_a)
    f.ApplicationFactory(trainee=hired, vacancy__employer=employer_x, status="hired")

    page.login("olga", f.PASSWORD)
    page.goto("/dasbor/")
    cards = dict(
        (card.locator("span").nth(1).inner_text(), card.locator(".num").inner_text())
        for card in page.locator(".kpis .card").all()
    )
    with translation.override("id"):
        placed, rate = str(gettext("placed in jobs")), str(gettext("placement rate"))
    assert cards[placed] == "1"
    assert cards[rate].startswith("50")  # one of two graduates placed
    page.shot("official-dashboard")
