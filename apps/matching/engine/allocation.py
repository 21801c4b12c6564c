"""Allocation: choose which shortlisted pairs to propose, maximising the total score.

Min-cost flow (OR-Tools ``SimpleMinCostFlow``): source → graduate (capacity 1) → vacancy
(capacity 1, cost −score) → sink (capacity = headcount), plus a source → sink bypass so that
leaving a graduate or a place unused is allowed. Integral min-cost flow solutions are optimal
plans: each graduate is proposed at most once, no vacancy gets more than its headcount, and
the sum of (integer-scaled) scores is as large as possible.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from .data import IntArray
from .results import Matches

SCORE_SCALE = 10_000  # scores are optimised to 1/10,000 of a point


def allocate(matches: Matches, headcount: IntArray) -> npt.NDArray[np.bool_]:
    """Mask over ``matches`` rows: the proposed pairs of an optimal plan.

    ``headcount[v]`` is the number of places left in vacancy row ``v``. Pairs scoring 0 (after
    scaling) are never proposed; they would not change the total.
    """
    n = len(matches)
    proposed = np.zeros(n, dtype=bool)
    headcount = np.asarray(headcount, dtype=np.int64)
    gain = np.rint(matches.score.astype(np.float64) * SCORE_SCALE).astype(np.int64)
    usable = np.flatnonzero((gain > 0) & (headcount[matches.vacancy] > 0))
    if usable.size == 0:
        return proposed
    grads, g_node = np.unique(matches.graduate[usable], return_inverse=True)
    vacs, v_node = np.unique(matches.vacancy[usable], return_inverse=True)
    n_g, n_v = grads.size, vacs.size
    source, sink = 0, 1
    g_node = (g_node.ravel() + 2).astype(np.int32)
    v_node = (v_node.ravel() + 2 + n_g).astype(np.int32)
    seats = np.minimum(headcount[vacs], np.bincount(v_node - 2 - n_g, minlength=n_v))
    supply = int(min(n_g, seats.sum()))
    i32, i64 = np.int32, np.int64
    g_ids = np.arange(2, 2 + n_g, dtype=i32)
    v_ids = np.arange(2 + n_g, 2 + n_g + n_v, dtype=i32)
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.full(n_g, source, i32), g_node, v_ids, np.array([source], i32)]),
        np.concatenate([g_ids, v_node, np.full(n_v, sink, i32), np.array([sink], i32)]),
        np.concatenate([np.ones(n_g + usable.size, i64), seats.astype(i64), [supply]]),
        np.concatenate([np.zeros(n_g, i64), -gain[usable], np.zeros(n_v + 1, i64)]),
    )
    del g_node, v_node, g_ids, v_ids, gain
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    used = flow.flows(arcs[n_g : n_g + usable.size]) > 0
    proposed[usable[used]] = True
    return proposed


def plan_score(matches: Matches, proposed: npt.NDArray[np.bool_]) -> float:
    """Total score of the proposed pairs."""
    return float(matches.score[proposed].astype(np.float64).sum())
