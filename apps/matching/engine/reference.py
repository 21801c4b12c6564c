"""Straightforward reference: the same eligibility and score as plain per-pair Python loops.

Not used in production. The tests check the vectorised engine against it, and the benchmark
times it as "the naive way" (every vacancy against every graduate, one pair at a time).
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .data import ADULT_AGE, ANY_GENDER, Graduates, Vacancies, Weights
from .results import Shortlist

EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class PyGraduate:
    row: int
    id: int
    skills: frozenset[int]
    vocations: frozenset[int]
    gender: int
    birth: dt.date
    education: int
    regency: int
    relocate: bool
    graduated: int
    available: bool


@dataclass(frozen=True)
class PyVacancy:
    row: int
    id: int
    required: frozenset[int]
    vocation: int
    min_education: int
    gender: int
    age_min: int
    age_max: int
    regency: int
    on: dt.date
    on_days: int


def _sets(matrix: object, row: int) -> frozenset[int]:
    indptr, indices = matrix.indptr, matrix.indices  # type: ignore[attr-defined]
    return frozenset(int(u) for u in indices[indptr[row] : indptr[row + 1]])


def python_graduates(graduates: Graduates, rows: Sequence[int] | None = None) -> list[PyGraduate]:
    """Plain Python objects, as a typical portal would load them (one object per graduate)."""
    rows = range(len(graduates)) if rows is None else rows
    return [
        PyGraduate(
            row=int(i),
            id=int(graduates.ids[i]),
            skills=_sets(graduates.skills, i),
            vocations=_sets(graduates.vocations, i),
            gender=int(graduates.gender[i]),
            birth=EPOCH + dt.timedelta(days=int(graduates.birth[i])),
            education=int(graduates.education[i]),
            regency=int(graduates.regency[i]),
            relocate=bool(graduates.relocate[i]),
            graduated=int(graduates.graduated[i]),
            available=bool(graduates.available[i]),
        )
        for i in rows
    ]


def python_vacancies(vacancies: Vacancies, rows: Sequence[int] | None = None) -> list[PyVacancy]:
    rows = range(len(vacancies)) if rows is None else rows
    return [
        PyVacancy(
            row=int(j),
            id=int(vacancies.ids[j]),
            required=_sets(vacancies.required, j),
            vocation=int(vacancies.vocation[j]),
            min_education=int(vacancies.min_education[j]),
            gender=int(vacancies.gender[j]),
            age_min=int(vacancies.age_min[j]),
            age_max=int(vacancies.age_max[j]),
            regency=int(vacancies.regency[j]),
            on=EPOCH + dt.timedelta(days=int(vacancies.on[j])),
            on_days=int(vacancies.on[j]),
        )
        for j in rows
    ]


def age_years(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


Scored = tuple[float, float, float, float, float, int]


def score_pair(
    v: PyVacancy,
    g: PyGraduate,
    distance_km: list[list[float]],
    w: Weights,
) -> Scored | None:
    """``(score, coverage, vocation, distance, recency, matched)`` or None if not eligible."""
    if not g.available:
        return None
    age = age_years(g.birth, v.on)
    if age < ADULT_AGE or age < v.age_min or age > v.age_max:
        return None
    if g.education < v.min_education:
        return None
    if v.gender != ANY_GENDER and g.gender != v.gender:
        return None
    km = distance_km[g.regency][v.regency]
    if km > w.reach_km and not g.relocate:
        return None
    matched = len(v.required & g.skills)
    coverage = w.coverage * matched / len(v.required) if v.required else w.coverage
    vocation = w.vocation if v.vocation in g.vocations else 0.0
    distance = w.distance * max(0.0, 1.0 - km / w.reach_km) if km <= w.reach_km else 0.0
    days = v.on_days - g.graduated
    recency = w.recency * max(0.0, min(1.0, 1.0 - days / w.recency_days))
    total = float(np.float32(coverage + vocation + distance + recency))
    return total, coverage, vocation, distance, recency, matched


def naive_top_k(
    vacancies: list[PyVacancy],
    graduates: list[PyGraduate],
    distance_km: list[list[float]],
    w: Weights,
) -> list[list[tuple[Scored, PyGraduate]]]:
    """For each vacancy, its top-k (score desc, graduate id asc), one pair at a time."""
    out = []
    for v in vacancies:
        found = []
        for g in graduates:
            s = score_pair(v, g, distance_km, w)
            if s is not None:
                found.append((s, g))
        out.append(heapq.nsmallest(w.top_k, found, key=lambda t: (-t[0][0], t[1].id)))
    return out


def naive_shortlist(
    graduates: Graduates,
    vacancies: Vacancies,
    distance_km: npt.NDArray[np.float32],
    w: Weights,
) -> Shortlist:
    """The reference shortlist as a ``Shortlist`` (for comparison with the engine)."""
    dist = [[float(x) for x in row] for row in distance_km]
    vs = python_vacancies(vacancies)
    rows: list[tuple[int, int, int, int, int, Scored]] = []
    for v, top in zip(vs, naive_top_k(vs, python_graduates(graduates), dist, w), strict=True):
        rows += [(v.row, g.row, v.id, g.id, rank, s) for rank, (s, g) in enumerate(top, 1)]
    if not rows:
        return Shortlist.empty()
    cols = list(zip(*rows, strict=True))
    parts = list(zip(*cols[5], strict=True))
    return Shortlist(
        vacancy=np.array(cols[0]), graduate=np.array(cols[1]), vacancy_id=np.array(cols[2]),
        graduate_id=np.array(cols[3]), score=np.array(parts[0]), coverage=np.array(parts[1]),
        vocation=np.array(parts[2]), distance=np.array(parts[3]), recency=np.array(parts[4]),
        matched=np.array(parts[5]), rank=np.array(cols[4]),
    )  # fmt: skip
