"""One chunk of the batch shortlist: sparse products, pruning by coverage, top-k, fallback.

The candidates of a chunk come in blocks: the graduates living in the regencies within reach
of any of the chunk's vacancies (stayers and relocators), and the relocators by gender and
education tier (multiplied only with the vacancies that accept that group; those living near
are skipped, being in the first block). ``required @ skillsᵀ`` gives the matched-unit count
of every pair sharing at least one unit. Coverage dominates the score, so a pair with few
matched units cannot beat a vacancy's k-th best score once that is known: pairs are scored in
two stages, the most matched units first, then only the counts that can still make the top-k
(relocators living far away cannot earn distance points, which tightens their bound).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .data import Csr, Weights
from .fallback import dense_all, dense_near, needs_dense
from .index import GraduateIndex, ranges
from .pairs import VacancyTable
from .results import Matches, Shortlist, concat, rank_top_k, top_k_threshold
from .scan import Block, other_points, scored

STAGE_ONE_PAIRS = 4  # stage one scores, per vacancy, at least this many times k pairs
MARGIN = 1e-3  # points; covers float rounding in the bounds


def _stage(
    blocks: list[Block],
    vt: VacancyTable,
    rows: npt.NDArray[np.int64],
    lows: list[npt.NDArray[np.int16]],
    hi: npt.NDArray[np.int16] | None,
    index: GraduateIndex,
    weights: Weights,
) -> list[Matches]:
    """Score the pairs of vacancies ``rows`` whose matched count is in ``low..hi-1``."""
    out = []
    for b, lo in zip(blocks, lows, strict=True):
        data, counts = b.prod.data, b.counts[rows]
        pos = None if rows.size == len(vt) else ranges(b.prod.indptr.astype(np.int64), rows)
        m = data if pos is None else data[pos]
        ok = m >= np.repeat(lo, counts)
        if hi is not None:
            ok &= m < np.repeat(hi, counts)
        sel = np.flatnonzero(ok)
        del ok, m
        if pos is None:
            owner = np.searchsorted(b.prod.indptr, sel, side="right") - 1
        else:
            owner = rows[np.searchsorted(np.cumsum(counts), sel, side="right")]
            sel = pos[sel]
        col = b.prod.indices[sel]
        if b.skip is not None:
            kept = np.flatnonzero(~b.skip[col])
            sel, owner, col = sel[kept], owner[kept], col[kept]
        out.append(
            scored(vt, owner.astype(np.int32), b.table, col, data[sel], b.position, index,
                   weights, reach=b.reach)
        )  # fmt: skip
    return out


def _lowest_useful(
    kth: np.ndarray, vt: VacancyTable, index: GraduateIndex, weights: Weights, near: bool
) -> np.ndarray:
    """Fewest matched units with which a pair can still reach the k-th score."""
    need = np.ones(len(vt))
    known = np.isfinite(kth)
    if weights.coverage > 0:
        gap = kth - other_points(vt, index, weights, near) - MARGIN
        need[known] = gap[known] * vt.n_required[known] / weights.coverage
    return np.ceil(need)


def _kth_bound(found: list[Matches], m: int, k: int) -> tuple[Matches, np.ndarray]:
    """Pairs found so far (pre-selected) and a lower bound on each vacancy's k-th score."""
    pairs = concat(found, Matches)
    keep, kth = top_k_threshold(pairs.vacancy, pairs.score, k, m, 100.0)
    return pairs.take(np.flatnonzero(keep)), kth


