"""Allocation: an optimal plan under headcount and one-proposal-per-graduate."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.matching.engine import Matches, allocate, plan_score


def pairs(rows: list[tuple[int, int, float]]) -> Matches:
    n = len(rows)
    vac, grad, score = (list(c) for c in zip(*rows, strict=True)) if rows else ([], [], [])
    zeros = np.zeros(n)
    return Matches(
        vacancy=vac, graduate=grad, vacancy_id=vac, graduate_id=grad, score=score,
        coverage=zeros, vocation=zeros, distance=zeros, recency=zeros, matched=zeros,
    )  # fmt: skip


def feasible(m: Matches, chosen: np.ndarray, headcount: np.ndarray) -> bool:
    g = m.graduate[chosen]
    per_vacancy = np.bincount(m.vacancy[chosen], minlength=headcount.size)
    return len(set(g.tolist())) == g.size and bool((per_vacancy <= headcount).all())


def brute_force_best(m: Matches, headcount: np.ndarray) -> float:
    best = 0.0
    for mask in itertools.product([False, True], repeat=len(m)):
        chosen = np.array(mask, dtype=bool)
        if feasible(m, chosen, headcount):
            best = max(best, plan_score(m, chosen))
    return best


def greedy(m: Matches, headcount: np.ndarray) -> np.ndarray:
    """Best score first, take it if the graduate is free and the vacancy has room."""
    left = headcount.copy()
    taken: set[int] = set()
    chosen = np.zeros(len(m), dtype=bool)
    for i in np.argsort(-m.score, kind="stable"):
        g, v = int(m.graduate[i]), int(m.vacancy[i])
        if g not in taken and left[v] > 0:
            chosen[i], left[v] = True, left[v] - 1
            taken.add(g)
    return chosen


@st.composite
def cases(draw):
    n_g, n_v = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    cells = [(v, g) for v in range(n_v) for g in range(n_g)]
    picked = draw(st.lists(st.sampled_from(cells), unique=True, max_size=11))
    scores = draw(st.lists(st.integers(0, 10000), min_size=len(picked), max_size=len(picked)))
    headcount = draw(st.lists(st.integers(0, 3), min_size=n_v, max_size=n_v))
    rows = [(v, g, s / 100) for (v, g), s in zip(picked, scores, strict=True)]
    return pairs(rows), np.array(headcount)


@settings(max_examples=150, deadline=None, database=None)
@given(cases())
def test_plan_total_equals_brute_force_optimum(case):
    m, headcount = case
    chosen = allocate(m, headcount)
    assert feasible(m, chosen, headcount)
    assert plan_score(m, chosen) == pytest.approx(brute_force_best(m, headcount), abs=1e-3)


def test_optimal_plan_beats_best_first_greedy():
    # Graduate 0 is best for both vacancies; greedy gives them vacancy 0 and leaves
    # vacancy 1 to graduate 1 (10 points). Optimal: 0 -> vacancy 1, 1 -> vacancy 0.
    m = pairs([(0, 0, 90.0), (1, 0, 80.0), (0, 1, 85.0), (1, 1, 10.0)])
    headcount = np.array([1, 1])
    assert plan_score(m, greedy(m, headcount)) == pytest.approx(100.0)
    chosen = allocate(m, headcount)
    assert plan_score(m, chosen) == pytest.approx(165.0)
    assert chosen.tolist() == [False, True, True, False]


def test_plan_never_exceeds_a_vacancy_headcount():
    rng = np.random.default_rng(0)
    rows = [(v, g, float(rng.integers(1, 100))) for v in range(4) for g in range(30)]
    m, headcount = pairs(rows), np.array([2, 0, 5, 1])
    chosen = allocate(m, headcount)
    assert np.bincount(m.vacancy[chosen], minlength=4).tolist() == [2, 0, 5, 1]


def test_plan_proposes_each_graduate_at_most_once():
    rng = np.random.default_rng(1)
    rows = [(v, g, float(rng.integers(1, 100))) for v in range(6) for g in range(4)]
    m = pairs(rows)
    chosen = allocate(m, np.full(6, 3))
    assert sorted(m.graduate[chosen].tolist()) == [0, 1, 2, 3]


def test_empty_shortlist_proposes_nothing():
    assert allocate(pairs([]), np.array([3])).tolist() == []
