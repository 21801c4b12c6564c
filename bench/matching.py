"""Matching-engine benchmark on synthetic data shaped like the portal's.

    python -m bench.matching --trainees 20000 --vacancies 2000 [--naive] [--seed 0]

Times the engine (index + eligibility + score + top-k), the allocation, the two incremental
paths and the naive per-pair Python loop, then prints one final summary line.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from apps.matching.engine import (
    GraduateIndex,
    Shortlist,
    VacancyIndex,
    Weights,
    allocate,
    match_graduate,
    match_vacancy,
    plan_score,
    shortlist,
)
from apps.matching.engine.geo import haversine_km
from apps.matching.engine.reference import naive_top_k, python_graduates, python_vacancies
from bench.synth import N_VOCATIONS, World, make_world

T = TypeVar("T")

NAIVE_PAIRS = 2_000_000  # pairs timed when the naive loop is sampled
NAIVE_MAX_GRADUATES = 200_000  # beyond this the sample also draws graduates (memory)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def cpu_timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float, float]:
    """Result, wall seconds, and CPU seconds of this process (all threads)."""
    cpu = time.process_time()
    out, wall = timed(fn, *args, **kwargs)
    return out, wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=20_000)
    parser.add_argument("--vacancies", type=int, default=2_000)
    parser.add_argument("--naive", action="store_true", help="run the naive loop on all pairs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2, help="engine threads (default 2)")
    args = parser.parse_args()
    weights = Weights()
    rng = np.random.default_rng(args.seed + 1)

    world, t_gen = timed(make_world, args.trainees, args.vacancies, args.seed)
    grads, vacs = world.graduates, world.vacancies
    print(
        f"data: {len(grads):,} graduates ({int(grads.available.sum()):,} available, "
        f"{int(grads.relocate.sum()):,} relocators), {len(vacs):,} vacancies "
        f"({int(vacs.headcount.sum()):,} places), {grads.skills.nnz:,} held units; "
        f"generated in {t_gen:.2f} s"
    )
    index, t_index, c_index = cpu_timed(GraduateIndex.build, grads, world.regions, weights)
    sl, t_short, c_short = cpu_timed(shortlist, index, vacs, weights, workers=args.workers)
    t_engine = t_index + t_short
    print(
        f"engine ({args.workers} threads): index {t_index:.2f} s + eligibility/score/"
        f"top-{weights.top_k} {t_short:.2f} s = {t_engine:.2f} s wall "
        f"({c_index + c_short:.2f} s CPU); {len(sl):,} shortlist rows"
    )
    proposed, t_alloc, c_alloc = cpu_timed(allocate, sl, vacs.headcount)
    print(
        f"allocation: {int(proposed.sum()):,} proposals, total score "
        f"{plan_score(sl, proposed):,.1f}, {t_alloc:.2f} s wall ({c_alloc:.2f} s CPU; "
        "min-cost flow, optimal)"
    )
    incremental(index, world, sl, weights, rng)
    peak = peak_mib()
    print(f"peak memory (ru_maxrss, before the naive loop): {peak:,.0f} MiB")
    print(f"load average (1 min) after the engine runs: {os.getloadavg()[0]:.1f} on 2 cores")
    t_naive = naive(world, sl, weights, rng, args.naive)
    print(
        f"engine: {t_engine:.2f} s, allocation: {t_alloc:.2f} s, naive: {t_naive:.1f} s, "
        f"speedup: {t_naive / t_engine:.0f} x, peak: {peak:.0f} MiB"
    )


def incremental(
    index: GraduateIndex, world: World, sl: Shortlist, weights: Weights, rng: np.random.Generator
) -> None:
    grads, vacs = world.graduates, world.vacancies
    _, t_units = timed(lambda: index.unit_t)  # unit -> graduates lists, built once
    rows = rng.choice(len(vacs), min(25, len(vacs)), replace=False)
    times, same = [], True
    for row in rows:
        one, t = timed(match_vacancy, index, vacs, int(row), weights)
        times.append(t)
        mine = sl.vacancy == row
        same &= np.array_equal(one.graduate, sl.graduate[mine])
        same &= np.array_equal(one.score, sl.score[mine])
    print(
        f"new vacancy vs {len(grads):,} graduates: median {1000 * statistics.median(times):.1f}"
        f" ms, max {1000 * max(times):.1f} ms (unit lists built once in {t_units:.2f} s); "
        f"same as batch: {same}"
    )
    vindex, t_build = timed(VacancyIndex.build, vacs, world.regions, weights, N_VOCATIONS)
    cand = np.flatnonzero(grads.available)
    rows = rng.choice(cand, min(25, cand.size), replace=False)
    times, same = [], True
    for row in rows:
        found, t = timed(match_graduate, vindex, grads, int(row), weights)
        times.append(t)
        score = dict(zip(found.vacancy.tolist(), found.score.tolist(), strict=True))
        listed = sl.graduate == row
        same &= all(
            score.get(v) == s
            for v, s in zip(sl.vacancy[listed].tolist(), sl.score[listed].tolist(), strict=True)
        )
    print(
        f"new graduate vs {len(vacs):,} vacancies: median {1000 * statistics.median(times):.1f}"
        f" ms, max {1000 * max(times):.1f} ms (index built once in {t_build:.2f} s); "
        f"same as batch: {same}"
    )


def naive(
    world: World,
    sl: Shortlist,
    weights: Weights,
    rng: np.random.Generator,
    everything: bool,
) -> float:
    """Time the per-pair Python loop; without ``everything``, on a sample, extrapolated."""
    grads, vacs = world.graduates, world.vacancies
    n, m = len(grads), len(vacs)
    dist = [[float(x) for x in row] for row in haversine_km(world.regions.lat, world.regions.lon)]
    if everything:
        g_rows, v_rows = np.arange(n), np.arange(m)
    else:
        g_rows = (
            np.arange(n)
            if n <= NAIVE_MAX_GRADUATES
            else np.sort(rng.choice(n, NAIVE_MAX_GRADUATES, replace=False))
        )
        v_count = int(np.clip(NAIVE_PAIRS // max(g_rows.size, 1), 1, m))
        v_rows = np.sort(rng.choice(m, v_count, replace=False))
    py_grads = python_graduates(grads, g_rows.tolist())
    py_vacs = python_vacancies(vacs, v_rows.tolist())
    top, t = timed(naive_top_k, py_vacs, py_grads, dist, weights)
    pairs = g_rows.size * v_rows.size
    total = t * (n * m) / pairs
    how = (
        "all pairs"
        if everything
        else (
            f"sampled {v_rows.size:,} vacancies x {g_rows.size:,} graduates, "
            "extrapolated linearly to all pairs"
        )
    )
    print(
        f"naive per-pair Python loop: {pairs:,} pairs in {t:.2f} s "
        f"({1e9 * t / pairs:.0f} ns/pair); all {n * m:,} pairs: {total:.1f} s ({how})"
    )
    if g_rows.size == n:
        agree = all(
            [g.row for _, g in found] == sl.graduate[sl.vacancy == v.row].tolist()
            for v, found in zip(py_vacs, top, strict=True)
        )
        print(f"naive shortlists equal the engine's for these vacancies: {agree}")
    return total


if __name__ == "__main__":
    main()
