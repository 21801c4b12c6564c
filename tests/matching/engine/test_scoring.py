"""Scores: coverage dominates, each factor is reported, and the vectorised engine equals the
straightforward per-pair reference."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.matching.engine import GraduateIndex, Weights, explain, haversine_km, shortlist
from apps.matching.engine.reference import naive_shortlist

from .builders import REGIONS, B, D, graduates, random_world, vacancies

W = Weights()


def run(grads, vacs, weights=W):
    return shortlist(GraduateIndex.build(grads, REGIONS, weights), vacs, weights)


def test_ranking_follows_coverage_of_required_units():
    grads = graduates(
        {"id": 1, "skills": [0]},
        {"id": 2, "skills": [0, 1, 2]},
        {"id": 3, "skills": [0, 1]},
    )
    sl = run(grads, vacancies({"required": [0, 1, 2]}))
    assert sl.graduate_id.tolist() == [2, 3, 1]
    assert sl.rank.tolist() == [1, 2, 3]
    assert sl.matched.tolist() == [3, 2, 1]


def test_each_factor_contributes_its_weighted_share():
    grads = graduates(
        {"skills": [0, 1, 5], "vocations": [2], "regency": B, "graduated": "2025-06-15"},
    )
    sl = run(grads, vacancies({"required": [0, 1, 2, 3], "vocation": 2}))
    km = float(haversine_km(REGIONS.lat, REGIONS.lon)[B, 0])
    assert sl.coverage[0] == pytest.approx(35.0)  # 2 of 4 units
    assert sl.vocation[0] == pytest.approx(10.0)
    assert sl.distance[0] == pytest.approx(10.0 * (1 - km / 60.0), rel=1e-6)
    assert sl.recency[0] == pytest.approx(5.0)  # 365 of 730 days
    parts = sl.coverage[0] + sl.vocation[0] + sl.distance[0] + sl.recency[0]
    assert sl.score[0] == pytest.approx(parts, rel=1e-6)


def test_vacancy_requiring_no_units_gives_full_coverage():
    sl = run(graduates({"skills": []}), vacancies({"required": []}))
    assert sl.coverage.tolist() == [70.0]


def test_relocator_beyond_reach_gets_no_distance_points():
    sl = run(graduates({"regency": D, "relocate": True}), vacancies({}))
    assert sl.distance.tolist() == [0.0]


def test_old_graduation_gets_no_recency_points():
    sl = run(graduates({"graduated": "2023-01-01"}), vacancies({}))
    assert sl.recency.tolist() == [0.0]


def test_explain_splits_required_units_into_matched_and_missing():
    matched, missing = explain(np.array([1, 4, 7]), np.array([7, 2, 1, 9]))
    assert matched.tolist() == [1, 7]
    assert missing.tolist() == [2, 9]


@settings(max_examples=60, deadline=None, database=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(0, 40),
    m=st.integers(0, 12),
    top_k=st.integers(1, 6),
    reach=st.sampled_from([20.0, 60.0, 150.0]),
)
def test_vectorised_shortlist_equals_per_pair_reference(seed, n, m, top_k, reach):
    regions, grads, vacs = random_world(seed, n, m)
    weights = Weights(top_k=top_k, reach_km=reach)
    mine = shortlist(GraduateIndex.build(grads, regions, weights), vacs, weights, chunk_work=50)
    ref = naive_shortlist(grads, vacs, haversine_km(regions.lat, regions.lon), weights)
    for field in ("vacancy", "graduate", "rank", "matched", "score", "coverage", "vocation"):
        assert np.array_equal(getattr(mine, field), getattr(ref, field)), field
    for field in ("distance", "recency"):
        assert np.array_equal(getattr(mine, field), getattr(ref, field)), field


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pruned_shortlist_on_larger_data_equals_reference(seed):
    regions, grads, vacs = random_world(seed, 700, 30, n_units=14)
    weights = Weights(top_k=5)
    mine = shortlist(GraduateIndex.build(grads, regions, weights), vacs, weights)
    ref = naive_shortlist(grads, vacs, haversine_km(regions.lat, regions.lon), weights)
    assert np.array_equal(mine.graduate, ref.graduate)
    assert np.array_equal(mine.score, ref.score)
    assert np.array_equal(mine.vacancy, ref.vacancy)
