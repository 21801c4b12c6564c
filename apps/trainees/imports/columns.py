"""The spreadsheet's columns (Indonesian names, like the rest of the paperwork) and limits."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # an .xlsx is a zip: refuse "zip bombs"
PENDING_SECONDS = 2 * 60 * 60
EXAMPLE_NIK = "3325015708050001"


@dataclass(frozen=True)
class Column:
    header: str  # as in the spreadsheet (Indonesian, like the rest of the paperwork)
    field: str  # the trainee field (or "cohort")
    required: bool
    description: Any  # lazy, for the template's instructions
    example: Any


COLUMNS: tuple[Column, ...] = (
    Column("nik", "nik", True, gettext_lazy("16-digit NIK, as text"), EXAMPLE_NIK),
    Column("nama_lengkap", "full_name", True, gettext_lazy("Full name"), "Siti Aminah (CONTOH)"),
    Column("jenis_kelamin", "gender", True, gettext_lazy("L (male) or P (female)"), "P"),
    Column("tanggal_lahir", "birth_date", True, gettext_lazy("Birth date, DD-MM-YYYY"), dt.date(2005, 8, 17)),
    Column(
        "pendidikan",
        "education",
        True,
        gettext_lazy("Education: SD, SMP, SMA, SMK, D1, D2, D3, D4, S1, S2 or S3"),
        "SMK",
    ),
    Column(
        "kabupaten_kota",
        "regency",
        True,
        gettext_lazy("Domicile regency/city: code such as 33.25 or the exact name (Kabupaten Batang)"),
        "33.25",
    ),
    Column("alamat", "address", False, gettext_lazy("Address (optional)"), "Desa Sawahjoho RT 02/RW 03"),
    Column(
        "no_hp", "phone", False, gettext_lazy("Mobile number, e.g. 081234567890 (optional)"), "081234567890"
    ),
    Column("email", "email", False, gettext_lazy("E-mail (optional)"), "siti.aminah@example.id"),
    Column("bersedia_pindah", "relocate", False, gettext_lazy("Willing to relocate: ya or tidak"), "tidak"),
    Column(
        "persetujuan_berbagi",
        "consent_share",
        False,
        gettext_lazy("Consents to sharing with employers: ya or tidak (record only a given consent)"),
        "ya",
    ),
    Column(
        "angkatan",
        "cohort",
        False,
        gettext_lazy("Cohort to enrol in (optional): the cohort ID shown in the portal"),
        "",
    ),
)
HEADERS = tuple(c.header for c in COLUMNS)
HEADER_OF = {c.field: c.header for c in COLUMNS}
REQUIRED = tuple(c.header for c in COLUMNS if c.required)
ALIASES = {
    "nama": "nama_lengkap",
    "jk": "jenis_kelamin",
    "kelamin": "jenis_kelamin",
    "tgl_lahir": "tanggal_lahir",
    "pendidikan_terakhir": "pendidikan",
    "kabupaten": "kabupaten_kota",
    "kab_kota": "kabupaten_kota",
    "kota": "kabupaten_kota",
    "domisili": "kabupaten_kota",
    "hp": "no_hp",
    "nomor_hp": "no_hp",
    "telepon": "no_hp",
    "no_telepon": "no_hp",
    "e_mail": "email",
    "id_angkatan": "angkatan",
}


def header_key(value: Any) -> str:
    """``"Jenis Kelamin (L/P)"`` → ``"jenis_kelamin"``."""
    text = re.sub(r"\(.*?\)", "", str(value or "").strip().lower())
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    return ALIASES.get(text, text)
