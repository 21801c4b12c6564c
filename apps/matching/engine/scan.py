"""Shared pieces of the batch path: blocks of candidate columns and pair evaluation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .data import Csr, IntArray, Weights
from .index import GraduateIndex
from .pairs import GraduateTable, VacancyTable, eligible, score
from .results import Matches, top_k_candidates


@dataclass(frozen=True)
class Block:
    """Candidate graduates of a chunk, as columns of ``prod`` (chunk vacancies × candidates).

    ``prod`` holds matched-unit counts; ``table`` their attributes; ``position`` maps a column
    to an index position. ``reach``: apply the reach test (False when all are relocators).
    ``near``: candidates may live within reach (so may earn distance points). ``skip``: columns
    whose pairs another block already covers (or None).
    """

    prod: Csr
    table: GraduateTable
    position: Callable[[np.ndarray], np.ndarray]
    reach: bool
    near: bool
    skip: npt.NDArray[np.bool_] | None = None

    @property
    def counts(self) -> npt.NDArray[np.int64]:
        return np.diff(self.prod.indptr).astype(np.int64)


def scored(
    vt: VacancyTable,
    row: npt.NDArray[np.int32],
    gt: GraduateTable,
    col: IntArray,
    matched: IntArray,
    position: Callable[[np.ndarray], np.ndarray],
    index: GraduateIndex,
    weights: Weights,
    check: bool = True,
    reach: bool = True,
) -> Matches:
    """Eligible pairs among ``(row, col)`` that may make a top-k, scored.

    Only the total is computed for every eligible pair; the factor breakdown only for the
    pairs that survive the top-k pre-selection.
    """
    if check:
        ok = np.flatnonzero(eligible(vt, row, gt, col, index.geo, reach))
        row, col, matched = row[ok], col[ok], matched[ok]
        del ok
    total = score(vt, row, gt, col, matched, index.geo, weights, parts=False).score
    keep = np.flatnonzero(top_k_candidates(row, total, weights.top_k, len(vt), 100.0))
    row, col, matched = row[keep], col[keep], matched[keep]
    del total, keep
    sc = score(vt, row, gt, col, matched, index.geo, weights)
    return Matches(
        vacancy=row,
        graduate=position(col),
        vacancy_id=vt.ids[row],
        graduate_id=gt.ids[col],
        score=sc.score,
        coverage=sc.coverage,
        vocation=sc.vocation,
        distance=sc.distance,
        recency=sc.recency,
        matched=matched,
    )


def freshest(vt: VacancyTable, index: GraduateIndex, weights: Weights) -> npt.NDArray[np.float64]:
    """Most recency points any indexed graduate can earn on each vacancy's day."""
    days = vt.on.astype(np.int64) - index.max_graduated
    return weights.recency * np.clip(1.0 - days / weights.recency_days, 0.0, 1.0)


def other_points(
    vt: VacancyTable,
    index: GraduateIndex,
    weights: Weights,
    near: bool,
) -> np.ndarray:
    """Bound on vocation + distance + recency points (distance only for ``near`` graduates)."""
    return weights.vocation + (weights.distance if near else 0.0) + freshest(vt, index, weights)
