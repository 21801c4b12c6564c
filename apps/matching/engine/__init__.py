"""Matching engine: pure NumPy/SciPy functions over arrays (no Django, no ORM).

The Django layer indexes competency units 0..U-1, vocations 0..V-1 and regencies 0..R-1,
loads rows into the input dataclasses, calls these functions and persists the results.
Dates are day numbers (days since 1970-01-01, ``int32``).

Inputs (``data.py``; arrays are coerced to the dtypes shown)
    ``Regions(lat, lon)``                 float64[R] regency centroids (degrees)
    ``Graduates(ids, skills, vocations, gender, birth, education, regency, relocate,
    graduated, available)``               int64 ids; CSR n×U units held; CSR n×V vocations of
                                          graduated programmes; int8 gender 0=L 1=P; int32
                                          birth; int8 education rank (``EDUCATION_RANK``:
                                          SD 0 < SMP 1 < SMA=SMK 2 < D1 3 < D2 4 < D3 5 <
                                          D4=S1 6 < S2 7 < S3 8); int32 domicile regency; bool
                                          relocate; int32 latest graduation; bool available
                                          (False: hired, consent withdrawn, objected, ...)
    ``Vacancies(ids, required, vocation, min_education, gender, age_min, age_max, regency,
    headcount, on)``                      int64 ids; CSR m×U required units; int32 vocation;
                                          int8 min education rank; int8 gender -1 any/0 L/1 P;
                                          int16 inclusive ages on day ``on`` (int32; use 150
                                          for "no maximum"); int32 work regency; int32 places
    ``Weights(coverage=70, vocation=10, distance=10, recency=10, reach_km=60, top_k=50,
    recency_days=730)``                   frozen settings; weights sum to 100

Eligibility: available; exact age (calendar-correct, leap days) within [age_min, age_max]
and >= 18 on day ``on``; education >= minimum; gender if set; centroid distance <= reach_km
or willing to relocate. Score 0..100 = coverage·|required ∩ held|/|required| (full when
nothing is required) + vocation if held + distance·(1 - km/reach) within reach (0 beyond)
+ recency·clip(1 - days since graduation on ``on`` / recency_days, 0, 1).

Batch (national, province, or any subset of vacancies)
    ``index = GraduateIndex.build(graduates, regions, weights)``   once per run
    ``shortlist(index, vacancies, weights, rows=None, *, chunk_work=6_000_000, workers=1,
    progress=None) -> Shortlist``          top-k per vacancy (ties: lower graduate id)
    ``concat_shortlists([...]) -> Shortlist``   join per-province results (equal to one run)
Incremental (same scores as the batch, bit for bit)
    ``match_vacancy(index, vacancies, row, weights) -> Shortlist``   one new vacancy
    ``vindex = VacancyIndex.build(vacancies, regions, weights, n_vocations)``
    ``match_graduate(vindex, graduates, row, weights) -> Matches``  every vacancy the graduate
                                          is eligible for, best first
    ``merge_shortlists(base, extra, k) -> Shortlist``   fold new pairs into a shortlist
Allocation
    ``allocate(matches, headcount) -> bool[len(matches)]``   optimal plan (min-cost flow):
                                          ≤ headcount[v] per vacancy row, ≤ 1 per graduate,
                                          maximum total score (to 1/``SCORE_SCALE`` point)
Explanation
    ``explain(held_unit_indices, required_unit_indices) -> (matched, missing)``

Results (``results.py``): ``Matches`` = flat parallel arrays ``vacancy``/``graduate`` (row
indices into the caller's inputs), ``vacancy_id``/``graduate_id``, ``score``, ``coverage``,
``vocation``, ``distance``, ``recency`` (float32 points), ``matched`` (int32 units held);
``Shortlist`` adds ``rank`` (1 = best) and is sorted by (vacancy, rank).

``reference.py`` is the plain per-pair Python implementation the tests compare against.
"""

from .allocation import SCORE_SCALE, allocate, plan_score
from .batch import DEFAULT_CHUNK_WORK, plan_chunks, shortlist
from .data import (
    ADULT_AGE,
    ANY_GENDER,
    EDUCATION_RANK,
    FEMALE,
    MALE,
    Graduates,
    Regions,
    Vacancies,
    Weights,
)
from .dates import age_on, birth_window
from .geo import Geography, haversine_km
from .incremental import match_graduate, match_vacancy
from .index import GraduateIndex, VacancyIndex
from .pairs import explain
from .results import Matches, Shortlist, concat_shortlists, merge_shortlists, rank_top_k

__all__ = [
    "ADULT_AGE",
    "ANY_GENDER",
    "DEFAULT_CHUNK_WORK",
    "EDUCATION_RANK",
    "FEMALE",
    "MALE",
    "SCORE_SCALE",
    "Geography",
    "GraduateIndex",
    "Graduates",
    "Matches",
    "Regions",
    "Shortlist",
    "Vacancies",
    "VacancyIndex",
    "Weights",
    "age_on",
    "allocate",
    "birth_window",
    "concat_shortlists",
    "explain",
    "haversine_km",
    "match_graduate",
    "match_vacancy",
    "merge_shortlists",
    "plan_chunks",
    "plan_score",
    "rank_top_k",
    "shortlist",
]
