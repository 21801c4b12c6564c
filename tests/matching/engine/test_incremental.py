"""Incremental paths give exactly the batch results."""

from dataclasses import replace

import numpy as np

from apps.matching.engine import (
    GraduateIndex,
    VacancyIndex,
    Weights,
    match_graduate,
    match_vacancy,
    merge_shortlists,
    shortlist,
)

from .builders import N_VOCATIONS, random_world

W = Weights(top_k=6)


def world(seed: int = 21):
    regions, grads, vacs = random_world(seed, 250, 40)
    return regions, grads, vacs, shortlist(GraduateIndex.build(grads, regions, W), vacs, W)


def test_new_vacancy_gets_the_batch_shortlist():
    regions, grads, vacs, batch = world()
    index = GraduateIndex.build(grads, regions, W)
    for row in range(len(vacs)):
        one = match_vacancy(index, vacs, row, W)
        mine = batch.vacancy == row
        assert np.array_equal(one.graduate, batch.graduate[mine])
        assert np.array_equal(one.score, batch.score[mine])
        assert np.array_equal(one.rank, batch.rank[mine])


def test_new_graduate_scores_equal_batch_scores():
    regions, grads, vacs, batch = world()
    vindex = VacancyIndex.build(vacs, regions, W, N_VOCATIONS)
    checked = 0
    for row in range(len(grads)):
        found = match_graduate(vindex, grads, row, W)
        score = dict(zip(found.vacancy.tolist(), found.score.tolist(), strict=True))
        listed = batch.graduate == row
        for v, s in zip(batch.vacancy[listed].tolist(), batch.score[listed].tolist(), strict=True):
            assert score[v] == s
            checked += 1
    assert checked > 50


def test_merging_a_new_graduate_equals_a_batch_rerun():
    regions, grads, vacs, rerun = world(22)
    newcomer = int(np.bincount(rerun.graduate).argmax())  # on the most shortlists
    without = grads.available.copy()
    without[newcomer] = False
    before = shortlist(GraduateIndex.build(replace(grads, available=without), regions, W), vacs, W)
    found = match_graduate(VacancyIndex.build(vacs, regions, W, N_VOCATIONS), grads, newcomer, W)
    merged = merge_shortlists(before, found, W.top_k)
    assert newcomer not in before.graduate and newcomer in merged.graduate
    assert np.array_equal(merged.vacancy, rerun.vacancy)
    assert np.array_equal(merged.graduate_id, rerun.graduate_id)
    assert np.array_equal(merged.score, rerun.score)
    assert np.array_equal(merged.rank, rerun.rank)


def test_unavailable_new_graduate_gets_no_matches():
    regions, grads, vacs, _ = world()
    row = int(np.flatnonzero(~grads.available)[0])
    found = match_graduate(VacancyIndex.build(vacs, regions, W, N_VOCATIONS), grads, row, W)
    assert len(found) == 0
