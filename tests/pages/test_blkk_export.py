"""Export of a BLKK's trainees and enrolments (.xlsx and CSV): own trainees only, NIK as text,
formulas neutralised."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from apps.trainees import exports, imports
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, alice):
    client.force_login(alice)
    return client


def xlsx_rows(response) -> tuple[openpyxl.worksheet.worksheet.Worksheet, list[dict]]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    return sheet, [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_xlsx_export_has_the_import_columns_then_the_enrolment_columns(staff, blkk_a):
    f.TraineeFactory(blkk=blkk_a)
    _sheet, rows = xlsx_rows(staff.get(reverse("trainees:export-xlsx")))
    assert list(rows[0])[: len(imports.HEADERS)] == list(imports.HEADERS)
    assert list(rows[0]) == list(exports.EXPORT_HEADERS)


def test_xlsx_export_writes_the_nik_as_a_text_cell(staff, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a)
    sheet, rows = xlsx_rows(staff.get(reverse("trainees:export-xlsx")))
    assert rows[0]["nik"] == trainee.nik
    assert sheet["A2"].data_type == "s" and sheet["A2"].number_format == "@"


def test_xlsx_export_neutralises_formulas(staff, blkk_a):
    f.TraineeFactory(blkk=blkk_a, full_name='=HYPERLINK("http://evil.example","klik")', address="@SUM(A1)")
    sheet, rows = xlsx_rows(staff.get(reverse("trainees:export-xlsx")))
    assert rows[0]["nama_lengkap"] == '\'=HYPERLINK("http://evil.example","klik")'
    assert rows[0]["alamat"] == "'@SUM(A1)"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_csv_export_neutralises_formulas_and_keeps_the_nik_digits(staff, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a, full_name="-2+3", address="\tcmd", phone="+6281234567890")
    rows = csv_rows(staff.get(reverse("trainees:export-csv")))
    assert rows[0]["nik"] == trainee.nik
    assert (rows[0]["nama_lengkap"], rows[0]["alamat"], rows[0]["no_hp"]) == (
        "'-2+3",
        "'\tcmd",
        "'+6281234567890",
    )


def test_export_lists_one_row_per_enrolment_with_its_units(staff, blkk_a):
    enrolment = f.GraduateEnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a))
    f.EnrolmentFactory(trainee=enrolment.trainee)
    rows = csv_rows(staff.get(reverse("trainees:export-csv")))
    assert [r["angkatan"] for r in rows] == sorted(
        str(e.cohort_id) for e in enrolment.trainee.enrolments.all()
    )
    graduated = next(r for r in rows if r["angkatan"] == str(enrolment.cohort_id))
    assert graduated["unit_kompetensi"] == ", ".join(u.code for u in enrolment.competencies.order_by("code"))
    assert graduated["tanggal_lulus"] == enrolment.graduated_on.strftime("%d-%m-%Y")


def test_export_contains_only_the_blkks_own_trainees(staff, blkk_a, blkk_b):
    mine = f.TraineeFactory(blkk=blkk_a)
    f.TraineeFactory(blkk=blkk_b)
    assert [r["nik"] for r in csv_rows(staff.get(reverse("trainees:export-csv")))] == [mine.nik]


def test_exported_rows_can_be_imported_elsewhere_as_they_are(staff, blkk_a):
    f.TraineeFactory(blkk=blkk_a, phone="+6281234567890")
    content = staff.get(reverse("trainees:export-xlsx")).content
    table = imports.read_table(content, "ekspor.xlsx")
    header, first = table[0][1], table[1][1]
    cells = dict(zip(header, first, strict=False))
    assert imports.nik_cell(cells["nik"]) == blkk_a.trainees.get().nik
    assert imports.phone_cell(cells["no_hp"]) == "+6281234567890"  # the apostrophe is dropped again


def test_export_query_count_does_not_grow_with_trainees(staff, blkk_a, django_assert_max_num_queries):
    f.GraduateEnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a))
    with django_assert_max_num_queries(12) as few:
        staff.get(reverse("trainees:export-xlsx"))
    for _ in range(10):
        f.GraduateEnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a))
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff.get(reverse("trainees:export-xlsx"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+62", "'+62"),
        ("-5", "'-5"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Budi", "Budi"),
        (7, 7),
    ],
)
def test_neutralise(value, expected):
    assert exports.neutralise(value) == expected
