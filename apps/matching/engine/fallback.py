"""Graduates sharing no required unit: added where a vacancy's k-th score is low enough.

Such a graduate scores at most vocation + distance + recency points, and one living out of
reach at most vocation + recency points, so only vacancies whose k-th score does not exceed
those bounds need them.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .data import Weights
from .index import GraduateIndex, ranges, spans
from .pairs import VacancyTable, eligible
from .results import Matches
from .scan import Block, other_points, scored

MARGIN = 1e-3  # points; covers float rounding in the bounds


def needs_dense(
    kth: np.ndarray, vt: VacancyTable, index: GraduateIndex, w: Weights
) -> tuple[np.ndarray, np.ndarray]:
    """(vacancies needing only graduates within reach re-checked, those needing all), given
    a lower bound ``kth`` on each vacancy's k-th score among graduates sharing a unit."""
    far = other_points(vt, index, w, near=False) + MARGIN
    near = other_points(vt, index, w, near=True) + MARGIN
    return np.flatnonzero((kth > far) & (kth <= near)), np.flatnonzero(kth <= far)


def dense_near(
    index: GraduateIndex,
    vt: VacancyTable,
    rows: npt.NDArray[np.int64],
    block: Block,
    ptr: npt.NDArray[np.int64],
    local_start: npt.NDArray[np.int64],
    weights: Weights,
) -> Matches:
    """Eligible pairs (vacancy in ``rows``, graduate living within its reach) sharing no unit.

    ``ptr`` delimits the graduates of each regency in the index; ``local_start[r]`` is where
    regency r's graduates start among the columns of ``block``.
    """
    geo = index.geo
    reg = vt.regency[rows].astype(np.int64)
    near = geo.near[ranges(geo.near_ptr, reg)].astype(np.int64)
    owner = np.repeat(np.arange(rows.size), geo.near_ptr[reg + 1] - geo.near_ptr[reg])
    length = ptr[near + 1] - ptr[near]
    col = spans(local_start[near], length)
    owner = np.repeat(owner, length)
    none = np.flatnonzero(block.prod[rows].toarray()[owner, col] == 0)
    owner, col = owner[none], col[none]
    return scored(
        vt, rows[owner].astype(np.int32), block.table, col, np.zeros(col.size, dtype=np.int16),
        block.position, index, weights,
    )  # fmt: skip


def dense_all(
    index: GraduateIndex,
    vt: VacancyTable,
    rows: npt.NDArray[np.int64],
    block: Block,
    weights: Weights,
) -> Matches:
    """Eligible pairs (vacancy in ``rows``, any relocator of ``block``) sharing no unit."""
    v2 = rows.astype(np.int32)[:, None]
    cols = np.arange(len(block.table), dtype=np.int32)[None, :]
    ok = eligible(vt, v2, block.table, cols, index.geo, reach=False)
    ok &= block.prod[rows].toarray() == 0
    fi, col = np.nonzero(ok)
    del ok
    return scored(
        vt, rows.astype(np.int32)[fi], block.table, col, np.zeros(col.size, dtype=np.int16),
        block.position, index, weights, check=False,
    )  # fmt: skip
