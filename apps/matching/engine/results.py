"""Results: scored pairs (``Matches``) and ranked shortlists (``Shortlist``), as flat arrays."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from .data import IntArray

T = TypeVar("T", bound="Matches")

_DTYPES: dict[str, type] = {
    "vacancy": np.int32, "graduate": np.int32, "vacancy_id": np.int64, "graduate_id": np.int64,
    "score": np.float32, "coverage": np.float32, "vocation": np.float32,
    "distance": np.float32, "recency": np.float32, "matched": np.int32, "rank": np.int32,
}  # fmt: skip


@dataclass(frozen=True)
class Matches:
    """Scored eligible pairs. ``vacancy``/``graduate`` are row indices into the caller's
    ``Vacancies``/``Graduates``; ``score`` = coverage + vocation + distance + recency points
    (summed in float64, then rounded); ``matched`` = number of required units held."""

    vacancy: npt.NDArray[np.int32]
    graduate: npt.NDArray[np.int32]
    vacancy_id: npt.NDArray[np.int64]
    graduate_id: npt.NDArray[np.int64]
    score: npt.NDArray[np.float32]
    coverage: npt.NDArray[np.float32]
    vocation: npt.NDArray[np.float32]
    distance: npt.NDArray[np.float32]
    recency: npt.NDArray[np.float32]
    matched: npt.NDArray[np.int32]

    def __post_init__(self) -> None:
        n = None
        for f in fields(self):
            a = np.ascontiguousarray(getattr(self, f.name), dtype=_DTYPES[f.name])
            if a.ndim != 1 or (n is not None and a.shape[0] != n):
                raise ValueError(f"{type(self).__name__}.{f.name}: bad shape {a.shape}")
            n = a.shape[0]
            object.__setattr__(self, f.name, a)

    def __len__(self) -> int:
        return int(self.vacancy.shape[0])

    @classmethod
    def empty(cls: type[T]) -> T:
        return cls(**{f.name: np.zeros(0, dtype=_DTYPES[f.name]) for f in fields(cls)})

    def take(self: T, idx: Any) -> T:
        return type(self)(**{f.name: getattr(self, f.name)[idx] for f in fields(self)})

    def order(self) -> npt.NDArray[np.int64]:
        """Indices sorting pairs by vacancy row, best score first, then lowest graduate id."""
        bits = (self.score + np.float32(0)).view(np.int32).astype(np.int64)  # no -0.0
        bits = np.where(bits < 0, bits ^ 0x7FFFFFFF, bits)  # float order as integers
        key = (self.vacancy.astype(np.int64) << 32) | (0x7FFFFFFF - bits)
        return np.lexsort((self.graduate_id, key)).astype(np.int64)


@dataclass(frozen=True)
class Shortlist(Matches):
    """Top-k pairs per vacancy, sorted by (vacancy row, rank); ``rank`` starts at 1."""

    rank: npt.NDArray[np.int32]


def concat(parts: Sequence[T], cls: type[T]) -> T:
    """Concatenate results of the same type field by field (no re-sorting)."""
    if not parts:
        return cls.empty()
    return cls(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)})


def rank_top_k(matches: Matches, k: int) -> Shortlist:
    """Keep each vacancy's ``k`` best pairs (score desc, graduate id asc) and number them."""
    if len(matches) == 0:
        return Shortlist.empty()
    order = matches.order()
    vac = matches.vacancy[order]
    start = np.flatnonzero(np.r_[True, vac[1:] != vac[:-1]])
    pos = np.arange(vac.shape[0]) - np.repeat(start, np.diff(np.r_[start, vac.shape[0]]))
    keep = pos < k
    kept = matches.take(order[keep])
    values = {f.name: getattr(kept, f.name) for f in fields(Matches)}
    return Shortlist(**values, rank=pos[keep] + 1)


