"""NIK and NIB rules (DESIGN.md "Validation"), with property-based tests for the NIK."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from apps.core.validators import (
    mask_nik,
    nik_decode,
    nik_discrepancies,
    province_codes,
    validate_kbli,
    validate_nib,
    validate_nik,
    validate_phone,
)
from tests.factories import make_nik

PROVINCES = sorted(province_codes())
birth_dates = st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2025, 12, 31))
genders = st.sampled_from(["L", "P"])
serials = st.integers(min_value=1, max_value=9999)


def compose(province: str, birth: dt.date, gender: str, serial: int, district: str = "2501") -> str:
    day = birth.day + (40 if gender == "P" else 0)
    return f"{province}{district}{day:02d}{birth:%m%y}{serial:04d}"


def error_code(nik: str) -> str:
    with pytest.raises(ValidationError) as exc:
        validate_nik(nik)
    return exc.value.code


def test_ships_38_province_codes():
    assert len(PROVINCES) == 38 and "33" in PROVINCES


@given(st.sampled_from(PROVINCES), birth_dates, genders, serials)
def test_every_well_formed_nik_is_accepted_and_decodes(province, birth, gender, serial):
    nik = compose(province, birth, gender, serial)
    info = nik_decode(nik)
    assert (info.province_code, info.gender) == (province, gender)
    assert birth in info.possible_birth_dates()


@given(st.sampled_from(PROVINCES), birth_dates, genders)
def test_serial_0000_is_refused(province, birth, gender):
    assert error_code(compose(province, birth, gender, 0)) == "nik_serial"


@given(st.text(alphabet="0123456789", min_size=0, max_size=30))
def test_anything_but_16_digits_is_refused(digits):
    assume(len(digits) != 16)
    assert error_code(digits) == "nik_format"


@given(st.text(min_size=16, max_size=16))
def test_non_digits_are_refused(text):
    assume(not (text.isascii() and text.isdigit()))
    assert error_code(text) == "nik_format"


@given(st.integers(min_value=0, max_value=99), birth_dates, serials)
def test_unknown_province_code_is_refused(code, birth, serial):
    province = f"{code:02d}"
    assume(province not in PROVINCES)
    assert error_code(compose(province, birth, "L", serial)) == "nik_province"


@given(st.sampled_from([0, 32, 33, 39, 40, 72, 80, 99]), st.integers(1, 12), serials)
def test_day_outside_1_31_and_41_71_is_refused(day, month, serial):
    assert error_code(f"332501{day:02d}{month:02d}99{serial:04d}") == "nik_date"


@given(st.integers(1, 31), st.sampled_from([0, 13, 20, 99]), serials)
def test_month_outside_1_12_is_refused(day, month, serial):
    assert error_code(f"332501{day:02d}{month:02d}99{serial:04d}") == "nik_date"


@pytest.mark.parametrize("ddmm", ["3102", "3104", "7102", "2902", "3111", "7106"])
def test_impossible_calendar_dates_are_refused(ddmm):
    assert error_code(f"332501{ddmm}99{1234:04d}") == "nik_date"


def test_29_february_is_accepted_for_a_leap_year():
    assert dt.date(2000, 2, 29) in nik_decode("3325016902001234").possible_birth_dates()


@given(birth_dates, genders, serials)
def test_matching_nik_gives_no_warning(birth, gender, serial):
    nik = compose("33", birth, gender, serial)
    assert nik_discrepancies(nik, birth_date=birth, gender=gender) == []


@given(birth_dates, birth_dates, genders, serials)
def test_date_disagreement_is_a_warning_never_an_error(nik_birth, entered_birth, gender, serial):
    assume(
        (nik_birth.day, nik_birth.month, nik_birth.year % 100)
        != (entered_birth.day, entered_birth.month, entered_birth.year % 100)
    )
    nik = compose("33", nik_birth, gender, serial)
    validate_nik(nik)  # accepted
    assert len(nik_discrepancies(nik, birth_date=entered_birth, gender=gender)) == 1


@given(birth_dates, serials)
def test_gender_disagreement_is_a_warning_never_an_error(birth, serial):
    nik = compose("33", birth, "P", serial)
    validate_nik(nik)
    assert len(nik_discrepancies(nik, birth_date=birth, gender="L")) == 1


def test_factory_niks_are_valid():
    validate_nik(make_nik("33.25", dt.date(2004, 2, 29), "P"))


def test_mask_keeps_only_the_region_part():
    assert mask_nik("3325014405020007") == "3325************"


@pytest.mark.parametrize("nib", ["9120001234567", "0000000000001"])
def test_nib_of_13_digits_is_accepted(nib):
    validate_nib(nib)


@pytest.mark.parametrize("nib", ["", "912000123456", "91200012345678", "912000123456A", " 9120001234567x"])
def test_nib_other_than_13_digits_is_refused(nib):
    with pytest.raises(ValidationError):
        validate_nib(nib)


@pytest.mark.parametrize("kbli", ["1234", "123456", "ABCDE"])
def test_bad_kbli_is_refused(kbli):
    with pytest.raises(ValidationError):
        validate_kbli(kbli)


@pytest.mark.parametrize("phone", ["081234567890", "+6281234567890", "0812-3456-7890", "6285712345678"])
def test_indonesian_mobile_numbers_are_accepted(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "0212345678", "08123", "+1 415 555 0100", "0812345678901234"])
def test_other_phone_numbers_are_refused(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)
