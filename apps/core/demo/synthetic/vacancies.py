"""Synthetic employers across Indonesia and their vacancies (3–15 required units, 1–200 people)."""

from __future__ import annotations

import time

import numpy as np
from django.db.models import Max

from apps.core.demo import catalog, names
from apps.core.demo.synthetic.context import NAT_SECONDS, NIB_PREFIX, Context, choose_units, days, pick
from apps.employers.models import Employer
from apps.vacancies.models import Vacancy

GENDERS = np.array(["any", "P", "L"])
GENDER_SHARES = (0.85, 0.1, 0.05)
STATUSES = np.array(["open", "draft", "closed"])
STATUS_SHARES = (0.85, 0.07, 0.08)
MIN_EDUCATION = np.array(["SMP", "SMA", "SMK", "D3"])
MIN_EDUCATION_SHARES = (0.3, 0.25, 0.4, 0.05)
AGE_RANGES = np.array([(18, 35), (18, 30), (18, 25), (20, 40), (18, 40), (21, 35), (18, 45)])
AGE_RANGE_SHARES = (0.4, 0.2, 0.1, 0.1, 0.1, 0.05, 0.05)
UNITS_MIN, UNITS_MAX, UNITS_SCALE = 3, 15, 3.0  # 3 + exponential: mean about 5.5 units
WIB = np.timedelta64(7, "h")


def add_employers(ctx: Context) -> None:
    existing = Employer.objects.filter(nib__startswith=NIB_PREFIX)
    have = existing.count()
    n = ctx.plan.employers - have
    if n <= 0:
        if ctx.plan.employers:
            ctx.log(f"Employers: {have:,} synthetic already (wanted {ctx.plan.employers:,}); none added.")
        return
    started = time.perf_counter()
    last = existing.aggregate(last=Max("nib"))["last"]
    first_number = int(last) + 1 if last else 1
    rng = ctx.rng(3, first_number)
    numbers = np.arange(first_number, first_number + n)
    words = [np.array(w) for w in (names.COMPANY_WORDS_A, names.COMPANY_WORDS_B, names.COMPANY_INDUSTRY)]
    name = np.array(["PT"])
    for w in words:
        name = np.strings.add(np.strings.add(name, " "), w[rng.integers(len(w), size=n)])
    verified = rng.random(n) < 0.95
    kbli = np.array(sorted({e.kbli for e in catalog.EMPLOYERS}))
    ctx.loader.insert(
        Employer,
        n,
        {
            "id": ctx.loader.reserve_ids(Employer, n) + np.arange(n),
            "created_at": ctx.now,
            "updated_at": ctx.now,
            "name": name,
            "nib": np.strings.zfill(numbers.astype(str), 13),
            "kbli": kbli[rng.integers(len(kbli), size=n)],
            "industrial_park_id": None,
            "regency_id": ctx.regency_codes[ctx.regions(rng, n)],
            "address": "",
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
            "verified": verified,
            "verified_at": np.where(verified, ctx.now, NAT_SECONDS),
            "verified_by_id": None,
        },
    )
    ctx.timed(f"employers (+{n:,})", started)


