"""A small world whose dashboard numbers are computed by hand (see the table below).

Jawa Tengah (``jateng``):

- 33.25 Batang: BLKK ``a`` (alice's; a LAS and a GRM programme) and ``a2`` (a GRM programme);
- 33.27 Pemalang: BLKK ``b`` (bob's; a LAS programme);
- 33.26 Kab. Pekalongan: no BLKK, one open vacancy.

Jakarta (``world`` adds it): 31.71 Jakarta Pusat, BLKK ``c`` (a TIK programme).

=======  =======  ======================================  ==============================
trainee  BLKK     enrolments (graduated N months ago)      applications
=======  =======  ======================================  ==============================
a1       a        LAS graduated 1                          vx1 hired
a2       a        LAS graduated 1                          vx1 proposed
a3       a        LAS graduated 5, GRM graduated 2         —
a4       a        LAS in training                          —
a5       a2       GRM graduated 30 (outside 24 months)     vy1 hired
a6       a2       GRM dropped                              —
b1       b        LAS graduated 1                          vx2 hired
b2       b        LAS graduated 1                          vx2 rejected
b3       b        LAS registered                           —
c1       c        TIK graduated 1                          vz1 hired
c2       c        TIK graduated 2                          —
c3       c        TIK graduated 1                          —
=======  =======  ======================================  ==============================

Vacancies (work regency, vocation, headcount): vx1 33.25 LAS 5 open, vx2 33.25 LAS 3 open,
vx3 33.25 GRM 10 closed, vx4 33.25 LAS 7 draft, vy1 33.26 GRM 4 open, vp1 33.27 LAS 2 open,
vz1 31.71 TIK 6 open.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from html.parser import HTMLParser
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from apps.trainees.models import Enrolment, Trainee
from apps.vacancies.models import Application, Vacancy
from tests import factories as f


def months_ago(n: int) -> dt.date:
    """The 10th of the month ``n`` months before this one (n >= 1, so never in the future)."""
    first = timezone.localdate().replace(day=1)
    for _ in range(n):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first.replace(day=10)


def month_start(n: int) -> dt.date:
    return months_ago(n).replace(day=1)


class World(dict):
    """Objects of the world by key (``"blkk:a"``, ``"trainee:a1"``, ``"vacancy:vx1"`` …)."""

    def trainees(self) -> list[Trainee]:
        return [obj for key, obj in self.items() if key.startswith("trainee:")]


def _cohort(blkk, vocation: str, title: str):
    program = f.ProgramFactory(blkk=blkk, vocation=f.vocation(vocation), title=title)
    return f.CohortFactory(program=program)


def _trainee(world: World, key: str, blkk) -> Trainee:
    world[f"trainee:{key}"] = trainee = f.TraineeFactory(
        blkk=blkk,
        full_name=f"Siti Rahayu {key.upper()}",
        phone=f"0812555{len(world):05d}",
        email=f"{key}@peserta.example.id",
        address=f"Jl. Melati {key} No. 3",
    )
    return trainee


def _enrol(trainee: Trainee, cohort, status: str, months: int | None = None) -> Enrolment:
    if status == Enrolment.Status.GRADUATED:
        return f.GraduateEnrolmentFactory(trainee=trainee, cohort=cohort, graduated_on=months_ago(months))
    return f.EnrolmentFactory(trainee=trainee, cohort=cohort, status=status)


def _vacancy(world: World, key: str, employer, vocation: str, headcount: int, status: str = "open"):
    world[f"vacancy:{key}"] = f.VacancyFactory(
        employer=employer, vocation=f.vocation(vocation), headcount=headcount, status=status, title=key
    )
    return world[f"vacancy:{key}"]


@pytest.fixture
def jateng(blkk_a, blkk_b, employer_x, employer_y) -> World:
    world = World({"blkk:a": blkk_a, "blkk:b": blkk_b})
    world["blkk:a2"] = a2 = f.BlkkFactory(
        name="BLKK SPN Batang", regency=f.regency("33.25"), host_type="serikat_pekerja"
    )
    las_a = _cohort(blkk_a, "LAS", "Pengelasan SMAW")
    grm_a = _cohort(blkk_a, "GRM", "Menjahit Garmen")
    grm_a2 = _cohort(a2, "GRM", "Menjahit Garmen")
    las_b = _cohort(blkk_b, "LAS", "Pengelasan SMAW")
    graduated, training = Enrolment.Status.GRADUATED, Enrolment.Status.IN_TRAINING

    a1, a2_, a3, a4 = (_trainee(world, key, blkk_a) for key in ("a1", "a2", "a3", "a4"))
    _enrol(a1, las_a, graduated, 1)
    _enrol(a2_, las_a, graduated, 1)
    _enrol(a3, las_a, graduated, 5)
    _enrol(a3, grm_a, graduated, 2)
    _enrol(a4, las_a, training)
    a5, a6 = _trainee(world, "a5", a2), _trainee(world, "a6", a2)
    _enrol(a5, grm_a2, graduated, 30)
    _enrol(a6, grm_a2, Enrolment.Status.DROPPED)
    b1, b2, b3 = (_trainee(world, key, blkk_b) for key in ("b1", "b2", "b3"))
    _enrol(b1, las_b, graduated, 1)
    _enrol(b2, las_b, graduated, 1)
    _enrol(b3, las_b, Enrolment.Status.REGISTERED)

    employer_w = f.EmployerFactory(name="PT Baja Pemalang", industrial_park=None, regency=f.regency("33.27"))
    vx1 = _vacancy(world, "vx1", employer_x, "LAS", 5)
    vx2 = _vacancy(world, "vx2", employer_x, "LAS", 3)
    _vacancy(world, "vx3", employer_x, "GRM", 10, Vacancy.Status.CLOSED)
    _vacancy(world, "vx4", employer_x, "LAS", 7, Vacancy.Status.DRAFT)
    vy1 = _vacancy(world, "vy1", employer_y, "GRM", 4)
    _vacancy(world, "vp1", employer_w, "LAS", 2)
    hired, proposed, rejected = (
        Application.Status.HIRED,
        Application.Status.PROPOSED,
        Application.Status.REJECTED,
    )
    for trainee, vacancy, status in (
        (a1, vx1, hired),
        (a2_, vx1, proposed),
        (b1, vx2, hired),
        (b2, vx2, rejected),
        (a5, vy1, hired),
    ):
        f.ApplicationFactory(trainee=trainee, vacancy=vacancy, status=status)
    return world


@pytest.fixture
def world(jateng) -> World:
    world = jateng
    world["blkk:c"] = c = f.BlkkFactory(
        name="BLKK Komunitas Jakarta", regency=f.regency("31.71"), host_type="komunitas"
    )
    tik = _cohort(c, "TIK", "Operator Komputer")
    c1, c2, c3 = (_trainee(world, key, c) for key in ("c1", "c2", "c3"))
    _enrol(c1, tik, Enrolment.Status.GRADUATED, 1)
    _enrol(c2, tik, Enrolment.Status.GRADUATED, 2)
    _enrol(c3, tik, Enrolment.Status.GRADUATED, 1)
    employer_z = f.EmployerFactory(name="PT Jakarta Data", industrial_park=None, regency=f.regency("31.71"))
    vz1 = _vacancy(world, "vz1", employer_z, "TIK", 6)
    f.ApplicationFactory(trainee=c1, vacancy=vz1, status=Application.Status.HIRED)
    return world


# --- reading what the pages and exports show ---------------------------------------------------
class _TableParser(HTMLParser):
    def __init__(self, table_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.table_id, self.depth, self.rows = table_id, 0, []
        self.in_body = self.cell = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Any]]) -> None:
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.depth = 1
        elif self.depth and tag == "tbody":
            self.in_body = True
        elif self.depth and self.in_body and tag == "tr":
            self.rows.append([])
        elif self.depth and self.in_body and tag == "td":
            self.cell = ""

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "td" and self.cell is not None:
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None
        elif self.depth and tag == "table":
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell += data


def html_table(response, table_id: str) -> list[list[str]]:
    """The body rows of the HTML table ``table_id`` as the reader sees them (cell texts)."""
    parser = _TableParser(table_id)
    parser.feed(response.content.decode())
    assert parser.rows or parser.depth == 0, f"no table {table_id}"
    return parser.rows


def csv_rows(response) -> list[list[str]]:
    """Header and rows of a CSV export (which starts with a UTF-8 byte-order mark)."""
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_cells(response):
    return [cell for row in load_workbook(io.BytesIO(response.content)).active.iter_rows() for cell in row]
