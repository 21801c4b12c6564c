"""What every synthetic table builder shares: the plan, the loader, reference data as arrays, RNG."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone

from apps.core.demo import catalog
from apps.core.demo.bulk import BulkLoader
from apps.regions.models import Regency
from apps.taxonomy.models import CompetencyUnit, Vocation
from apps.training.models import DEFAULT_CAPACITY

# Natural-key namespace of synthetic data (the reference scenario never uses these).
BLKK_PREFIX = "SYN-"  # registration numbers SYN-0000001 …
NIB_PREFIX = "0000"  # NIBs 0000000000001 …
NIK_SERIALS = (5000, 10_000)  # NIK digits 13–16; the reference scenario uses 0001–4999

JAVA = ("31", "32", "33", "34", "35", "36")
JAVA_WEIGHT = 5.0  # a Java regency is five times as likely as one elsewhere
COHORT_SIZE = DEFAULT_CAPACITY
NAT_SECONDS = np.datetime64("NaT", "s")

Log = Callable[[str], None]


@dataclass(frozen=True)
class SyntheticPlan:
    trainees: int
    vacancies: int
    blkk: int
    employers: int
    seed: int = 2026
    chunk_size: int = 100_000
    bulk_threshold: int = 50_000  # rows of one table from which PostgreSQL loads in bulk mode

    @classmethod
    def build(
        cls,
        *,
        trainees: int,
        vacancies: int,
        blkk: int | None = None,
        employers: int | None = None,
        **options,
    ) -> SyntheticPlan:
        """Defaults: ``max(65, trainees // 330)`` BLKK and one employer per 20 vacancies (at least 20)."""
        if blkk is None:
            blkk = max(65, trainees // 330) if trainees else 0
        if employers is None:
            employers = max(20, -(-vacancies // 20)) if vacancies else 0
        return cls(trainees=trainees, vacancies=vacancies, blkk=blkk, employers=employers, **options)


def days(values: np.ndarray | int) -> np.ndarray:
    return np.asarray(values).astype("timedelta64[D]")


def pick(rng: np.random.Generator, n: int, shares) -> np.ndarray:
    """Indices 0..len(shares)-1 drawn with the given shares."""
    p = np.asarray(shares, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def choose_units(
    rng: np.random.Generator, pool: np.ndarray, primary: np.ndarray, k: np.ndarray, other_penalty: float
) -> tuple[np.ndarray, np.ndarray]:
    """Pick ``k[i]`` distinct units from each row of a padded pool (``-1`` = none), primary ones first.

    A unit's sort key is uniform in [0, 1), plus ``other_penalty`` if it is not of the primary
    vocation: most picks are of the main vocation, some are not. Returns (row index, unit id) pairs.
    """
    keys = rng.random(pool.shape, dtype=np.float32) + np.where(primary, 0.0, other_penalty).astype(np.float32)
    keys[pool < 0] = np.inf
    chosen = np.take_along_axis(pool, np.argsort(keys, axis=1), axis=1)
    take = np.arange(pool.shape[1]) < k[:, None]
    return np.repeat(np.arange(len(pool)), k), chosen[take]


@dataclass
class Context:
    plan: SyntheticPlan
    log: Log
    loader: BulkLoader = field(default_factory=BulkLoader)
    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        started = time.perf_counter()
        self.today = np.datetime64(timezone.localdate(), "D")
        self.now = np.datetime64(timezone.now().astimezone(dt.UTC).replace(tzinfo=None), "s")
        regencies = list(Regency.objects.order_by("code").values_list("code", "province_id", "name"))
        self.regency_codes = np.array([r[0] for r in regencies])
        self.regency_names = [r[2] for r in regencies]
        self.regency_nik = np.array([int(r[0].replace(".", "")) for r in regencies], dtype=np.int64)
        province = np.array([r[1] for r in regencies])
        weight = np.where(np.isin(province, JAVA), JAVA_WEIGHT, 1.0)
        self.regency_p = weight / weight.sum()
        # Sorted by code, each province is one contiguous run of regencies.
        _, first, count = np.unique(province, return_index=True, return_counts=True)
        run = np.searchsorted(first, np.arange(len(province)), side="right") - 1
        self.province_first, self.province_count = first[run], count[run]

        by_code = dict(Vocation.objects.values_list("code", "pk"))
        self.vocation_codes = [code for code in catalog.VOCATIONS if code in by_code]
        self.vocation_ids = np.array([by_code[c] for c in self.vocation_codes], dtype=np.int64)
        weights = np.array([catalog.VOCATIONS[c].weight for c in self.vocation_codes], dtype=float)
        self.vocation_p = weights / weights.sum()
        self.female_share = np.array([catalog.VOCATIONS[c].female_share for c in self.vocation_codes])
        units = list(CompetencyUnit.objects.order_by("code").values_list("pk", "vocation_id"))
        self.unit_vocation = np.full(max((u for u, _ in units), default=0) + 1, -1, dtype=np.int64)
        for unit_id, vocation_id in units:
            self.unit_vocation[unit_id] = vocation_id
        self.units_of = {
            code: np.array([u for u, v in units if v == by_code[code]], dtype=np.int64)
            for code in self.vocation_codes
        }
        self.timings["reference data"] = time.perf_counter() - started

    def rng(self, stream: int, offset: int) -> np.random.Generator:
        """One generator per table and starting count: the same history gives the same data."""
        return np.random.default_rng([self.plan.seed, stream, offset])

    def regions(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Regency indices across Indonesia, Java weighted."""
        return rng.choice(len(self.regency_codes), size=n, p=self.regency_p)

    def near(self, rng: np.random.Generator, home: np.ndarray, elsewhere: float) -> np.ndarray:
        """Mostly ``home``; a share ``elsewhere`` in another regency of the same province."""
        other = self.province_first[home] + (rng.random(len(home)) * self.province_count[home]).astype(
            np.int64
        )
        return np.where(rng.random(len(home)) < elsewhere, other, home)

    def vocation_pool(self, code: str) -> np.ndarray:
        """The vocation's units followed by those of its related vocations."""
        related = [self.units_of[r] for r in catalog.VOCATIONS[code].related if r in self.units_of]
        return np.concatenate([self.units_of[code], *related])

    def timed(self, name: str, started: float) -> None:
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started