def concat_shortlists(parts: Sequence[Shortlist]) -> Shortlist:
    """Join shortlists of disjoint vacancy sets (e.g. one per province) into one, sorted.

    Builds one field at a time, so the extra memory is the result plus one field.
    """
    parts = [p for p in parts if len(p)]
    if not parts:
        return Shortlist.empty()
    width = max(int(p.rank.max()) for p in parts) + 1
    key = np.concatenate([p.vacancy.astype(np.int64) * width + p.rank for p in parts])
    order = np.argsort(key, kind="stable")
    del key
    return Shortlist(**{f.name: _joined(parts, f.name)[order] for f in fields(Shortlist)})


def _joined(parts: Sequence[Matches], name: str) -> np.ndarray:
    return np.concatenate([getattr(p, name) for p in parts])


def merge_shortlists(base: Shortlist, extra: Matches, k: int) -> Shortlist:
    """Add newly scored pairs (e.g. from ``match_graduate``) to a shortlist and re-rank top-k.

    A pair present in both (same vacancy and graduate ids) takes ``extra``'s score. Vacancy
    rows must refer to the same ``Vacancies``; graduate rows are carried over as given.
    """
    fresh = Matches(**{f.name: getattr(extra, f.name) for f in fields(Matches)})
    old = Matches(**{f.name: getattr(base, f.name) for f in fields(Matches)})
    if len(fresh) and len(old):
        pairs = [np.stack([x.vacancy_id, x.graduate_id], axis=1) for x in (old, fresh)]
        keys = np.concatenate(pairs)
        _, code = np.unique(keys, axis=0, return_inverse=True)
        code = code.ravel()
        old = old.take(~np.isin(code[: len(old)], code[len(old) :]))
    return rank_top_k(concat([old, fresh], Matches), k)


SCORE_BINS = 1024  # finest score histogram of the top-k pre-selection


def top_k_threshold(
    row: IntArray, score: npt.NDArray[np.float32], k: int, n_rows: int, max_score: float
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """Cheap pre-selection: a mask keeping at least every row's ``k`` best pairs, and for each
    of the ``n_rows`` rows a lower bound on its k-th best score (-inf if it has fewer than k).

    Scores are binned per row; for each row the highest bin whose count from the top reaches
    ``k`` is found, and only pairs in that bin or above are kept (O(pairs), no sort).
    """
    row = np.asarray(row, dtype=np.int64)
    present = None
    if n_rows * SCORE_BINS > 4 * row.size:  # few pairs: histogram only the rows present
        if row.size == 0 or bool((row[1:] >= row[:-1]).all()):
            start = np.r_[True, row[1:] != row[:-1]] if row.size else np.zeros(0, dtype=bool)
            present, row = row[start], np.cumsum(start) - 1
        else:
            present, row = np.unique(row, return_inverse=True)
    size = n_rows if present is None else present.size
    bins = int(np.clip(row.size // max(4 * size, 1), 64, SCORE_BINS))  # histogram ≤ pairs / 4
    scale = np.float32((bins - 1) / max_score)
    b = np.minimum((score * scale).astype(np.int32), bins - 1)
    hist = np.bincount(row * bins + b, minlength=size * bins).reshape(size, bins)
    from_top = np.cumsum(hist[:, ::-1], axis=1)[:, ::-1]
    reached = (from_top >= k).sum(axis=1) - 1
    keep = b >= np.maximum(reached, 0)[row]
    # bin b holds scores >= b / scale (float32 rounding can only lower a pair's bin)
    bound = np.where(reached >= 0, reached / float(scale) - 1e-3, -np.inf)
    if present is None:
        return keep, bound
    kth = np.full(n_rows, -np.inf)
    kth[present] = bound
    return keep, kth


def top_k_candidates(
    row: IntArray, score: npt.NDArray[np.float32], k: int, n_rows: int, max_score: float
) -> npt.NDArray[np.bool_]:
    """The mask of ``top_k_threshold``."""
    return top_k_threshold(row, score, k, n_rows, max_score)[0]
