"""Spreadsheet import of trainees: upload → preview of bad rows → all-or-nothing import."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.trainees import imports
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort
from tests import factories as f

pytestmark = pytest.mark.django_db

HEADERS = list(imports.HEADERS)
BIRTH = dt.date(2004, 3, 9)


def person(serial: int, **overrides) -> dict:
    data = {
        "nik": f.make_nik("33.25", BIRTH, "L", serial=serial),
        "nama_lengkap": f"Peserta {serial}",
        "jenis_kelamin": "L",
        "tanggal_lahir": "09-03-2004",
        "pendidikan": "SMK",
        "kabupaten_kota": "33.25",
        "alamat": "",
        "no_hp": "081234567890",
        "email": f"peserta{serial}@example.id",
        "bersedia_pindah": "ya",
        "persetujuan_berbagi": "tidak",
        "angkatan": "",
    }
    return {**data, **overrides}


def people(n: int, start: int = 101) -> list[dict]:
    return [person(serial) for serial in range(start, start + n)]


def xlsx_file(rows: list[dict], headers=HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_file(rows: list[dict], *, delimiter=",", bom=False, headers=HEADERS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def upload(client, content: bytes, name: str = "peserta.xlsx"):
    return client.post(reverse("trainees:import"), {"file": SimpleUploadedFile(name, content)})


def preview(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def commit(client, preview_response):
    return client.post(preview_response.wsgi_request.path)


def errors_of(response) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in response.context["errors"]]


@pytest.fixture
def staff(client, alice):
    client.force_login(alice)
    return client


# --- formats -------------------------------------------------------------------------------------
def test_xlsx_file_is_previewed_with_its_good_rows_and_nothing_saved(staff):
    response = preview(staff, upload(staff, xlsx_file(people(3))))
    assert response.status_code == 200
    assert (len(response.context["check"].rows), response.context["errors"]) == (3, [])
    assert not Trainee.objects.exists()


def test_importing_a_good_xlsx_file_registers_every_row(staff, blkk_a):
    response = staff.post(preview(staff, upload(staff, xlsx_file(people(3)))).wsgi_request.path, follow=True)
    assert response.redirect_chain[-1][0] == reverse("trainees:trainee-list")
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    saved = Trainee.objects.order_by("full_name")
    assert [t.full_name for t in saved] == ["Peserta 101", "Peserta 102", "Peserta 103"]
    assert {t.blkk for t in saved} == {blkk_a}
    first = saved[0]
    assert (first.birth_date, first.relocate, first.consent_share, first.regency_id) == (
        BIRTH,
        True,
        False,
        "33.25",
    )


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
@pytest.mark.parametrize("delimiter", [",", ";"], ids=["comma", "semicolon"])
def test_csv_files_are_read_with_or_without_bom_and_either_delimiter(staff, bom, delimiter):
    rows = people(2)
    rows[0]["nama_lengkap"] = "Siti Nur’aini"  # not ASCII: the encoding must survive
    commit(staff, preview(staff, upload(staff, csv_file(rows, delimiter=delimiter, bom=bom), "peserta.csv")))
    assert sorted(Trainee.objects.values_list("full_name", flat=True)) == ["Peserta 102", "Siti Nur’aini"]


def test_a_nik_stored_by_excel_as_a_number_is_kept_as_its_16_digits(staff):
    rows = people(2)
    nik_int, nik_float = rows[0]["nik"], rows[1]["nik"]
    rows[0]["nik"] = int(nik_int)  # a number cell (Excel shows 3.32501E+15)
    rows[1]["nik"] = float(nik_float)
    commit(staff, preview(staff, upload(staff, xlsx_file(rows))))
    assert set(Trainee.objects.values_list("nik", flat=True)) == {nik_int, nik_float}


def test_a_leading_apostrophe_is_stripped_from_the_nik(staff):
    row = person(7)
    nik = row["nik"]
    row["nik"] = "'" + nik
    commit(staff, preview(staff, upload(staff, csv_file([row]), "peserta.csv")))
    assert Trainee.objects.get().nik == nik


def test_excel_dates_and_day_first_text_dates_are_read(staff):
    rows = people(4)
    rows[0]["tanggal_lahir"] = dt.datetime(2004, 3, 9)
    rows[1]["tanggal_lahir"] = "09/03/2004"
    rows[2]["tanggal_lahir"] = "2004-03-09"
    rows[3]["tanggal_lahir"] = "9-3-2004"
    commit(staff, preview(staff, upload(staff, xlsx_file(rows))))
    assert set(Trainee.objects.values_list("birth_date", flat=True)) == {BIRTH}


def test_a_regency_may_be_given_by_its_name(staff):
    rows = people(2)
    rows[0]["kabupaten_kota"] = "Kabupaten Pemalang"
    rows[1]["kabupaten_kota"] = "kab. batang"
    commit(staff, preview(staff, upload(staff, xlsx_file(rows))))
    assert sorted(Trainee.objects.values_list("regency_id", flat=True)) == ["33.25", "33.27"]


# --- bad rows ------------------------------------------------------------------------------------
def test_a_bad_row_is_listed_with_row_column_and_message_and_nothing_is_imported(staff):
    rows = people(3)
    rows[1]["tanggal_lahir"] = "31-02-2004"
    response = preview(staff, upload(staff, xlsx_file(rows)))
    assert errors_of(response) == [(3, "tanggal_lahir")]  # header is row 1: the second person is row 3
    assert response.context["errors"][0].message
    assert response.context["check"].bad_rows == 1 and len(response.context["check"].rows) == 2
    html = response.content.decode()
    assert "tanggal_lahir" in html and response.context["errors"][0].message in html
    commit(staff, response)
    assert not Trainee.objects.exists()


def test_every_problem_of_a_row_is_listed(staff):
    row = person(1, nik="123", jenis_kelamin="X", pendidikan="SMA/SMK", kabupaten_kota="Atlantis")
    response = preview(staff, upload(staff, xlsx_file([row])))
    assert errors_of(response) == [(2, "nik"), (2, "jenis_kelamin"), (2, "pendidikan"), (2, "kabupaten_kota")]


def test_fixing_the_bad_row_and_uploading_again_imports_every_row(staff):
    rows = people(3)
    rows[1]["tanggal_lahir"] = "31-02-2004"
    upload(staff, xlsx_file(rows))
    rows[1]["tanggal_lahir"] = "09-03-2004"
    response = commit(staff, preview(staff, upload(staff, xlsx_file(rows))))
    assert response.status_code == 302
    assert Trainee.objects.count() == 3


def test_a_nik_repeated_in_the_file_is_an_error_of_the_later_row(staff):
    rows = people(2)
    rows.append(person(101, nama_lengkap="Kembar"))
    response = preview(staff, upload(staff, xlsx_file(rows)))
    assert errors_of(response) == [(4, "nik")]


def test_a_nik_already_registered_is_a_row_error(staff, blkk_b):
    rows = people(2)
    f.TraineeFactory(blkk=blkk_b, nik=rows[0]["nik"])
    response = preview(staff, upload(staff, xlsx_file(rows)))
    assert errors_of(response) == [(2, "nik")]


def test_a_nik_number_in_scientific_notation_text_is_refused_with_advice(staff):
    row = person(1, nik="3.32501E+15")
    response = preview(staff, upload(staff, csv_file([row]), "peserta.csv"))
    assert errors_of(response) == [(2, "nik")]
    assert "3.32501E+15" in response.context["errors"][0].message


def test_the_templates_example_row_is_refused(staff):
    row = person(1, nik=imports.EXAMPLE_NIK, jenis_kelamin="P", tanggal_lahir="17-08-2005")
    response = preview(staff, upload(staff, xlsx_file([row])))
    assert errors_of(response) == [(2, "nik")]


def test_empty_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(staff):
    rows = [person(1), {}, person(2, pendidikan="TK")]
    response = preview(staff, upload(staff, xlsx_file(rows)))
    assert errors_of(response) == [(4, "pendidikan")]


def test_a_nik_that_disagrees_with_the_birth_date_is_imported_and_flagged(staff):
    row = person(1, tanggal_lahir="10-03-2004")  # the NIK says the 9th
    response = preview(staff, upload(staff, xlsx_file([row])))
    assert [w.row for w in response.context["warnings"]] == [2]
    commit(staff, response)
    assert Trainee.objects.get().nik_review is True


# --- the file itself -----------------------------------------------------------------------------
def test_a_file_without_the_required_columns_is_refused(staff):
    response = upload(staff, xlsx_file(people(1), headers=["nik", "nama"]))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_a_file_that_is_not_a_workbook_is_refused(staff):
    response = upload(staff, b"not a zip at all", "peserta.xlsx")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_an_old_xls_file_is_refused(staff):
    response = upload(staff, b"\xd0\xcf\x11\xe0", "peserta.xls")
    assert response.context["form"].errors["file"]


def test_a_file_with_too_many_rows_is_refused(staff, settings, monkeypatch):
    monkeypatch.setattr(imports.files, "MAX_ROWS", 3)
    response = upload(staff, csv_file(people(4), delimiter=";"), "peserta.csv")
    assert response.context["form"].errors["file"]


def test_headers_are_matched_loosely(staff):
    headers = ["NIK", "Nama Lengkap", "Jenis Kelamin (L/P)", "Tanggal Lahir", "Pendidikan", "Kabupaten/Kota"]
    rows = [{h: v for h, v in zip(headers, list(person(1).values())[:6], strict=True)}]
    response = preview(staff, upload(staff, xlsx_file(rows, headers=headers)))
    assert len(response.context["check"].rows) == 1


# --- cohorts -------------------------------------------------------------------------------------
@pytest.fixture
def open_cohort(blkk_a):
    return f.CohortFactory(program=f.ProgramFactory(blkk=blkk_a), status=Cohort.Status.PLANNED, capacity=2)


def test_rows_with_a_cohort_id_are_enrolled_in_that_cohort(staff, open_cohort):
    rows = people(2)
    rows[0]["angkatan"] = open_cohort.pk
    commit(staff, preview(staff, upload(staff, xlsx_file(rows))))
    assert list(Enrolment.objects.values_list("trainee__nik", "cohort")) == [(rows[0]["nik"], open_cohort.pk)]


def test_a_cohort_of_another_blkk_is_a_row_error(staff, blkk_b):
    foreign = f.CohortFactory(program=f.ProgramFactory(blkk=blkk_b), status=Cohort.Status.PLANNED)
    rows = people(1)
    rows[0]["angkatan"] = foreign.pk
    response = preview(staff, upload(staff, xlsx_file(rows)))
    assert errors_of(response) == [(2, "angkatan")]


def test_rows_beyond_the_cohorts_capacity_are_errors(staff, open_cohort):
    rows = people(3)
    for row in rows:
        row["angkatan"] = open_cohort.pk
    response = preview(staff, upload(staff, xlsx_file(rows)))
    assert errors_of(response) == [(4, "angkatan")]


# --- all or nothing ------------------------------------------------------------------------------
def test_when_a_row_fails_at_commit_time_nothing_is_imported(staff, blkk_b):
    rows = people(3)
    response = preview(staff, upload(staff, xlsx_file(rows)))
    f.TraineeFactory(blkk=blkk_b, nik=rows[2]["nik"])  # registered elsewhere between preview and import
    result = commit(staff, response)
    assert Trainee.objects.count() == 1  # only bob's
    failed = staff.get(result["Location"])
    assert errors_of(failed) == [(4, "nik")]
    assert failed.context["pending"].state == "failed"


def test_a_double_submit_imports_once(staff):
    response = preview(staff, upload(staff, xlsx_file(people(2))))
    pending = response.context["pending"]
    commit(staff, response)
    commit(staff, response)
    assert Trainee.objects.count() == 2
    assert imports.pending_get(pending.token, user_id=pending.user_id, blkk_id=pending.blkk_id) is None


def test_a_preview_with_errors_cannot_be_imported(staff):
    rows = people(2)
    rows[0]["nik"] = "1"
    commit(staff, preview(staff, upload(staff, xlsx_file(rows))))
    assert not Trainee.objects.exists()


def test_another_staff_member_cannot_open_or_import_the_preview(client, alice, bob):
    client.force_login(alice)
    location = upload(client, xlsx_file(people(2)))["Location"]
    client.force_login(bob)
    assert client.get(location).status_code == 404
    assert client.post(location).status_code == 404
    assert not Trainee.objects.exists()


# --- progress ------------------------------------------------------------------------------------
def test_a_running_import_shows_its_progress(staff):
    response = preview(staff, upload(staff, xlsx_file(people(2))))
    pending = response.context["pending"]
    pending.state = imports.PendingImport.RUNNING
    imports.pending_save(pending)
    fragment = staff.get(reverse("trainees:import-progress", args=[pending.token]))
    assert fragment.status_code == 200 and b"<progress" in fragment.content
    assert b"hx-trigger" in fragment.content


def test_progress_tells_htmx_to_reload_once_the_import_has_ended(staff):
    response = preview(staff, upload(staff, xlsx_file(people(2))))
    token = response.context["pending"].token
    fragment = staff.get(reverse("trainees:import-progress", args=[token]))
    assert fragment["HX-Redirect"] == reverse("trainees:import-preview", args=[token])


# --- bulk validation and the template ------------------------------------------------------------
def test_checking_a_file_costs_the_same_queries_whatever_its_length(blkk_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(5) as short:
        imports.import_check(blkk=blkk_a, data=xlsx_file(people(2)), filename="a.xlsx")
    with django_assert_max_num_queries(len(short.captured_queries)):
        check = imports.import_check(blkk=blkk_a, data=xlsx_file(people(300)), filename="a.xlsx")
    assert len(check.rows) == 300


def test_template_download_has_the_columns_and_an_example_row(staff):
    response = staff.get(reverse("trainees:import-template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][0] == imports.EXAMPLE_NIK and sheet["A2"].data_type == "s"


def test_the_template_filled_in_imports(staff):
    workbook = openpyxl.load_workbook(io.BytesIO(staff.get(reverse("trainees:import-template")).content))
    sheet = workbook.worksheets[0]
    sheet.delete_rows(2)
    sheet.append([person(1)[h] for h in HEADERS])
    out = io.BytesIO()
    workbook.save(out)
    commit(staff, preview(staff, upload(staff, out.getvalue())))
    assert Trainee.objects.count() == 1


# --- cells ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (3325010903040001, "3325010903040001"),
        (3325010903040001.0, "3325010903040001"),
        (3.32501e15, "3325010000000000"),
        ("'3325010903040001", "3325010903040001"),
        (" 3325 0109 0304 0001 ", "3325010903040001"),
        ("3325010903040001.0", "3325010903040001"),
    ],
)
def test_nik_cells_become_text(cell, expected):
    assert imports.nik_cell(cell) == expected


@pytest.mark.parametrize(
    "cell",
    [
        dt.datetime(2005, 8, 17),
        dt.date(2005, 8, 17),
        38581,
        "17-08-2005",
        "17/08/2005",
        "17.08.2005",
        "2005-08-17",
    ],
)
def test_date_cells(cell):
    assert imports.date_cell(cell) == dt.date(2005, 8, 17)


@pytest.mark.parametrize(
    ("cell", "expected"), [("ya", True), ("Tidak", False), ("", False), (None, False), ("Y", True)]
)
def test_yes_no_cells(cell, expected):
    assert imports.yes_no_cell(cell) is expected


def test_a_phone_number_that_lost_its_leading_zero_gets_it_back():
    assert imports.phone_cell(81234567890) == "081234567890"


def test_an_unexpected_failure_ends_the_import_as_failed_with_nothing_saved(staff, monkeypatch):
    response = preview(staff, upload(staff, xlsx_file(people(2))))

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports.pending, "import_commit", broken)
    with pytest.raises(RuntimeError):
        commit(staff, response)
    failed = staff.get(response.wsgi_request.path)
    assert failed.context["pending"].state == "failed" and failed.context["errors"]
    assert not Trainee.objects.exists()
