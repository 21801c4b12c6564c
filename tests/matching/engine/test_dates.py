"""Ages are exact to the day, leap days included."""

import numpy as np

from apps.matching.engine import age_on, birth_window

from .builders import day


def test_age_increases_on_the_birthday_not_the_day_before():
    birth = day("2008-06-15")
    ages = age_on(np.array([birth, birth]), np.array([day("2026-06-14"), day("2026-06-15")]))
    assert ages.tolist() == [17, 18]


def test_leap_day_baby_turns_a_year_older_on_first_of_march_in_common_years():
    birth = day("2008-02-29")
    on = np.array([day("2026-02-28"), day("2026-03-01"), day("2028-02-29")])
    assert age_on(np.full(3, birth), on).tolist() == [17, 18, 20]


def test_birth_window_is_inclusive_and_starts_at_eighteen():
    lo, hi = birth_window(np.array([day("2026-06-15")]), np.array([16]), np.array([30]))
    assert hi[0] == day("2008-06-15")  # 18 today (16 is raised to the adult age)
    assert lo[0] == day("1995-06-16")  # 30 until tomorrow, when they turn 31


def test_birth_window_of_leap_day_reference_uses_28_february():
    lo, hi = birth_window(np.array([day("2028-02-29")]), np.array([18]), np.array([18]))
    assert hi[0] == day("2010-02-28")
    assert lo[0] == day("2009-03-01")
