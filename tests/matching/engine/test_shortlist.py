"""Shortlists: top-k, deterministic ties, chunking and the dense fallback."""

import numpy as np

from apps.matching.engine import GraduateIndex, Weights, concat_shortlists, shortlist

from .builders import REGIONS, D, graduates, random_world, vacancies


def same(a, b) -> bool:
    return all(
        np.array_equal(getattr(a, f), getattr(b, f))
        for f in ("vacancy", "graduate", "vacancy_id", "graduate_id", "score", "rank", "matched")
    )


def test_top_k_keeps_the_k_best_graduates():
    weights = Weights(top_k=2)
    grads = graduates(
        {"id": 1, "skills": [0]},
        {"id": 2, "skills": [0, 1, 2]},
        {"id": 3, "skills": [0, 1]},
    )
    index = GraduateIndex.build(grads, REGIONS, weights)
    sl = shortlist(index, vacancies({"required": [0, 1, 2]}), weights)
    assert sl.graduate_id.tolist() == [2, 3]


def test_equal_scores_are_ranked_by_lower_graduate_id():
    weights = Weights(top_k=3)
    grads = graduates(
        {"id": 30, "skills": [0]},
        {"id": 10, "skills": [0]},
        {"id": 20, "skills": [0]},
    )
    index = GraduateIndex.build(grads, REGIONS, weights)
    sl = shortlist(index, vacancies({"required": [0]}), weights)
    assert len(set(sl.score.tolist())) == 1
    assert sl.graduate_id.tolist() == [10, 20, 30]
    assert sl.graduate.tolist() == [1, 2, 0]


def test_graduates_sharing_no_required_unit_fill_a_short_list():
    weights = Weights(top_k=3)
    grads = graduates(
        {"id": 1, "skills": [5]},
        {"id": 2, "skills": [0]},
        {"id": 3, "skills": [6], "vocations": [1]},
    )
    index = GraduateIndex.build(grads, REGIONS, weights)
    sl = shortlist(index, vacancies({"required": [0]}), weights)
    assert sl.graduate_id.tolist() == [2, 1, 3]  # 1 outranks 3 by holding the vacancy's vocation
    assert sl.matched.tolist() == [1, 0, 0]


def test_results_are_sorted_by_vacancy_then_rank():
    regions, grads, vacs = random_world(7, 80, 15)
    weights = Weights(top_k=4)
    sl = shortlist(GraduateIndex.build(grads, regions, weights), vacs, weights)
    key = sl.vacancy.astype(np.int64) * 1000 + sl.rank
    assert np.all(np.diff(key) > 0)
    assert sl.rank.max() <= 4


def test_shortlists_of_vacancy_subsets_concatenate_to_the_full_shortlist():
    regions, grads, vacs = random_world(11, 300, 60)
    weights = Weights(top_k=5)
    index = GraduateIndex.build(grads, regions, weights)
    full = shortlist(index, vacs, weights)
    province = vacs.regency % 3  # stand-in for "province of the work regency"
    parts = [shortlist(index, vacs, weights, rows=np.flatnonzero(province == p)) for p in range(3)]
    assert same(concat_shortlists(parts), full)


def test_small_chunks_give_the_same_shortlist_as_one_chunk():
    regions, grads, vacs = random_world(5, 400, 80)
    weights = Weights(top_k=5)
    index = GraduateIndex.build(grads, regions, weights)
    assert same(
        shortlist(index, vacs, weights, chunk_work=30),
        shortlist(index, vacs, weights, chunk_work=10**9),
    )


def test_progress_is_reported_up_to_completion():
    regions, grads, vacs = random_world(3, 100, 30)
    weights = Weights()
    seen: list[float] = []
    shortlist(
        GraduateIndex.build(grads, regions, weights),
        vacs,
        weights,
        chunk_work=20,
        progress=seen.append,
    )
    assert len(seen) > 1
    assert seen == sorted(seen) and seen[-1] == 1.0


def test_threaded_run_gives_the_same_shortlist():
    regions, grads, vacs = random_world(9, 400, 80)
    weights = Weights(top_k=5)
    index = GraduateIndex.build(grads, regions, weights)
    assert same(
        shortlist(index, vacs, weights, chunk_work=40, workers=2),
        shortlist(index, vacs, weights, chunk_work=40),
    )


def test_far_relocators_sharing_no_unit_fill_a_short_list():
    weights = Weights(top_k=3)
    grads = graduates(
        {"id": 1, "skills": [0]},
        {"id": 2, "skills": [4], "regency": D, "relocate": True, "vocations": [0]},
        {"id": 3, "skills": [4], "regency": D, "relocate": True, "vocations": [1]},
    )
    vacs = vacancies({"required": [0, 1]})
    sl = shortlist(GraduateIndex.build(grads, REGIONS, weights), vacs, weights)
    assert sl.graduate_id.tolist() == [1, 2, 3]
    assert sl.distance.tolist()[1:] == [0.0, 0.0]
