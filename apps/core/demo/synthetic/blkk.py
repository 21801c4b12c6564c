"""Synthetic BLKK across Indonesia, each with one to three vocations and one programme per vocation."""

from __future__ import annotations

import time

import numpy as np
from django.db.models import Max

from apps.core.demo import catalog, names
from apps.core.demo.synthetic.context import BLKK_PREFIX, COHORT_SIZE, NAT_SECONDS, Context, pick
from apps.registry.models import Blkk
from apps.training.models import Program

HOST_TYPES = tuple(names.SYNTHETIC_HOSTS)
HOST_SHARES = (0.7, 0.1, 0.1, 0.1)  # pondok pesantren mostly
VOCATIONS_PER_BLKK = ((1, 2, 3), (0.35, 0.45, 0.2))


def add_blkk(ctx: Context) -> None:
    started = time.perf_counter()
    existing = Blkk.objects.filter(registration_number__startswith=BLKK_PREFIX)
    have = existing.count()
    n = ctx.plan.blkk - have
    if n <= 0:
        if ctx.plan.blkk:
            ctx.log(f"BLKK: {have:,} synthetic already (wanted {ctx.plan.blkk:,}); none added.")
        return
    last = existing.aggregate(last=Max("registration_number"))["last"]
    first_number = int(last.removeprefix(BLKK_PREFIX)) + 1 if last else 1
    rng = ctx.rng(1, first_number)
    ids = ctx.loader.reserve_ids(Blkk, n) + np.arange(n)
    regency = ctx.regions(rng, n)
    host_type = pick(rng, n, HOST_SHARES)
    pesantren = rng.integers(len(names.PESANTREN), size=n)
    village = rng.integers(len(names.VILLAGES), size=n)
    street = rng.integers(len(names.STREETS), size=n)
    variant = rng.integers(6, size=n)
    host_names, blkk_names, addresses = [], [], []
    for i in range(n):
        full = ctx.regency_names[regency[i]]
        templates = names.SYNTHETIC_HOSTS[HOST_TYPES[host_type[i]]]
        host, name = templates[variant[i] % len(templates)]
        fill = {
            "p": names.PESANTREN[pesantren[i]],
            "v": names.VILLAGES[village[i]],
            "R": full,
            "r": full.removeprefix("Kabupaten "),
        }
        host_names.append(host.format(**fill))
        blkk_names.append(name.format(**fill))
        addresses.append(f"{names.STREETS[street[i]]} No. {i % 150 + 1}, Desa {fill['v']}, {full}")
    verified = rng.random(n) < 0.9
    numbers = np.arange(first_number, first_number + n)
    ctx.loader.insert(
        Blkk,
        n,
        {
            "id": ids,
            "created_at": ctx.now,
            "updated_at": ctx.now,
            "name": np.array(blkk_names),
            "registration_number": np.strings.add(BLKK_PREFIX, np.strings.zfill(numbers.astype(str), 7)),
            "host_type": np.array(HOST_TYPES)[host_type],
            "host_name": np.array(host_names),
            "regency_id": ctx.regency_codes[regency],
            "address": np.array(addresses),
            "phone": "",
            "email": "",
            "verified": verified,
            "verified_at": np.where(verified, ctx.now, NAT_SECONDS),
            "verified_by_id": None,
            "active": True,
        },
    )
    sizes, shares = VOCATIONS_PER_BLKK
    offered = [
        rng.choice(len(ctx.vocation_codes), size=k, replace=False, p=ctx.vocation_p)
        for k in rng.choice(sizes, size=n, p=shares)
    ]
    blkk_of = np.repeat(ids, [len(o) for o in offered])
    vocation = np.concatenate(offered)
    through = Blkk.vocations.through
    m = len(blkk_of)
    ctx.loader.insert(
        through,
        m,
        {
            "id": ctx.loader.reserve_ids(through, m) + np.arange(m),
            "blkk_id": blkk_of,
            "vocation_id": ctx.vocation_ids[vocation],
        },
    )
    _add_programmes(ctx, rng, blkk_of, vocation)
    ctx.timed(f"BLKK and programmes (+{n:,} BLKK, +{m:,} programmes)", started)


def _add_programmes(
    ctx: Context, rng: np.random.Generator, blkk_of: np.ndarray, vocation: np.ndarray
) -> None:
    """One programme per offered vocation: all its units plus some of related vocations (5–37 units)."""
    n = len(blkk_of)
    ids = ctx.loader.reserve_ids(Program, n) + np.arange(n)
    titles, hours, unit_lists = [], [], []
    for v in vocation.tolist():
        code = ctx.vocation_codes[v]
        profile = catalog.VOCATIONS[code]
        titles.append(profile.programmes[rng.integers(len(profile.programmes))])
        hours.append(profile.hours[rng.integers(len(profile.hours))])
        own = ctx.units_of[code]
        related = ctx.vocation_pool(code)[len(own) :]
        extra = rng.choice(related, size=int(rng.integers(0, len(related) + 1)), replace=False)
        unit_lists.append(np.concatenate([own, np.sort(extra)]))
    ctx.loader.insert(
        Program,
        n,
        {
            "id": ids,
            "created_at": ctx.now,
            "updated_at": ctx.now,
            "blkk_id": blkk_of,
            "vocation_id": ctx.vocation_ids[vocation],
            "title": np.array(titles),
            "hours": np.array(hours),
            "default_capacity": COHORT_SIZE,
        },
    )
    through = Program.competencies.through
    sizes = [len(u) for u in unit_lists]
    m = sum(sizes)
    ctx.loader.insert(
        through,
        m,
        {
            "id": ctx.loader.reserve_ids(through, m) + np.arange(m),
            "program_id": np.repeat(ids, sizes),
            "competencyunit_id": np.concatenate(unit_lists),
        },
    )
