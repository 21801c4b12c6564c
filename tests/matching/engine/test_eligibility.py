"""Each hard filter keeps out the graduates it should, and only those."""

from apps.matching.engine import GraduateIndex, Weights, shortlist

from .builders import REGIONS, C, D, graduates, vacancies

W = Weights()


def shortlisted_ids(grads, vacs) -> set[int]:
    index = GraduateIndex.build(grads, REGIONS, W)
    return set(shortlist(index, vacs, W).graduate_id.tolist())


def test_age_bounds_are_inclusive():
    grads = graduates(
        {"id": 1, "birth": "2006-06-15"},  # 20 today: the minimum
        {"id": 2, "birth": "2006-06-16"},  # 19 until tomorrow
        {"id": 3, "birth": "1996-06-16"},  # 29, turns 30 tomorrow: the maximum
        {"id": 4, "birth": "1996-06-15"},  # 30 today: above the maximum
    )
    assert shortlisted_ids(grads, vacancies({"age_min": 20, "age_max": 29})) == {1, 3}


def test_graduate_turning_the_minimum_age_on_the_reference_day_is_eligible():
    grads = graduates({"id": 1, "birth": "2003-06-15"}, {"id": 2, "birth": "2003-06-16"})
    assert shortlisted_ids(grads, vacancies({"age_min": 23})) == {1}


def test_minors_are_excluded_even_when_the_vacancy_accepts_younger_applicants():
    grads = graduates(
        {"id": 1, "birth": "2008-06-16"},  # 17, turns 18 tomorrow
        {"id": 2, "birth": "2008-06-15"},  # 18 today
    )
    assert shortlisted_ids(grads, vacancies({"age_min": 15})) == {2}


def test_education_below_the_minimum_is_excluded():
    grads = graduates(
        {"id": 1, "education": "SMP"}, {"id": 2, "education": "SMK"}, {"id": 3, "education": "D3"}
    )
    assert shortlisted_ids(grads, vacancies({"min_education": "SMA"})) == {2, 3}


def test_women_only_vacancy_excludes_men():
    grads = graduates({"id": 1, "gender": "L"}, {"id": 2, "gender": "P"})
    assert shortlisted_ids(grads, vacancies({"gender": "P"})) == {2}


def test_any_gender_vacancy_keeps_men_and_women():
    grads = graduates({"id": 1, "gender": "L"}, {"id": 2, "gender": "P"})
    assert shortlisted_ids(grads, vacancies({})) == {1, 2}


def test_graduate_beyond_reach_is_excluded_unless_willing_to_relocate():
    grads = graduates(
        {"id": 1, "regency": C},  # ~67 km away
        {"id": 2, "regency": D, "relocate": True},  # ~780 km away
        {"id": 3, "regency": D},
    )
    assert shortlisted_ids(grads, vacancies({})) == {2}


def test_unavailable_graduate_is_excluded():
    grads = graduates({"id": 1, "available": False}, {"id": 2})
    assert shortlisted_ids(grads, vacancies({})) == {2}