def _sparse_top_k(
    blocks: list[Block], vt: VacancyTable, index: GraduateIndex, weights: Weights
) -> tuple[Matches, np.ndarray]:
    """Candidates for each vacancy's top-k among the pairs sharing at least one unit, and a
    lower bound on each vacancy's k-th score among them."""
    m, k = len(vt), weights.top_k
    top = max((int(b.prod.data.max()) for b in blocks if b.prod.nnz), default=0) + 1
    hist = np.zeros(m * top, dtype=np.int64)
    for b in blocks:
        key = np.repeat(np.arange(0, m * top, top, dtype=np.int32), b.counts) + b.prod.data
        hist += np.bincount(key, minlength=m * top)
        del key
    at_least = np.cumsum(np.reshape(hist, (m, top))[:, ::-1], axis=1)[:, ::-1]
    every = np.arange(m, dtype=np.int64)
    cut = np.maximum((at_least >= STAGE_ONE_PAIRS * k).sum(axis=1) - 1, 1).astype(np.int16)
    found = _stage(blocks, vt, every, [cut] * len(blocks), None, index, weights)
    first, kth = _kth_bound(found, m, k)
    lows = []
    for b in blocks:
        low = _lowest_useful(kth, vt, index, weights, b.near)
        lows.append(np.clip(low, 1, cut).astype(np.int16))
    again = np.flatnonzero(np.any([lo < cut for lo in lows], axis=0))
    if again.size == 0:
        return first, kth
    second = _stage(blocks, vt, again, [lo[again] for lo in lows], cut[again], index, weights)
    return _kth_bound([first, *second], m, k)


def _rows_only(req: Csr, keep: npt.NDArray[np.bool_]) -> Csr:
    """``req`` with the rows not in ``keep`` emptied (same shape)."""
    if keep.all():
        return req
    counts = np.diff(req.indptr)
    indptr = np.zeros(counts.size + 1, dtype=np.int64)
    np.cumsum(np.where(keep, counts, 0), out=indptr[1:])
    held = np.repeat(keep, counts)
    return sp.csr_array((req.data[held], req.indices[held], indptr), shape=req.shape)


def chunk_shortlist(
    index: GraduateIndex,
    vt: VacancyTable,
    req: Csr,
    regencies: npt.NDArray[np.int64],
    weights: Weights,
    work: int,
) -> Shortlist:
    """Shortlist (vacancy = position in ``vt``, graduate = index position) of one chunk.

    ``regencies`` (sorted) are all the regencies within reach of the chunk's vacancies.
    """
    geo = index.geo
    stay_len = index.stay_ptr[regencies + 1] - index.stay_ptr[regencies]
    reloc_len = index.reloc_ptr[regencies + 1] - index.reloc_ptr[regencies]
    stayers, movers = ranges(index.stay_ptr, regencies), ranges(index.reloc_ptr, regencies)
    near_pos = np.concatenate([stayers, movers])
    stay_start = np.zeros(geo.size, dtype=np.int64)
    stay_start[regencies] = np.cumsum(stay_len) - stay_len
    reloc_start = np.zeros(geo.size, dtype=np.int64)
    reloc_start[regencies] = stay_len.sum() + np.cumsum(reloc_len) - reloc_len
    in_chunk = np.zeros(geo.size, dtype=bool)
    in_chunk[regencies] = True
    near = Block(
        req @ index.skills[near_pos].T, index.table.take(near_pos),
        lambda c: near_pos[c], reach=True, near=True,
    )  # fmt: skip
    far = []
    for group in index.reloc_groups:
        accept = (vt.allowed & np.uint32(group.profiles)) != 0
        if len(group.table) == 0 or not accept.any():
            continue
        far.append(
            Block(
                _rows_only(req, accept) @ group.skills_t, group.table,
                lambda c, pos=group.positions: pos[c], reach=False, near=False,
                skip=in_chunk[group.table.regency],
            )
        )  # fmt: skip
    found, kth = _sparse_top_k([near, *far], vt, index, weights)
    near_only, everyone = needs_dense(kth, vt, index, weights)
    if near_only.size + everyone.size == 0:
        return rank_top_k(found, weights.top_k)
    step = max(1, work // max(len(near.table) + sum(len(b.table) for b in far), 1))
    extra = []
    for rows, all_relocators in ((near_only, False), (everyone, True)):
        for start in range(0, rows.size, step):
            part = rows[start : start + step]
            extra.append(dense_near(index, vt, part, near, index.stay_ptr, stay_start, weights))
            if all_relocators:
                extra += [dense_all(index, vt, part, b, weights) for b in far]
            else:
                ptr = index.reloc_ptr
                extra.append(dense_near(index, vt, part, near, ptr, reloc_start, weights))
    return rank_top_k(concat([found, *extra], Matches), weights.top_k)
