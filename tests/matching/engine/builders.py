"""Small hand-made and random inputs for the matching-engine tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import scipy.sparse as sp

from apps.matching.engine import EDUCATION_RANK, Graduates, Regions, Vacancies

EPOCH = dt.date(1970, 1, 1)
ON = "2026-06-15"
N_UNITS = 12
N_VOCATIONS = 3
# Four regencies on the equator: B is ~33 km from A, C ~67 km, D is far away.
REGIONS = Regions(lat=[0.0, 0.0, 0.0, 5.0], lon=[0.0, 0.3, 0.6, 5.0])
A, B, C, D = range(4)


def day(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - EPOCH).days


def _matrix(lists: list[list[int]], width: int) -> sp.csr_array:
    rows = [i for i, units in enumerate(lists) for _ in units]
    cols = [u for units in lists for u in units]
    data = np.ones(len(cols), dtype=np.int16)
    return sp.csr_array((data, (rows, cols)), shape=(len(lists), width))


def graduates(*rows: dict[str, Any]) -> Graduates:
    """Graduates from dicts; unspecified fields get an eligible default (aged 25, SMA, in A)."""
    base = {
        "skills": [], "vocations": [0], "gender": "L", "birth": "2001-01-01",
        "education": "SMA", "regency": A, "relocate": False, "graduated": ON, "available": True,
    }  # fmt: skip
    full = [{**base, "id": i + 1, **r} for i, r in enumerate(rows)]
    return Graduates(
        ids=[r["id"] for r in full],
        skills=_matrix([r["skills"] for r in full], N_UNITS),
        vocations=_matrix([r["vocations"] for r in full], N_VOCATIONS),
        gender=[{"L": 0, "P": 1}[r["gender"]] for r in full],
        birth=[day(r["birth"]) for r in full],
        education=[EDUCATION_RANK[r["education"]] for r in full],
        regency=[r["regency"] for r in full],
        relocate=[r["relocate"] for r in full],
        graduated=[day(r["graduated"]) for r in full],
        available=[r["available"] for r in full],
    )


def vacancies(*rows: dict[str, Any]) -> Vacancies:
    """Vacancies from dicts; defaults: requires nothing, any gender, 18-35, SMP, in A."""
    base = {
        "required": [], "vocation": 0, "min_education": "SMP", "gender": None,
        "age_min": 18, "age_max": 35, "regency": A, "headcount": 1, "on": ON,
    }  # fmt: skip
    full = [{**base, "id": 100 + i, **r} for i, r in enumerate(rows)]
    return Vacancies(
        ids=[r["id"] for r in full],
        required=_matrix([r["required"] for r in full], N_UNITS),
        vocation=[r["vocation"] for r in full],
        min_education=[EDUCATION_RANK[r["min_education"]] for r in full],
        gender=[{None: -1, "L": 0, "P": 1}[r["gender"]] for r in full],
        age_min=[r["age_min"] for r in full],
        age_max=[r["age_max"] for r in full],
        regency=[r["regency"] for r in full],
        headcount=[r["headcount"] for r in full],
        on=[day(r["on"]) for r in full],
    )


def random_world(
    seed: int, n: int, m: int, n_regions: int = 6, n_units: int = 8, n_vocations: int = 3
) -> tuple[Regions, Graduates, Vacancies]:
    """Random small data with many ties and every filter active (regencies ~0-150 km apart)."""
    rng = np.random.default_rng(seed)
    regions = Regions(lat=rng.uniform(-0.6, 0.6, n_regions), lon=rng.uniform(-0.6, 0.6, n_regions))
    on = day(ON)
    grads = Graduates(
        ids=rng.permutation(n) * 7 + 3,
        skills=sp.csr_array(rng.random((n, n_units)) < 0.35),
        vocations=sp.csr_array(rng.random((n, n_vocations)) < 0.4),
        gender=rng.integers(0, 2, n),
        birth=on - rng.integers(15 * 365, 46 * 365, n),
        education=rng.integers(0, 9, n),
        regency=rng.integers(0, n_regions, n),
        relocate=rng.random(n) < 0.3,
        graduated=on - rng.choice([0, 100, 365, 730, 900], n),
        available=rng.random(n) < 0.9,
    )
    vacs = Vacancies(
        ids=rng.permutation(m) + 500,
        required=sp.csr_array(rng.random((m, n_units)) < 0.3),
        vocation=rng.integers(0, n_vocations, m),
        min_education=rng.integers(0, 7, m),
        gender=rng.integers(-1, 2, m),
        age_min=rng.integers(15, 25, m),
        age_max=rng.integers(22, 45, m),
        regency=rng.integers(0, n_regions, m),
        headcount=rng.integers(0, 4, m),
        on=on + rng.integers(-400, 400, m),
    )
    return regions, grads, vacs
