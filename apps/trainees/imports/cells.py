"""Cells to values: NIK as text, dates, L/P, education, ya/tidak, regency and cohort lookups."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from apps.core.choices import Education
from apps.regions.models import Regency
from apps.registry.models import Blkk
from apps.trainees.models import Enrolment
from apps.training.models import Cohort


class CellError(Exception):
    """A cell that cannot be read as its column's type (message is user-facing)."""


def text_cell(value: Any) -> str:
    """A cell as text: whole numbers without ``.0``, no leading apostrophe (Excel's text mark)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime):
        value = value.date()
    text = str(value).replace("\u00a0", " ").strip()
    if text.startswith("'"):
        text = text[1:].strip()
    return text


_SCIENTIFIC = re.compile(r"\d(?:[.,]\d+)?[eE][+]?\d+")


def nik_cell(value: Any) -> str:
    """A NIK as its 16 digits, also when Excel stored it as a number (``3.325015708050001E+15``)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    text = text_cell(value)
    if _SCIENTIFIC.fullmatch(text):
        raise CellError(
            _(
                "Excel turned the NIK into a number (%(value)s) and dropped digits. Format the column "
                "as Text, type the NIK again and save."
            )
            % {"value": text}
        )
    text = re.sub(r"\.0+$", "", text)
    return re.sub(r"[\s-]", "", text)


_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?")


def date_cell(value: Any) -> dt.date:
    """An Excel date, an Excel day number, ``17-08-2005``/``17/08/2005``/``17.08.2005`` or ISO."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return from_excel(value).date()
    text = text_cell(value)
    match = _DAY_FIRST.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise CellError(_("Write the date as DD-MM-YYYY, for example 17-08-2005."))
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(_("%(value)s is not a real date.") % {"value": text}) from exc


GENDERS = {
    "l": "L",
    "lk": "L",
    "laki": "L",
    "lakilaki": "L",
    "pria": "L",
    "male": "L",
    "m": "L",
    "p": "P",
    "pr": "P",
    "perempuan": "P",
    "wanita": "P",
    "female": "P",
    "f": "P",
}


def gender_cell(value: Any) -> str:
    key = re.sub(r"[^a-z]", "", text_cell(value).lower())
    if key not in GENDERS:
        raise CellError(_("Write L (male) or P (female)."))
    return GENDERS[key]


EDUCATION_ALIASES = {"SLTP": "SMP", "SLTA": "SMA", "SMU": "SMA", "STM": "SMK", "SMEA": "SMK"}


def education_cell(value: Any) -> str:
    code = re.sub(r"[^A-Z0-9]", "", text_cell(value).upper())
    code = EDUCATION_ALIASES.get(code, code)
    if code not in Education.values:
        raise CellError(_("Write one of %(codes)s.") % {"codes": ", ".join(Education.values)})
    return code


YES = {"ya", "y", "iya", "yes", "1", "true", "benar", "x", "v", "✓"}
NO = {"", "tidak", "t", "tdk", "no", "n", "0", "false", "salah", "-"}


def yes_no_cell(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = text_cell(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(_("Write ya or tidak."))


def phone_cell(value: Any) -> str:
    text = text_cell(value)
    if re.fullmatch(r"8\d{8,12}", text):  # Excel dropped the leading zero of 0812…
        text = "0" + text
    return text


class RegencyLookup:
    """Regencies/cities by code (``33.25``, ``3325``, ``33,25``) or by exact name, loaded once."""

    PREFIXES = (("kab.", "kabupaten "), ("kab ", "kabupaten "), ("kota adm.", "kota "))

    def __init__(self) -> None:
        self.codes: set[str] = set()
        self.names: dict[str, str] = {}
        bare: dict[str, list[str]] = {}
        for code, name in Regency.objects.values_list("code", "name"):
            self.codes.add(code)
            key = self._key(name)
            self.names[key] = code
            bare.setdefault(re.sub(r"^(kabupaten|kota) ", "", key), []).append(code)
        self.ambiguous = {name for name, codes in bare.items() if len(codes) > 1}
        for name, codes in bare.items():
            if len(codes) == 1:
                self.names.setdefault(name, codes[0])

    @classmethod
    def _key(cls, name: str) -> str:
        key = re.sub(r"\s+", " ", name.strip().lower())
        for prefix, full in cls.PREFIXES:
            if key.startswith(prefix):
                key = full + key[len(prefix) :].strip()
        return key

    def find(self, value: Any) -> str:
        # A code typed into Excel becomes a number: 33.2 was typed 33.20.
        text = f"{value:.2f}" if isinstance(value, float) else text_cell(value)
        code = text.replace(",", ".")
        if re.fullmatch(r"\d{4}", code):
            code = f"{code[:2]}.{code[2:]}"
        if code in self.codes:
            return code
        if re.fullmatch(r"\d{2}\.\d{2}", code):
            raise CellError(_("%(code)s is not a regency/city code.") % {"code": code})
        key = self._key(text)
        if key in self.names:
            return self.names[key]
        if key in self.ambiguous:
            raise CellError(
                _("“%(name)s” is both a regency and a city: write Kabupaten … or Kota …, or the code.")
                % {"name": text}
            )
        raise CellError(
            _("Unknown regency/city “%(name)s”: write its code (such as 33.25) or its exact name.")
            % {"name": text}
        )


@dataclass
class _CohortSlot:
    cohort: Cohort
    free: int


class CohortLookup:
    """The BLKK's cohorts by ID (or by number, when one unfinished cohort has it), with places left."""

    def __init__(self, blkk: Blkk) -> None:
        cohorts = (
            Cohort.objects.filter(program__blkk=blkk)
            .select_related("program")
            .annotate(taken=Count("enrolments", filter=~Q(enrolments__status=Enrolment.Status.DROPPED)))
        )
        self.by_id = {c.pk: _CohortSlot(c, c.capacity - c.taken) for c in cohorts}
        unfinished = [s for s in self.by_id.values() if s.cohort.status != Cohort.Status.FINISHED]
        numbers = Counter(s.cohort.number for s in unfinished)
        self.by_number = {s.cohort.number: s for s in unfinished if numbers[s.cohort.number] == 1}

    def find(self, value: Any) -> int | None:
        """The cohort's id for a cell (None when empty); unknown or finished cohorts are errors."""
        text = text_cell(value).lstrip("#").strip()
        if not text:
            return None
        if not text.isdigit():
            raise CellError(_("Write the cohort ID shown in the portal (a number)."))
        slot = self.by_id.get(int(text)) or self.by_number.get(int(text))
        if slot is None:
            raise CellError(_("This BLKK has no cohort with ID %(id)s.") % {"id": text})
        if slot.cohort.status == Cohort.Status.FINISHED:
            raise CellError(_("The cohort has finished; it takes no new trainees."))
        return slot.cohort.pk

    def take(self, cohort_id: int) -> None:
        """Reserve a place, or raise when the cohort is full."""
        slot = self.by_id[cohort_id]
        if slot.free <= 0:
            raise CellError(_("The cohort is full (%(n)s places).") % {"n": slot.cohort.capacity})
        slot.free -= 1
