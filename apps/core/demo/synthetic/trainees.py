"""Synthetic graduates: finished cohorts of 16, trainees with valid NIKs, graduated enrolments, units.

Trainees are spread over the synthetic programmes (lognormal programme sizes), sorted by
programme and seated 16 to a cohort; cohorts run between January 2023 and a fortnight ago.
Everything per trainee is a NumPy column, generated one chunk at a time.
"""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from django.db.models import Max

from apps.core.demo import names
from apps.core.demo.bulk import Encoded
from apps.core.demo.synthetic.context import (
    BLKK_PREFIX,
    COHORT_SIZE,
    NAT_SECONDS,
    NIK_SERIALS,
    Context,
    choose_units,
    days,
    pick,
)
from apps.core.validators import nik_discrepancies
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort, Program

FIRST_COHORT = np.datetime64("2023-01-02", "D")  # a Monday
EDUCATION = np.array(["SD", "SMP", "SMA", "SMK", "D1", "D3", "S1"])
EDUCATION_SHARES = (0.02, 0.18, 0.33, 0.38, 0.02, 0.04, 0.03)
UNITS_MIN, UNITS_MAX, UNITS_SCALE = 5, 30, 3.5  # 5 + exponential: mean about 8 units
NIK_MISMATCH = 0.01  # NIK date disagrees with the birth date (kept, flagged for review)
WIB = np.timedelta64(7, "h")  # Asia/Jakarta, for "09:00 local" timestamps stored in UTC

_M = {k: np.array(getattr(names, k)) for k in ("MALE_GIVEN", "MALE_FAMILY", "MALE_SINGLE", "MALE_PREFIX")}
_F = {k: np.array(getattr(names, f"FEMALE_{k[5:]}")) for k in _M}
_PREFIXES = np.array(sorted(set(names.MALE_PREFIX) | set(names.FEMALE_PREFIX)))
_PHONE_PREFIXES = np.array(["0" + p for p in names.PHONE_PREFIXES])


