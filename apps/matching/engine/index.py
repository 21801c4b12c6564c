"""Prepared, reusable structures over graduates and vacancies (built once per run)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from .data import (
    EDUCATION_LEVELS,
    FEMALE,
    MALE,
    Csr,
    Graduates,
    IntArray,
    Regions,
    Vacancies,
    Weights,
    as_csr,
)
from .geo import Geography
from .pairs import GraduateTable, VacancyTable


def spans(start: IntArray, length: IntArray) -> npt.NDArray[np.int64]:
    """Concatenation of ``arange(start[i], start[i] + length[i])`` over i."""
    start = np.asarray(start, dtype=np.int64)
    length = np.asarray(length, dtype=np.int64)
    total = int(length.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offset = np.repeat(start - np.cumsum(length) + length, length)
    return np.arange(total, dtype=np.int64) + offset


def ranges(ptr: npt.NDArray[np.int64], keys: IntArray) -> npt.NDArray[np.int64]:
    """Concatenation of ``arange(ptr[k], ptr[k + 1])`` for each k in ``keys``."""
    keys = np.asarray(keys, dtype=np.int64)
    return spans(ptr[keys], ptr[keys + 1] - ptr[keys])


# Relocators are split by gender and education tier, so that a vacancy is multiplied only
# against the groups it may accept (a women-only D3+ vacancy skips most relocators).
EDUCATION_TIERS = ((0, 1), (2, 2), (3, EDUCATION_LEVELS - 1))  # SD-SMP, SMA/SMK, D1 and up


@dataclass(frozen=True)
class RelocatorGroup:
    """Relocators of one gender and education tier: index positions, attributes, skillsᵀ."""

    positions: npt.NDArray[np.int64]
    table: GraduateTable
    skills_t: Csr  # U × len(positions)
    profiles: int  # (education, gender) profile bits the group covers


@dataclass(frozen=True)
class GraduateIndex:
    """Available graduates, reordered: stayers grouped by domicile regency, then relocators.

    ``rows[i]`` is the caller's ``Graduates`` row of position i. ``stay_ptr[r]..stay_ptr[r+1]``
    are the stayers living in regency r; positions ``n_stay..`` are the relocators, and
    ``reloc_ptr[r]..reloc_ptr[r+1]`` those of them living in regency r; ``reloc_groups``
    splits the relocators by gender and education tier.
    ``unit_t`` (U×n, built on first use) lists, per unit, the positions of graduates holding
    it; only the one-new-vacancy path needs it.
    """

    geo: Geography
    n_units: int
    n_vocations: int
    rows: npt.NDArray[np.int64]
    table: GraduateTable
    skills: Csr
    n_stay: int
    stay_ptr: npt.NDArray[np.int64]
    reloc_ptr: npt.NDArray[np.int64]
    reloc_groups: tuple[RelocatorGroup, ...]
    stay_unit_count: npt.NDArray[np.int64]
    reloc_unit_count: npt.NDArray[np.int64]
    max_graduated: int

    @classmethod
    def build(cls, graduates: Graduates, regions: Regions, weights: Weights) -> GraduateIndex:
        geo = Geography.build(regions, weights.reach_km)
        n_regions = geo.size
        home = graduates.regency
        if home.size and not ((home >= 0).all() and (home < n_regions).all()):
            raise ValueError("Graduates.regency must index the regions")
        avail = np.flatnonzero(graduates.available)
        reloc = graduates.relocate[avail]
        order = np.lexsort((avail, graduates.regency[avail], reloc))
        rows = avail[order]
        n_stay = int((~reloc).sum())
        n_units = graduates.skills.shape[1]
        n_vocations = graduates.vocations.shape[1]
        skills = graduates.skills[rows]
        table = GraduateTable.build(graduates, rows, n_vocations)
        stay_ptr = np.zeros(n_regions + 1, dtype=np.int64)
        np.cumsum(np.bincount(table.regency[:n_stay], minlength=n_regions), out=stay_ptr[1:])
        reloc_ptr = np.full(n_regions + 1, n_stay, dtype=np.int64)
        np.cumsum(np.bincount(table.regency[n_stay:], minlength=n_regions), out=reloc_ptr[1:])
        reloc_ptr[1:] += n_stay
        owner = np.repeat(np.arange(rows.size), np.diff(skills.indptr))
        stay = owner < n_stay
        stay_unit_count = np.bincount(
            table.regency[owner[stay]].astype(np.int64) * n_units + skills.indices[stay],
            minlength=n_regions * n_units,
        ).reshape(n_regions, n_units)
        del owner, stay
        groups = []
        movers = rows[n_stay:]
        for gender in (MALE, FEMALE):
            for low, high in EDUCATION_TIERS:
                edu = graduates.education[movers]
                mine = n_stay + np.flatnonzero(
                    (graduates.gender[movers] == gender) & (edu >= low) & (edu <= high)
                )
                bits = sum(1 << (2 * e + gender) for e in range(low, high + 1))
                groups.append(RelocatorGroup(mine, table.take(mine), as_csr(skills[mine].T), bits))
        return cls(
            geo=geo,
            n_units=n_units,
            n_vocations=n_vocations,
            rows=rows,
            table=table,
            skills=skills,
            n_stay=n_stay,
            stay_ptr=stay_ptr,
            reloc_ptr=reloc_ptr,
            reloc_groups=tuple(groups),
            stay_unit_count=stay_unit_count,
            reloc_unit_count=sum(
                (np.diff(g.skills_t.indptr).astype(np.int64) for g in groups),
                np.zeros(n_units, dtype=np.int64),
            ),
            max_graduated=int(table.graduated.max()) if rows.size else 0,
        )

    def __len__(self) -> int:
        return int(self.rows.shape[0])

    @cached_property
    def unit_t(self) -> Csr:
        return as_csr(self.skills.T)

    def check(self, vacancies: Vacancies, weights: Weights) -> None:
        """Raise ``ValueError`` if vacancies or weights do not fit this index."""
        if weights.reach_km != self.geo.reach_km:
            raise ValueError("weights.reach_km differs from the one the index was built with")
        check_vacancies(vacancies, self.n_units, self.n_vocations, self.geo.size)

    def stayers_near(self, regencies: IntArray) -> npt.NDArray[np.int64]:
        """Positions of the stayers living in the given regencies."""
        return ranges(self.stay_ptr, regencies)


def check_vacancies(vacancies: Vacancies, n_units: int, n_vocations: int, n_regions: int) -> None:
    if vacancies.required.shape[1] != n_units:
        got = vacancies.required.shape[1]
        raise ValueError(f"Vacancies.required has {got} units, not {n_units}")
    if len(vacancies) == 0:
        return
    if vacancies.vocation.min() < 0 or vacancies.vocation.max() >= max(n_vocations, 1):
        raise ValueError("Vacancies.vocation must index the graduates' vocations")
    if vacancies.regency.min() < 0 or vacancies.regency.max() >= n_regions:
        raise ValueError("Vacancies.regency must index the regions")


@dataclass(frozen=True)
class VacancyIndex:
    """Open vacancies prepared for scoring one graduate at a time.

    ``by_regency[reg_ptr[r]:reg_ptr[r+1]]`` are the rows of the vacancies in regency r;
    ``unit_t`` (U×m) lists, per unit, the rows of the vacancies requiring it.
    """

    geo: Geography
    n_units: int
    n_vocations: int
    table: VacancyTable
    by_regency: npt.NDArray[np.int64]
    reg_ptr: npt.NDArray[np.int64]
    unit_t: Csr

    @classmethod
    def build(
        cls, vacancies: Vacancies, regions: Regions, weights: Weights, n_vocations: int
    ) -> VacancyIndex:
        geo = Geography.build(regions, weights.reach_km)
        n_units = vacancies.required.shape[1]
        check_vacancies(vacancies, n_units, n_vocations, geo.size)
        by_regency = np.argsort(vacancies.regency, kind="stable").astype(np.int64)
        reg_ptr = np.zeros(geo.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(vacancies.regency, minlength=geo.size), out=reg_ptr[1:])
        return cls(
            geo=geo,
            n_units=n_units,
            n_vocations=n_vocations,
            table=VacancyTable.build(vacancies),
            by_regency=by_regency,
            reg_ptr=reg_ptr,
            unit_t=as_csr(vacancies.required.T),
        )
