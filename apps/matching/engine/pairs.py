"""Per-pair eligibility and score, vectorised over arrays of (vacancy, graduate) pairs.

Every path (batch, incremental, fallback) scores pairs with these two functions, so a pair
gets bit-for-bit the same score whichever path computed it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import numpy.typing as npt

from .data import ANY_GENDER, EDUCATION_LEVELS, Graduates, IntArray, Vacancies, Weights
from .dates import birth_window
from .geo import Geography


def _take(obj: Any, idx: Any) -> Any:
    return type(obj)(**{f.name: getattr(obj, f.name)[idx] for f in fields(obj)})


@dataclass(frozen=True)
class GraduateTable:
    """Graduate attributes laid out for pair gathers (one row per graduate)."""

    ids: npt.NDArray[np.int64]
    birth: npt.NDArray[np.int32]
    profile: npt.NDArray[np.uint32]  # bit 2·education + gender
    regency: npt.NDArray[np.int32]
    relocate: npt.NDArray[np.bool_]
    graduated: npt.NDArray[np.int32]
    vocation_bits: npt.NDArray[np.uint64]  # (n, words): bit v of word v // 64

    @classmethod
    def build(cls, graduates: Graduates, rows: IntArray, n_vocations: int) -> GraduateTable:
        rows = np.asarray(rows, dtype=np.int64)
        voc = graduates.vocations[rows] if rows.size else graduates.vocations[:0]
        words = max(1, -(-max(n_vocations, voc.shape[1]) // 64))
        owner = np.repeat(np.arange(rows.size), np.diff(voc.indptr))
        cols = voc.indices.astype(np.int64)
        bits = np.zeros((rows.size, words), dtype=np.uint64)
        one_bit = np.left_shift(np.uint64(1), (cols & 63).astype(np.uint64))
        np.bitwise_or.at(bits, (owner, cols >> 6), one_bit)
        return cls(
            ids=graduates.ids[rows],
            birth=graduates.birth[rows],
            profile=np.left_shift(
                1, 2 * graduates.education[rows].astype(np.int64) + graduates.gender[rows]
            ).astype(np.uint32),
            regency=graduates.regency[rows],
            relocate=graduates.relocate[rows],
            graduated=graduates.graduated[rows],
            vocation_bits=bits,
        )

    def take(self, idx: Any) -> GraduateTable:
        return _take(self, idx)

    def __len__(self) -> int:
        return int(self.ids.shape[0])


def _allowed_profiles(min_education: IntArray, gender: IntArray) -> npt.NDArray[np.uint32]:
    """Bit mask of the (education, gender) profiles each vacancy accepts."""
    per_gender = np.where(gender == ANY_GENDER, 3, 1 << np.maximum(gender, 0)).astype(np.uint64)
    mask = np.zeros(np.shape(gender), dtype=np.uint64)
    for edu in range(EDUCATION_LEVELS):
        ok = np.asarray(min_education) <= edu
        mask |= np.where(ok, per_gender << np.uint64(2 * edu), np.uint64(0))
    return mask.astype(np.uint32)


@dataclass(frozen=True)
class VacancyTable:
    """Vacancy attributes laid out for pair gathers (one row per vacancy)."""

    ids: npt.NDArray[np.int64]
    birth_lo: npt.NDArray[np.int32]
    birth_hi: npt.NDArray[np.int32]
    allowed: npt.NDArray[np.uint32]  # graduate profiles (education, gender) accepted
    regency: npt.NDArray[np.int32]
    vocation_word: npt.NDArray[np.int32]
    vocation_bit: npt.NDArray[np.uint64]
    n_required: npt.NDArray[np.int32]
    on: npt.NDArray[np.int32]

    @classmethod
    def build(cls, vacancies: Vacancies, rows: IntArray | None = None) -> VacancyTable:
        idx = np.arange(len(vacancies)) if rows is None else np.asarray(rows, dtype=np.int64)
        lo, hi = birth_window(vacancies.on[idx], vacancies.age_min[idx], vacancies.age_max[idx])
        i32 = np.iinfo(np.int32)
        gender = vacancies.gender[idx]
        voc = vacancies.vocation[idx].astype(np.int64)
        return cls(
            ids=vacancies.ids[idx],
            birth_lo=np.clip(lo, i32.min, i32.max).astype(np.int32),
            birth_hi=np.clip(hi, i32.min, i32.max).astype(np.int32),
            allowed=_allowed_profiles(vacancies.min_education[idx], gender),
            regency=vacancies.regency[idx],
            vocation_word=(voc >> 6).astype(np.int32),
            vocation_bit=np.left_shift(np.uint64(1), (voc & 63).astype(np.uint64)),
            n_required=np.diff(vacancies.required.indptr)[idx].astype(np.int32),
            on=vacancies.on[idx],
        )

    def take(self, idx: Any) -> VacancyTable:
        return _take(self, idx)

    def __len__(self) -> int:
        return int(self.ids.shape[0])


def eligible(
    vt: VacancyTable,
    v: IntArray,
    gt: GraduateTable,
    g: IntArray,
    geo: Geography,
    reach: bool = True,
) -> npt.NDArray[np.bool_]:
    """Hard filters for pairs ``(v[i], g[i])``: age window (18+), education, gender, reach.

    ``reach=False`` skips the reach test (for relocators only). Availability is applied when
    the graduate table is built.
    """
    b = gt.birth[g]
    ok = b >= vt.birth_lo[v]
    ok &= b <= vt.birth_hi[v]
    del b
    ok &= (gt.profile[g] & vt.allowed[v]) != 0
    if reach:
        ok &= (geo.factor[gt.regency[g] * geo.size + vt.regency[v]] >= 0) | gt.relocate[g]
    return ok


@dataclass(frozen=True)
class Scores:
    """Score of each pair and each factor's contribution (points out of 100)."""

    score: npt.NDArray[np.float32]
    coverage: npt.NDArray[np.float32]
    vocation: npt.NDArray[np.float32]
    distance: npt.NDArray[np.float32]
    recency: npt.NDArray[np.float32]