def _pools(ctx: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per vocation: a padded pool of its units then related ones, which are its own, pool sizes."""
    pools = [ctx.vocation_pool(code) for code in ctx.vocation_codes]
    width = max(len(p) for p in pools)
    units = np.full((len(pools), width), -1, dtype=np.int64)
    primary = np.zeros_like(units, dtype=bool)
    for i, (code, pool) in enumerate(zip(ctx.vocation_codes, pools, strict=True)):
        units[i, : len(pool)] = pool
        primary[i, : len(ctx.units_of[code])] = True
    return units, primary, np.array([len(p) for p in pools])


def add_vacancies(ctx: Context) -> None:
    existing = Vacancy.objects.filter(employer__nib__startswith=NIB_PREFIX)
    have = existing.count()
    n = ctx.plan.vacancies - have
    if n <= 0:
        if ctx.plan.vacancies:
            ctx.log(f"Vacancies: {have:,} synthetic already (wanted {ctx.plan.vacancies:,}); none added.")
        return
    employers = list(
        Employer.objects.filter(nib__startswith=NIB_PREFIX).order_by("pk").values_list("pk", "regency_id")
    )
    if not employers:
        raise ValueError("Synthetic vacancies need synthetic employers.")
    started = time.perf_counter()
    rng = ctx.rng(4, have)
    employer_ids = np.array([e[0] for e in employers], dtype=np.int64)
    employer_regency = np.searchsorted(ctx.regency_codes, np.array([e[1] for e in employers]))
    employer_p = rng.lognormal(0.0, 1.0, len(employers))
    employer_p /= employer_p.sum()
    jobs = [catalog.VOCATIONS[c].jobs for c in ctx.vocation_codes]
    job_titles = np.array([[*j, *([""] * (max(map(len, jobs)) - len(j)))] for j in jobs])
    job_count = np.array([len(j) for j in jobs])
    pool, primary, pool_size = _pools(ctx)
    through = Vacancy.competencies.through
    bulk_tables = []
    if n >= ctx.plan.bulk_threshold:
        bulk_tables.append(Vacancy)
    if n * 5 >= ctx.plan.bulk_threshold:  # about 5.5 units per vacancy
        bulk_tables.append(through)
    with ctx.loader.bulk_mode(bulk_tables):
        for start in range(0, n, ctx.plan.chunk_size):
            m = min(ctx.plan.chunk_size, n - start)
            employer = rng.choice(len(employer_ids), size=m, p=employer_p)
            vocation = rng.choice(len(ctx.vocation_codes), size=m, p=ctx.vocation_p)
            status = STATUSES[pick(rng, m, STATUS_SHARES)]
            ages = AGE_RANGES[pick(rng, m, AGE_RANGE_SHARES)]
            salary_min = (rng.uniform(2_100_000, 5_500_000, size=m) // 50_000 * 50_000).astype(np.int64)
            closes_on = np.where(
                status == "closed",
                ctx.today - days(rng.integers(5, 120, size=m)),
                ctx.today + days(rng.integers(7, 91, size=m)),
            )
            published = np.where(
                status == "open",
                ctx.now - days(rng.integers(1, 60, size=m)),
                (closes_on - days(30)).astype("datetime64[s]") + np.timedelta64(10, "h") - WIB,
            )
            ids = ctx.loader.reserve_ids(Vacancy, m) + np.arange(m)
            ctx.loader.insert(
                Vacancy,
                m,
                {
                    "id": ids,
                    "created_at": ctx.now,
                    "updated_at": ctx.now,
                    "employer_id": employer_ids[employer],
                    "title": job_titles[vocation, (rng.random(m) * job_count[vocation]).astype(np.int64)],
                    "description": "",
                    "vocation_id": ctx.vocation_ids[vocation],
                    # 1–200 people, skewed small (median 2, about 1 in 100 above 30).
                    "headcount": np.clip(np.rint(np.exp(rng.normal(0.8, 1.1, size=m))), 1, 200).astype(
                        np.int64
                    ),
                    "min_education": MIN_EDUCATION[pick(rng, m, MIN_EDUCATION_SHARES)],
                    "gender": GENDERS[pick(rng, m, GENDER_SHARES)],
                    "age_min": ages[:, 0],
                    "age_max": ages[:, 1],
                    "regency_id": ctx.regency_codes[ctx.near(rng, employer_regency[employer], 0.1)],
                    "salary_min": salary_min,
                    "salary_max": salary_min + rng.integers(2, 16, size=m) * 100_000,
                    "closes_on": closes_on,
                    "status": status,
                    "published_at": np.where(status == "draft", NAT_SECONDS, published),
                },
            )
            k = np.minimum(UNITS_MIN + rng.exponential(UNITS_SCALE, size=m).astype(np.int64), UNITS_MAX)
            k = np.minimum(k, pool_size[vocation])
            row, unit = choose_units(rng, pool[vocation], primary[vocation], k, 0.8)
            u = len(unit)
            ctx.loader.insert(
                through,
                u,
                {
                    "id": ctx.loader.reserve_ids(through, u) + np.arange(u),
                    "vacancy_id": ids[row],
                    "competencyunit_id": unit,
                },
            )
    ctx.timed(f"vacancies (+{n:,})", started)
    ctx.log(f"Vacancies: +{n:,}.")