@dataclass
class Programmes:
    """The synthetic programmes as arrays (index = position in ``ids``)."""

    ids: np.ndarray
    blkk_id: np.ndarray
    regency: np.ndarray  # index into ctx.regency_codes
    vocation: np.ndarray  # index into ctx.vocation_codes
    length_days: np.ndarray  # Monday to Friday of the last week
    last_number: np.ndarray  # highest cohort number so far
    units: np.ndarray  # (programmes × width) unit ids, -1 padded
    primary: np.ndarray  # unit is of the programme's vocation
    size: np.ndarray

    @classmethod
    def load(cls, ctx: Context) -> Programmes:
        synthetic = Program.objects.filter(blkk__registration_number__startswith=BLKK_PREFIX)
        rows = list(
            synthetic.order_by("pk").values_list("pk", "blkk_id", "blkk__regency_id", "vocation_id", "hours")
        )
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        vocation_ids = np.array([r[3] for r in rows], dtype=np.int64)
        position = {pk: i for i, pk in enumerate(ids.tolist())}
        pairs = np.array(
            list(
                Program.competencies.through.objects.filter(program__in=synthetic).values_list(
                    "program_id", "competencyunit_id"
                )
            ),
            dtype=np.int64,
        ).reshape(-1, 2)
        row = np.array([position[p] for p in pairs[:, 0].tolist()], dtype=np.int64)
        order = np.argsort(row, kind="stable")
        row, unit = row[order], pairs[order, 1]
        size = np.bincount(row, minlength=len(ids))
        col = np.arange(len(row)) - np.concatenate([[0], np.cumsum(size)[:-1]])[row]
        units = np.full((len(ids), max(int(size.max(initial=0)), 1)), -1, dtype=np.int64)
        units[row, col] = unit
        primary = (units >= 0) & (ctx.unit_vocation[np.maximum(units, 0)] == vocation_ids[:, None])
        last_number = np.zeros(len(ids), dtype=np.int64)
        for program_id, number in (
            Cohort.objects.filter(program__in=synthetic).values_list("program_id").annotate(n=Max("number"))
        ):
            last_number[position[program_id]] = number
        weeks = -(-np.array([r[4] for r in rows], dtype=np.int64) // 40)  # 8 JP a day, 5 days a week
        index = {v: i for i, v in enumerate(ctx.vocation_ids.tolist())}
        return cls(
            ids=ids,
            blkk_id=np.array([r[1] for r in rows], dtype=np.int64),
            regency=np.searchsorted(ctx.regency_codes, np.array([r[2] for r in rows])),
            vocation=np.array([index[v] for v in vocation_ids.tolist()], dtype=np.int64),
            length_days=weeks * 7 - 3,
            last_number=last_number,
            units=units,
            primary=primary,
            size=size,
        )


def add_trainees(ctx: Context) -> None:
    have = Trainee.objects.filter(blkk__registration_number__startswith=BLKK_PREFIX).count()
    n = ctx.plan.trainees - have
    if n <= 0:
        ctx.log(f"Trainees: {have:,} synthetic already (wanted {ctx.plan.trainees:,}); none added.")
        return
    if not Program.objects.filter(blkk__registration_number__startswith=BLKK_PREFIX).exists():
        raise ValueError("Synthetic trainees need synthetic BLKK: use --blkk 1 or more.")
    started = time.perf_counter()
    rng = ctx.rng(2, have)
    programmes = Programmes.load(ctx)
    # Programme of every new trainee (sorted), then 16 seats per cohort.
    weight = rng.lognormal(0.0, 0.6, len(programmes.ids))
    programme_of = np.sort(rng.choice(len(weight), size=n, p=weight / weight.sum()))
    per_programme = np.bincount(programme_of, minlength=len(weight))
    cohorts = _add_cohorts(ctx, rng, programmes, -(-per_programme // COHORT_SIZE))
    position = np.arange(n) - np.concatenate([[0], np.cumsum(per_programme)[:-1]])[programme_of]
    cohort_of = cohorts.first_of[programme_of] + position // COHORT_SIZE
    seat = position % COHORT_SIZE + 1
    ctx.timed(f"cohorts (+{len(cohorts.ids):,})", started)

    # 5–30 units each (at most the programme's), drawn up front so their ids are reserved once.
    k = np.minimum(UNITS_MIN + rng.exponential(UNITS_SCALE, size=n).astype(np.int64), UNITS_MAX)
    k = np.minimum(k, programmes.size[programme_of])
    units_before = np.concatenate([[0], np.cumsum(k)])

    started = time.perf_counter()
    through = Enrolment.competencies.through
    chunks = Chunks(
        ctx=ctx,
        rng=rng,
        programmes=programmes,
        cohorts=cohorts,
        programme_of=programme_of,
        cohort_of=cohort_of,
        seat=seat,
        units=k,
        units_before=units_before,
        first_trainee=ctx.loader.reserve_ids(Trainee, n),
        first_enrolment=ctx.loader.reserve_ids(Enrolment, n),
        first_unit=ctx.loader.reserve_ids(through, int(units_before[-1])),
        used=_existing_niks(),
    )
    bulk_tables = []
    if n >= ctx.plan.bulk_threshold:
        bulk_tables += [Trainee, Enrolment]
    if n * 8 >= ctx.plan.bulk_threshold:  # about 8 units per graduate
        bulk_tables.append(through)
    ctx.timed("trainees: reserve ids, load existing NIKs", started)
    starts = range(0, n, ctx.plan.chunk_size)
    # A worker thread generates and encodes the next chunk while this one writes the current
    # chunk (the database connection stays in this thread).
    with ctx.loader.bulk_mode(bulk_tables), ThreadPoolExecutor(max_workers=1) as worker:
        pending = worker.submit(chunks.encode, starts[0])
        for i, start in enumerate(starts):
            tick = time.perf_counter()
            encoded = pending.result()
            if i + 1 < len(starts):
                pending = worker.submit(chunks.encode, starts[i + 1])
            for rows in encoded:
                ctx.loader.write(rows)
            ctx.timed("trainees: generate and COPY", tick)
            stop = min(start + ctx.plan.chunk_size, n)
            ctx.log(f"  trainees {stop:>10,} / {n:,}  ({time.perf_counter() - tick:.1f} s)")
        rebuild = time.perf_counter()
    if bulk_tables:
        ctx.timed("trainees: rebuild indexes and foreign keys", rebuild)
    ctx.log(f"Trainees: +{n:,} graduates with {int(units_before[-1]):,} competency units.")


@dataclass
class Cohorts:
    ids: np.ndarray
    start: np.ndarray
    end: np.ndarray
    first_of: np.ndarray  # index of each programme's first new cohort


def _add_cohorts(
    ctx: Context, rng: np.random.Generator, programmes: Programmes, count: np.ndarray
) -> Cohorts:
    """``count[p]`` new finished cohorts per programme, numbered on from its last, in date order."""
    n = int(count.sum())
    programme = np.repeat(np.arange(len(count)), count)
    length = programmes.length_days[programme]
    latest = ctx.today - days(length + 14)
    span = (latest - FIRST_COHORT).astype(np.int64)
    start = FIRST_COHORT + days((rng.random(n) * (span + 1)).astype(np.int64))
    start -= days((start.astype(np.int64) + 3) % 7)  # back to Monday (1970-01-01 was a Thursday)
    order = np.lexsort((start, programme))
    programme, start, length = programme[order], start[order], length[order]
    first_of = np.concatenate([[0], np.cumsum(count)[:-1]])
    number = programmes.last_number[programme] + np.arange(n) - first_of[programme] + 1
    ids = ctx.loader.reserve_ids(Cohort, n) + np.arange(n)
    end = start + days(length)
    ctx.loader.insert(
        Cohort,
        n,
        {
            "id": ids,
            "created_at": ctx.now,
            "updated_at": ctx.now,
            "program_id": programmes.ids[programme],
            "number": number,
            "start_date": start,
            "end_date": end,
            "capacity": COHORT_SIZE,
            "status": Cohort.Status.FINISHED.value,
        },
    )
    return Cohorts(ids=ids, start=start, end=end, first_of=first_of)


def _existing_niks() -> np.ndarray:
    """Every NIK already registered, as sorted integers (synthetic ones must not collide)."""
    if not Trainee.objects.exists():
        return np.zeros(0, dtype=np.int64)
    niks = Trainee.objects.values_list("nik", flat=True).iterator(chunk_size=50_000)
    return np.sort(np.array([int(n) for n in niks if n.isdigit()], dtype=np.int64))


def _taken(nik: np.ndarray, used: np.ndarray) -> np.ndarray:
    """Rows whose NIK is already used, or repeats an earlier row of the chunk."""
    taken = np.ones(len(nik), dtype=bool)
    taken[np.unique(nik, return_index=True)[1]] = False
    if len(used):
        at = np.minimum(np.searchsorted(used, nik), len(used) - 1)
        taken |= used[at] == nik
    return taken


def _ymd(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    years = dates.astype("datetime64[Y]")
    months = dates.astype("datetime64[M]")
    return (
        years.astype(np.int64) + 1970,
        (months - years.astype("datetime64[M]")).astype(np.int64) + 1,
        (dates - months.astype("datetime64[D]")).astype(np.int64) + 1,
    )


def _full_names(rng: np.random.Generator, female: np.ndarray) -> np.ndarray:
    n = len(female)

    def draw(key: str) -> np.ndarray:
        return np.where(
            female, _F[key][rng.integers(len(_F[key]), size=n)], _M[key][rng.integers(len(_M[key]), size=n)]
        )

    given, family, single, prefix = (
        draw("MALE_GIVEN"),
        draw("MALE_FAMILY"),
        draw("MALE_SINGLE"),
        draw("MALE_PREFIX"),
    )
    two = np.strings.add(np.strings.add(given, " "), family)
    three = np.strings.add(np.strings.add(prefix, " "), two)
    roll = rng.random(n)
    return np.where(roll < 0.08, single, np.where((roll < 0.3) & ~np.isin(given, _PREFIXES), three, two))


@dataclass
class Chunks:
    """Every new graduate's programme, cohort, seat and unit count; ``encode`` makes a chunk's rows.

    Chunks must be encoded in order (one thread): each draws on the shared random generator and
    adds its NIKs to ``used``. No database access, so a worker thread can run it.
    """

    ctx: Context
    rng: np.random.Generator
    programmes: Programmes
    cohorts: Cohorts
    programme_of: np.ndarray
    cohort_of: np.ndarray
    seat: np.ndarray
    units: np.ndarray  # units achieved by each new graduate
    units_before: np.ndarray  # units of the graduates before each (cumulative, one longer)
    first_trainee: int
    first_enrolment: int
    first_unit: int
    used: np.ndarray  # NIKs taken, sorted

    def encode(self, start: int) -> list[Encoded]:
        stop = min(start + self.ctx.plan.chunk_size, len(self.programme_of))
        return _chunk(self, slice(start, stop))


def _chunk(chunks: Chunks, part: slice) -> list[Encoded]:
    ctx, rng, programmes, cohorts = chunks.ctx, chunks.rng, chunks.programmes, chunks.cohorts
    programme, cohort, seat = chunks.programme_of[part], chunks.cohort_of[part], chunks.seat[part]
    n = len(programme)
    trainee_ids = chunks.first_trainee + part.start + np.arange(n)
    enrolment_ids = chunks.first_enrolment + part.start + np.arange(n)
    start, end = cohorts.start[cohort], cohorts.end[cohort]
    home = programmes.regency[programme]
    female = rng.random(n) < ctx.female_share[programmes.vocation[programme]]
    # Mostly 18–30 when training starts; a few are 16–17.
    birth = start - days(((16.5 + rng.gamma(2.2, 2.6, n)) * 365.25).astype(np.int64))

    # NIK: regency (4) + district (2) + DDMMYY (women +40) + serial 5000–9999, unique.
    suspect = rng.random(n) < NIK_MISMATCH
    shift = rng.integers(1, 60, size=n) * rng.choice((-1, 1), size=n)
    year, month, day = _ymd(np.where(suspect, birth + days(shift), birth))
    base = (
        ctx.regency_nik[home] * 10**12
        + rng.integers(1, 25, size=n) * 10**10
        + (day + 40 * female) * 10**8
        + month * 10**6
        + (year % 100) * 10**4
    )
    nik = base + rng.integers(*NIK_SERIALS, size=n)
    while (taken := _taken(nik, chunks.used)).any():
        nik[taken] = base[taken] + rng.integers(*NIK_SERIALS, size=int(taken.sum()))
    chunks.used = np.sort(np.concatenate([chunks.used, nik]))
    nik_text = nik.astype(str)
    review = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(suspect).tolist():  # only these can disagree; the validator decides
        gender = "P" if female[i] else "L"
        review[i] = bool(nik_discrepancies(nik_text[i], birth_date=birth[i].astype(dt.date), gender=gender))

    consent = rng.random(n) < 0.9
    objects = rng.random(n) < 0.02
    registered = (
        (start - days(rng.integers(3, 30, size=n))).astype("datetime64[s]") + np.timedelta64(9, "h") - WIB
    )
    blkk_ids = programmes.blkk_id[programme]
    trainees = ctx.loader.encode(
        Trainee,
        n,
        {
            "id": trainee_ids,
            "created_at": ctx.now,
            "updated_at": ctx.now,
            "blkk_id": blkk_ids,
            "nik": nik_text,
            "full_name": _full_names(rng, female),
            "gender": np.where(female, "P", "L"),
            "birth_date": birth,
            "education": EDUCATION[pick(rng, n, EDUCATION_SHARES)],
            "regency_id": ctx.regency_codes[ctx.near(rng, home, 0.1)],
            "address": "",
            "relocate": rng.random(n) < 0.25,
            "phone": np.strings.add(
                _PHONE_PREFIXES[rng.integers(len(_PHONE_PREFIXES), size=n)],
                rng.integers(10**7, 10**8, size=n).astype(str),
            ),
            "email": "",
            "consent_share": consent,
            "consent_share_at": np.where(consent, registered, NAT_SECONDS),
            "objects_to_matching": objects,
            "objected_at": np.where(objects, registered + np.timedelta64(1, "D"), NAT_SECONDS),
            "nik_review": review,
            "erased_at": None,
        },
    )
    cohort_ids = cohorts.ids[cohort]
    enrolments = ctx.loader.encode(
        Enrolment,
        n,
        {
            "id": enrolment_ids,
            "created_at": ctx.now,
            "updated_at": ctx.now,
            "trainee_id": trainee_ids,
            "cohort_id": cohort_ids,
            "blkk_id": blkk_ids,  # the trainee's
            "status": Enrolment.Status.GRADUATED.value,
            "graduated_on": end,
            "certificate_number": np.strings.add(
                np.strings.add("SYN/", cohort_ids.astype(str)), np.strings.add("/", seat.astype(str))
            ),
        },
    )
    # Mostly of the programme's vocation; written in (enrolment, unit) order, the order of the
    # table's unique index, so that index is built from presorted rows.
    k = chunks.units[part]
    row, unit = choose_units(rng, programmes.units[programme], programmes.primary[programme], k, 0.7)
    order = np.lexsort((unit, row))
    row, unit = row[order], unit[order]
    m = len(unit)
    units = ctx.loader.encode(
        Enrolment.competencies.through,
        m,
        {
            "id": chunks.first_unit + chunks.units_before[part.start] + np.arange(m),
            "enrolment_id": enrolment_ids[row],
            "competencyunit_id": unit,
        },
    )
    return [trainees, enrolments, units]
