"""Incremental matching: one new vacancy against all graduates, one new graduate against all
vacancies. Both score every candidate densely with the batch path's functions, so their
scores equal the batch scores bit for bit."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt

from .data import Csr, Graduates, Vacancies, Weights
from .index import GraduateIndex, VacancyIndex, ranges
from .pairs import GraduateTable, VacancyTable, eligible, score
from .results import Matches, Shortlist, rank_top_k
from .scan import scored


def _hits(unit_t: Csr, units: npt.NDArray[np.integer], size: int) -> npt.NDArray[np.int64]:
    """For each of ``size`` columns of ``unit_tᵀ``, how many of ``units`` it holds."""
    units = np.asarray(units, dtype=np.int64)
    listed = unit_t.indices[ranges(unit_t.indptr.astype(np.int64), units)]
    return np.bincount(listed, minlength=size)


def match_vacancy(
    index: GraduateIndex,
    vacancies: Vacancies,
    row: int,
    weights: Weights,
) -> Shortlist:
    """Top-k shortlist of ``vacancies[row]``: same rows the batch ``shortlist`` gives it."""
    index.check(vacancies, weights)
    vt = VacancyTable.build(vacancies, np.array([row]))
    near = index.geo.within_reach(int(vt.regency[0]))
    movers = np.arange(index.n_stay, len(index), dtype=np.int64)
    cand = np.concatenate([index.stayers_near(near), movers])
    req = vacancies.required
    units = req.indices[req.indptr[row] : req.indptr[row + 1]]
    matched = _hits(index.unit_t, units, len(index))[cand]
    found = scored(
        vt, np.zeros(cand.size, dtype=np.int32), index.table, cand, matched,
        lambda c: np.asarray(c, dtype=np.int64), index, weights,
    )  # fmt: skip
    sl = rank_top_k(found, weights.top_k)
    return replace(sl, vacancy=np.full(len(sl), row), graduate=index.rows[sl.graduate])


def match_graduate(
    vindex: VacancyIndex,
    graduates: Graduates,
    row: int,
    weights: Weights,
) -> Matches:
    """Every vacancy ``graduates[row]`` is eligible for, scored, best first (then vacancy id).

    Feed the result to ``merge_shortlists`` to update the vacancies' shortlists.
    """
    if weights.reach_km != vindex.geo.reach_km:
        raise ValueError("weights.reach_km differs from the one the index was built with")
    if graduates.skills.shape[1] != vindex.n_units:
        raise ValueError("graduates and vacancies use different unit sets")
    if not graduates.available[row]:
        return Matches.empty()
    gt = GraduateTable.build(graduates, np.array([row]), vindex.n_vocations)
    if gt.relocate[0]:
        cand = np.arange(len(vindex.table), dtype=np.int64)
    else:
        near = vindex.geo.within_reach(int(gt.regency[0]))
        cand = vindex.by_regency[ranges(vindex.reg_ptr, near)]
    held = graduates.skills
    units = held.indices[held.indptr[row] : held.indptr[row + 1]]
    matched = _hits(vindex.unit_t, units, len(vindex.table))[cand]
    g = np.zeros(cand.size, dtype=np.int32)
    vt = vindex.table
    ok = eligible(vt, cand, gt, g, vindex.geo)
    cand, matched, g = cand[ok], matched[ok], g[ok]
    sc = score(vt, cand, gt, g, matched, vindex.geo, weights)
    order = np.lexsort((vt.ids[cand], -sc.score))
    return Matches(
        vacancy=cand[order],
        graduate=np.full(cand.size, row),
        vacancy_id=vt.ids[cand[order]],
        graduate_id=np.full(cand.size, gt.ids[0]),
        score=sc.score[order],
        coverage=sc.coverage[order],
        vocation=sc.vocation[order],
        distance=sc.distance[order],
        recency=sc.recency[order],
        matched=matched[order],
    )
