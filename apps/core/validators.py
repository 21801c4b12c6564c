"""The one place where identifiers and shared rules are validated.

Model fields, forms, the API, spreadsheet import and the admin all call these functions, so a
rule is written once. Messages are translatable (Indonesian by default).

NIK (Nomor Induk Kependudukan), 16 digits: ``PPKKCC DDMMYY SSSS`` — province (2), regency (2),
district (2), birth date as DDMMYY with 40 added to the day for women, and a 4-digit serial
that is never ``0000``. A NIK never changes, even when its date part disagrees with the true
birth date (PP 40/2019): such a disagreement is a *warning* (``nik_discrepancies``), never an
error.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PROVINCES_CSV = Path(__file__).resolve().parent.parent / "regions" / "data" / "provinces.csv"
_DIGITS16 = re.compile(r"\d{16}")
_DIGITS13 = re.compile(r"\d{13}")
_KBLI = re.compile(r"\d{5}")
_PHONE = re.compile(r"(\+62|62|0)8\d{7,12}")

FEMALE = "P"
MALE = "L"


@cache
def province_codes() -> frozenset[str]:
    """Kemendagri codes of the 38 provinces (shipped with the regions app)."""
    with _PROVINCES_CSV.open(encoding="utf-8") as fh:
        return frozenset(row["code"] for row in csv.DictReader(fh))


@dataclass(frozen=True)
class NikInfo:
    province_code: str
    regency_code: str  # "33.25"
    day: int  # 1..31, already corrected for the +40 of women
    month: int
    year2: int  # two-digit year
    gender: str  # "L" or "P"

    def possible_birth_dates(self) -> list[dt.date]:
        dates = []
        for century in (1900, 2000):
            try:
                dates.append(dt.date(century + self.year2, self.month, self.day))
            except ValueError:
                continue
        return dates


def _nik_digits(value: object) -> str:
    return str(value).strip() if value is not None else ""


def nik_decode(value: object) -> NikInfo:
    """Decode a NIK or raise ``ValidationError`` (code names the broken rule)."""
    nik = _nik_digits(value)
    if not _DIGITS16.fullmatch(nik):
        raise ValidationError(_("NIK must be exactly 16 digits."), code="nik_format")
    if nik[:2] not in province_codes():
        raise ValidationError(
            _("NIK digits 1–2 (%(code)s) are not a known province code."),
            code="nik_province",
            params={"code": nik[:2]},
        )
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    gender = MALE
    if day > 40:
        day -= 40
        gender = FEMALE
    if not (1 <= day <= 31) or not (1 <= month <= 12):
        raise ValidationError(
            _("NIK digits 7–12 (%(part)s) are not a birth date DDMMYY (women: day + 40)."),
            code="nik_date",
            params={"part": nik[6:12]},
        )
    info = NikInfo(nik[:2], f"{nik[:2]}.{nik[2:4]}", day, month, year2, gender)
    if not info.possible_birth_dates():
        raise ValidationError(
            _("NIK digits 7–12 (%(part)s) are not a real calendar date."),
            code="nik_date",
            params={"part": nik[6:12]},
        )
    if nik[12:] == "0000":
        raise ValidationError(_("NIK's last four digits cannot be 0000."), code="nik_serial")
    return info


def validate_nik(value: object) -> None:
    nik_decode(value)


def nik_discrepancies(nik: str, *, birth_date: dt.date | None, gender: str | None) -> list[str]:
    """Warnings (never errors) where a valid NIK disagrees with the entered birth date/gender."""
    try:
        info = nik_decode(nik)
    except ValidationError:
        return []
    warnings: list[str] = []
    if birth_date and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        info.day,
        info.month,
        info.year2,
    ):
        warnings.append(
            str(
                _(
                    "The birth date in the NIK (%(nik)s) differs from the entered birth date; "
                    "the NIK is kept and flagged for data-quality review."
                )
                % {"nik": f"{info.day:02d}-{info.month:02d}-{info.year2:02d}"}
            )
        )
    if gender and gender != info.gender:
        warnings.append(
            str(
                _(
                    "The NIK encodes gender %(nik)s but %(entered)s was entered; "
                    "the NIK is kept and flagged for data-quality review."
                )
                % {"nik": info.gender, "entered": gender}
            )
        )
    return warnings


def mask_nik(nik: str) -> str:
    """``3325************`` style masking for lists and logs: region kept, person hidden."""
    nik = nik or ""
    return nik[:4] + "*" * max(0, len(nik) - 4)


def validate_nib(value: object) -> None:
    """NIB (Nomor Induk Berusaha, OSS): exactly 13 digits."""
    if not _DIGITS13.fullmatch(_nik_digits(value)):
        raise ValidationError(_("NIB must be exactly 13 digits."), code="nib_format")


def validate_kbli(value: object) -> None:
    """KBLI 2020 business classification: 5 digits."""
    if not _KBLI.fullmatch(_nik_digits(value)):
        raise ValidationError(_("KBLI code must be 5 digits."), code="kbli_format")


def validate_phone(value: object) -> None:
    """Indonesian mobile number: 08…, 628… or +628…, 10–15 digits."""
    phone = re.sub(r"[\s-]", "", _nik_digits(value))
    if not _PHONE.fullmatch(phone):
        raise ValidationError(
            _("Enter an Indonesian mobile number such as 0812 3456 7890 or +62 812 3456 7890."),
            code="phone_format",
        )


_ANY_PHONE = re.compile(r"(\+62|62|0)[1-9]\d{6,12}")


def validate_phone_any(value: object) -> None:
    """An Indonesian mobile or landline number (office lines such as 0285 391234)."""
    phone = re.sub(r"[\s().-]", "", _nik_digits(value))
    if not _ANY_PHONE.fullmatch(phone):
        raise ValidationError(
            _("Enter an Indonesian phone number such as 0285 391234 or 0812 3456 7890."),
            code="phone_format",
        )


def validate_no_nul(value: object) -> None:
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(_("Null characters are not allowed."), code="null_characters")
