"""Synthetic graduates and vacancies shaped like the portal's data, for the matching benchmark.

Regencies: ``bench/regencies.csv`` is copied from shared/data (Kemendagri codes as compiled in
cahyadsn/wilayah, centroids from D1msky/nusantara-shipping; both MIT-licensed).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from apps.matching.engine import Graduates, Regions, Vacancies
from apps.matching.engine.data import as_csr

REGENCIES_CSV = Path(__file__).with_name("regencies.csv")
JAVA = {"31", "32", "33", "34", "35", "36"}
TODAY = (dt.date(2026, 12, 1) - dt.date(1970, 1, 1)).days
N_UNITS, N_VOCATIONS = 2000, 20
PER_VOCATION = N_UNITS // N_VOCATIONS
EDUCATION_P = [0.04, 0.18, 0.52, 0.03, 0.02, 0.08, 0.11, 0.015, 0.005]  # SD .. S3


@dataclass(frozen=True)
class World:
    regions: Regions
    province: np.ndarray  # province code (int) of each regency
    graduates: Graduates
    vacancies: Vacancies


def load_regencies() -> tuple[Regions, np.ndarray, np.ndarray]:
    """Regions, province code and Java flag of the 514 regencies."""
    with REGENCIES_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    regions = Regions(
        lat=np.array([float(r["latitude"]) for r in rows]),
        lon=np.array([float(r["longitude"]) for r in rows]),
    )
    province = np.array([int(r["province_code"]) for r in rows])
    java = np.array([r["province_code"] in JAVA for r in rows])
    return regions, province, java


def _units(rng: np.random.Generator, voc: np.ndarray, lo: int, hi: int, own: float) -> sp.csr_array:
    """Each row gets lo..hi units, a share ``own`` from its vocation (core units more often).

    Generated in batches of rows to keep memory low; duplicates are merged by ``as_csr``.
    """
    n = voc.size
    count = rng.integers(lo, hi + 1, n).astype(np.int64)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(count, out=indptr[1:])
    indices = np.empty(int(indptr[-1]), dtype=np.int32)
    batch = 100_000
    for start in range(0, n, batch):
        stop = min(start + batch, n)
        a, b = indptr[start], indptr[stop]
        owner = np.repeat(voc[start:stop].astype(np.int32), count[start:stop])
        inside = rng.random(b - a, dtype=np.float32) < own
        core = (PER_VOCATION * rng.random(b - a, dtype=np.float32) ** 1.5).astype(np.int32)
        indices[a:b] = np.where(
            inside, owner * PER_VOCATION + np.minimum(core, PER_VOCATION - 1),
            rng.integers(0, N_UNITS, b - a, dtype=np.int32),
        )  # fmt: skip
    data = np.ones(indices.size, np.int16)
    return as_csr(sp.csr_array((data, indices, indptr), shape=(n, N_UNITS)))


def _regency_weights(
    rng: np.random.Generator, java: np.ndarray, java_factor: float, sigma: float
) -> np.ndarray:
    w = np.where(java, java_factor, 1.0) * rng.lognormal(0.0, sigma, java.size)
    return w / w.sum()


def make_graduates(rng: np.random.Generator, n: int, java: np.ndarray) -> Graduates:
    voc_p = rng.dirichlet(np.full(N_VOCATIONS, 2.0))
    voc = rng.choice(N_VOCATIONS, n, p=voc_p)
    second = rng.random(n) < 0.08
    voc2 = np.where(second, rng.integers(0, N_VOCATIONS, n), voc)
    vrows = np.repeat(np.arange(n), 2)
    vocations = sp.csr_array(
        (np.ones(2 * n, np.int16), (vrows, np.column_stack([voc, voc2]).ravel())),
        shape=(n, N_VOCATIONS),
    )
    age = 17 + np.minimum(28.0, rng.gamma(2.0, 3.5, n)) + rng.random(n)
    return Graduates(
        ids=rng.permutation(n).astype(np.int64) + 1_000_000,
        skills=_units(rng, voc, 5, 30, 0.8),
        vocations=vocations,
        gender=(rng.random(n) < 0.42).astype(np.int8),
        birth=(TODAY - np.round(age * 365.25)).astype(np.int32),
        education=rng.choice(len(EDUCATION_P), n, p=EDUCATION_P).astype(np.int8),
        regency=rng.choice(java.size, n, p=_regency_weights(rng, java, 4.0, 0.5)).astype(np.int32),
        relocate=rng.random(n) < 0.12,
        graduated=(TODAY - rng.integers(0, 1100, n)).astype(np.int32),
        available=rng.random(n) < 0.92,
    )


def make_vacancies(rng: np.random.Generator, m: int, java: np.ndarray) -> Vacancies:
    voc_p = rng.dirichlet(np.full(N_VOCATIONS, 2.0))
    voc = rng.choice(N_VOCATIONS, m, p=voc_p)
    headcount = 1 + np.floor(rng.lognormal(0.3, 1.1, m))
    return Vacancies(
        ids=np.arange(1, m + 1, dtype=np.int64),
        required=_units(rng, voc, 3, 15, 0.85),
        vocation=voc.astype(np.int32),
        min_education=rng.choice([1, 2, 5, 6], m, p=[0.25, 0.55, 0.12, 0.08]).astype(np.int8),
        gender=rng.choice([-1, 0, 1], m, p=[0.7, 0.18, 0.12]).astype(np.int8),
        age_min=rng.choice([18, 18, 18, 20, 21], m).astype(np.int16),
        age_max=rng.choice([25, 27, 30, 35, 40, 45, 55], m).astype(np.int16),
        regency=rng.choice(java.size, m, p=_regency_weights(rng, java, 6.0, 1.0)).astype(np.int32),
        headcount=np.minimum(headcount, 200).astype(np.int32),
        on=np.full(m, TODAY, dtype=np.int32),
    )


def make_world(n_graduates: int, n_vacancies: int, seed: int = 0) -> World:
    """Deterministic synthetic data set for a seed."""
    rng = np.random.default_rng(seed)
    regions, province, java = load_regencies()
    graduates = make_graduates(rng, n_graduates, java)
    vacancies = make_vacancies(rng, n_vacancies, java)
    return World(regions=regions, province=province, graduates=graduates, vacancies=vacancies)
