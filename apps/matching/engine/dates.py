"""Calendar-correct ages on day numbers (days since 1970-01-01), vectorised with datetime64."""

from __future__ import annotations

import numpy as np

from .data import ADULT_AGE, MAX_AGE, IntArray


def years_before(on: IntArray, years: IntArray) -> np.ndarray:
    """Latest birth day on which someone is at least ``years`` old on day ``on``.

    That is the same month and day ``years`` years earlier; a 29 February that does not
    exist in the earlier year becomes 28 February (a person born on 28 February is a year
    older on 29 February, one born on 1 March is not). Returns ``int64`` day numbers.
    """
    day = np.asarray(on, dtype=np.int64).astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    day_of_month = (day - month.astype("datetime64[D]")).astype(np.int64)
    target = month - (np.asarray(years, dtype=np.int64) * 12).astype("timedelta64[M]")
    first = target.astype("datetime64[D]").astype(np.int64)
    last = (target + 1).astype("datetime64[D]").astype(np.int64) - 1
    return np.minimum(first + day_of_month, last)


def age_on(birth: IntArray, on: IntArray) -> np.ndarray:
    """Exact age in whole years on day ``on`` of people born on day ``birth`` (``int64``)."""
    b = np.asarray(birth, dtype=np.int64).astype("datetime64[D]")
    d = np.asarray(on, dtype=np.int64).astype("datetime64[D]")
    b_month, d_month = b.astype("datetime64[M]"), d.astype("datetime64[M]")
    b_day = (b - b_month.astype("datetime64[D]")).astype(np.int64)
    d_day = (d - d_month.astype("datetime64[D]")).astype(np.int64)
    bm, dm = b_month.astype(np.int64), d_month.astype(np.int64)
    before_birthday = (dm % 12 < bm % 12) | ((dm % 12 == bm % 12) & (d_day < b_day))
    return dm // 12 - bm // 12 - before_birthday


def birth_window(
    on: IntArray,
    age_min: IntArray,
    age_max: IntArray,
) -> tuple[np.ndarray, np.ndarray]:
    """Inclusive birth-day bounds ``(lo, hi)`` of people aged max(age_min, 18)..age_max on ``on``.

    ``lo > hi`` when nobody qualifies. Returned as ``int64`` day numbers.
    """
    youngest = np.maximum(np.asarray(age_min, dtype=np.int64), ADULT_AGE)
    oldest = np.minimum(np.asarray(age_max, dtype=np.int64), MAX_AGE)
    hi = years_before(on, youngest)
    lo = years_before(on, oldest + 1) + 1
    return lo, hi