def score(
    vt: VacancyTable,
    v: IntArray,
    gt: GraduateTable,
    g: IntArray,
    matched: IntArray,
    geo: Geography,
    weights: Weights,
    parts: bool = True,
) -> Scores:
    """Score pairs; ``matched[i]`` = number of required units of ``v[i]`` that ``g[i]`` holds.

    coverage = w_cov·matched/required (w_cov when nothing is required); vocation = w_voc if the
    graduate holds the vacancy's vocation; distance = w_dist·(1 - km/reach) within reach, else 0;
    recency = w_rec·clip(1 - days since graduation on the vacancy's day / horizon, 0, 1).
    The total is summed in float64 in that order and rounded once to float32. With
    ``parts=False`` only ``score`` is filled (the parts are empty arrays).
    """
    nreq = vt.n_required[v]
    cov = np.asarray(matched, dtype=np.float64) * weights.coverage
    cov /= np.maximum(nreq, 1)
    if not nreq.all():
        cov[nreq == 0] = weights.coverage
    del nreq
    bits = gt.vocation_bits
    if bits.shape[1] == 1:
        held = bits[:, 0][g]
    else:
        held = bits.ravel()[np.asarray(g, dtype=np.int64) * bits.shape[1] + vt.vocation_word[v]]
    voc = ((held & vt.vocation_bit[v]) != 0) * weights.vocation
    del held
    dist = geo.factor[gt.regency[g] * geo.size + vt.regency[v]]
    np.maximum(dist, 0.0, out=dist)
    dist *= weights.distance
    rec = (vt.on[v].astype(np.int64) - gt.graduated[g]) / weights.recency_days
    np.subtract(1.0, rec, out=rec)
    np.clip(rec, 0.0, 1.0, out=rec)
    rec *= weights.recency
    total = cov + voc
    total += dist
    total += rec
    if not parts:
        empty = np.zeros(0, dtype=np.float32)
        return Scores(total.astype(np.float32), empty, empty, empty, empty)
    return Scores(
        score=total.astype(np.float32),
        coverage=cov.astype(np.float32),
        vocation=voc.astype(np.float32),
        distance=dist.astype(np.float32),
        recency=rec.astype(np.float32),
    )


def explain(skills: IntArray, required: IntArray) -> tuple[np.ndarray, np.ndarray]:
    """Unit indices of ``required`` that the graduate holds (matched) and lacks (missing)."""
    skills = np.asarray(skills, dtype=np.int64)
    required = np.unique(np.asarray(required, dtype=np.int64))
    held = np.isin(required, skills)
    return required[held], required[~held]
