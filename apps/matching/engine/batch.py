"""Batch shortlists: vacancies × indexed graduates, blocked by reach and chunked.

Vacancies are grouped by work regency, regencies visited along a Hilbert curve so that a
chunk's regencies lie close together, and chunks cut so that each does a bounded amount of
sparse work (which bounds memory). A chunk's candidates are the graduates living within reach
of any of its regencies plus every relocator; ``chunk.chunk_shortlist`` does the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from .chunk import chunk_shortlist
from .data import Csr, IntArray, Vacancies, Weights
from .index import GraduateIndex
from .pairs import VacancyTable
from .results import Shortlist, concat_shortlists

DEFAULT_CHUNK_WORK = 6_000_000  # sparse multiply-adds (≈ pairs) per chunk: bounds memory


@dataclass(frozen=True)
class Chunk:
    """Vacancy positions (into the processed subset) and the regencies of their stayers."""

    vacancies: npt.NDArray[np.int64]
    regencies: npt.NDArray[np.int64]


def plan_chunks(index: GraduateIndex, vt: VacancyTable, req: Csr, budget: int) -> list[Chunk]:
    """Group vacancies by work regency along a Hilbert curve into chunks of bounded work."""
    geo, n_units = index.geo, index.n_units
    m = len(vt)
    if m == 0:
        return []
    order = np.lexsort((np.arange(m), geo.order[vt.regency]))
    reg_sorted = vt.regency[order]
    bounds = np.flatnonzero(np.r_[True, reg_sorted[1:] != reg_sorted[:-1], True])
    # required-unit counts of each regency group (groups × units), in one pass
    group_of = np.empty(m, dtype=np.int64)
    group_of[order] = np.repeat(np.arange(bounds.size - 1), np.diff(bounds))
    owner = np.repeat(group_of, np.diff(req.indptr))
    size = (bounds.size - 1) * n_units
    demands = np.bincount(owner * n_units + req.indices, minlength=size).reshape(-1, n_units)
    del owner
    reloc = index.reloc_unit_count
    chunks: list[Chunk] = []
    current: list[np.ndarray] = []
    near_set = np.zeros(geo.size, dtype=bool)
    unit_work = reloc.copy()
    demand = np.zeros(n_units, dtype=np.int64)

    def flush() -> None:
        if current:
            chunks.append(Chunk(np.concatenate(current), np.flatnonzero(near_set)))
        current.clear()
        near_set[:] = False
        unit_work[:] = reloc
        demand[:] = 0

    for g, (a, b) in enumerate(pairwise(bounds)):
        group = order[a:b]
        near = geo.within_reach(int(reg_sorted[a]))
        group_demand = demands[g]
        fresh = near[~near_set[near]]
        work = unit_work + index.stay_unit_count[fresh].sum(axis=0)
        cost = int((demand + group_demand) @ work)
        if current and cost > budget:
            flush()
            work = reloc + index.stay_unit_count[near].sum(axis=0)
            cost = int(group_demand @ work)
        near_set[near] = True
        unit_work[:] = work
        demand += group_demand
        current.append(group)
        if cost > budget:  # one regency alone is too much work: split its vacancies
            per = req[group] @ work
            piece = (np.cumsum(per) - per) // budget
            for p in np.unique(piece):
                chunks.append(Chunk(group[piece == p], np.flatnonzero(near_set)))
            current.clear()
            flush()
    flush()
    return chunks


def shortlist(
    index: GraduateIndex,
    vacancies: Vacancies,
    weights: Weights,
    rows: IntArray | None = None,
    *,
    chunk_work: int = DEFAULT_CHUNK_WORK,
    workers: int = 1,
    progress: Callable[[float], None] | None = None,
) -> Shortlist:
    """Top-k eligible graduates of each vacancy (all, or the given ``rows`` of ``vacancies``).

    Result rows refer to ``vacancies`` and to the ``Graduates`` the index was built from, sorted
    by (vacancy, rank). Shortlists of disjoint row sets (e.g. one per province, on separate
    workers) concatenated with ``concat_shortlists`` equal the shortlist of their union.
    ``workers`` > 1 runs chunks in that many threads (NumPy/SciPy release the GIL); memory
    grows by one chunk's working set per extra worker. ``progress`` is called with the
    fraction of vacancies done after each chunk.
    """
    index.check(vacancies, weights)
    subset = np.arange(len(vacancies)) if rows is None else np.asarray(rows, dtype=np.int64)
    vt = VacancyTable.build(vacancies, subset)
    req = vacancies.required[subset]
    chunks = plan_chunks(index, vt, req, chunk_work)

    def run(chunk: Chunk) -> Shortlist:
        local = chunk_shortlist(
            index, vt.take(chunk.vacancies), req[chunk.vacancies], chunk.regencies, weights,
            chunk_work,
        )  # fmt: skip
        values = {f.name: getattr(local, f.name) for f in fields(Shortlist)}
        values["vacancy"] = subset[chunk.vacancies[local.vacancy]]
        values["graduate"] = index.rows[local.graduate]
        return Shortlist(**values)

    out = []
    done = 0
    with ThreadPoolExecutor(max(1, workers)) as pool:
        results = pool.map(run, chunks) if workers > 1 else map(run, chunks)
        for chunk, part in zip(chunks, results, strict=True):
            out.append(part)
            done += chunk.vacancies.size
            if progress is not None:
                progress(done / subset.size)
    return concat_shortlists(out)
