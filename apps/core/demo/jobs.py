"""The demand side of the reference scenario: employers in and around KITB, vacancies, applications.

Vacancies ask for vocations the BLKK teach; salaries sit around the UMK of the work regency
(two deliberately below it, to show the warning). Applications are ``nominated`` by BLKK or
picked by the ``employer``; none is ``matched``, since those belong to the matching engine's plan.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from apps.core.choices import education_at_least
from apps.core.demo import catalog, names
from apps.core.demo.bulk import BulkLoader
from apps.employers.models import Employer, IndustrialPark
from apps.regions.models import MinimumWage
from apps.registry.models import Blkk
from apps.taxonomy.models import CompetencyUnit
from apps.trainees.models import Trainee, age_on
from apps.vacancies.models import Application, Vacancy

VACANCIES_PER_EMPLOYER = {True: 3, False: 2}  # in KITB / outside
BELOW_UMK = 2  # vacancies offering less than the minimum wage
KITB_ADDRESS = "Kawasan Industri Terpadu Batang, Kav. {lot}, Desa Ketanggan, Kec. Gringsing, Kabupaten Batang"
# Pipeline of the demo applications: final status of each, in order.
PIPELINE_PLAN = (
    "hired", "hired", "hired", "offered", "interview", "interview", "shortlisted", "shortlisted",
    "proposed", "proposed", "proposed", "rejected", "withdrawn",
)  # fmt: skip
# When each step happened, as a share of the time since the vacancy was published.
STEP_AT = {"shortlisted": 0.25, "interview": 0.45, "offered": 0.65, "hired": 0.85, "rejected": 0.55}
STEPS_BEFORE = {
    "proposed": (),
    "shortlisted": ("shortlisted",),
    "interview": ("shortlisted", "interview"),
    "offered": ("shortlisted", "interview", "offered"),
    "hired": ("shortlisted", "interview", "offered", "hired"),
    "rejected": ("shortlisted", "interview", "rejected"),
    "withdrawn": ("shortlisted",),
}


@dataclass(frozen=True)
class Graduate:
    trainee: Trainee
    vocation: str
    graduated_on: dt.date


def build_jobs(
    rng: random.Random,
    loader: BulkLoader,
    *,
    graduates: list[Graduate],
    demo_blkk: Blkk,
    today: dt.date,
    now: dt.datetime,
) -> dict[str, int]:
    employers = _employers(rng, now)
    vacancies = _vacancies(rng, loader, employers, today, now)
    applications = _applications(rng, vacancies, graduates, demo_blkk, today, now)
    statuses = Counter(a.status for a in applications)
    return {
        "employers": len(employers),
        "vacancies": len(vacancies),
        "applications": len(applications),
        "placements": statuses["hired"],
    }


def _employers(rng: random.Random, now: dt.datetime) -> list[Employer]:
    kitb = IndustrialPark.objects.get(short_name="KITB")
    existing = {e.nib: e for e in Employer.objects.filter(nib__in=[p.nib for p in catalog.EMPLOYERS])}
    rows = []
    for lot, profile in enumerate(catalog.EMPLOYERS, start=1):
        if profile.nib in existing:
            continue
        slug = "".join(ch for ch in profile.name.lower().removeprefix("pt ") if ch.isalnum())
        verified = profile.in_kitb or lot < len(catalog.EMPLOYERS)  # one pending verification
        rows.append(
            Employer(
                name=profile.name,
                nib=profile.nib,
                kbli=profile.kbli,
                industrial_park=kitb if profile.in_kitb else None,
                regency_id=profile.regency,
                address=(
                    KITB_ADDRESS.format(lot=f"{'ABC'[lot % 3]}-{lot}")
                    if profile.in_kitb
                    else names.address(rng, profile.regency)
                ),
                contact_name=profile.contact,
                contact_email=f"rekrutmen@{slug}.example",
                contact_phone=names.phone_number(rng),
                verified=verified,
                verified_at=now - dt.timedelta(days=rng.randrange(30, 400)) if verified else None,
            )
        )
    Employer.objects.bulk_create(rows)
    by_nib = {e.nib: e for e in Employer.objects.filter(nib__in=[p.nib for p in catalog.EMPLOYERS])}
    return [by_nib[p.nib] for p in catalog.EMPLOYERS]


def _minimum_wages(today: dt.date) -> dict[str, int]:
    """The latest UMK up to this year of every regency that has one."""
    wages: dict[str, int] = {}
    for wage in MinimumWage.objects.filter(year__lte=today.year).order_by("regency_id", "-year"):
        wages.setdefault(wage.regency_id, int(wage.amount))
    return wages


def _round_up(amount: float, step: int = 50_000) -> int:
    return int(-(-amount // step) * step)


def _vacancies(
    rng: random.Random, loader: BulkLoader, employers: list[Employer], today: dt.date, now: dt.datetime
) -> list[Vacancy]:
    umk = _minimum_wages(today)
    units: dict[str, list[CompetencyUnit]] = {}
    for unit in CompetencyUnit.objects.select_related("vocation").order_by("code"):
        units.setdefault(unit.vocation.code, []).append(unit)
    vocations = {code: group[0].vocation for code, group in units.items()}

    rows, required = [], []
    for employer, profile in zip(employers, catalog.EMPLOYERS, strict=True):
        for i in range(VACANCIES_PER_EMPLOYER[profile.in_kitb]):
            code = profile.vocations[i % len(profile.vocations)]
            job = catalog.VOCATIONS[code]
            status = Vacancy.Status.OPEN
            if i > 0:
                status = rng.choices(
                    (Vacancy.Status.OPEN, Vacancy.Status.DRAFT, Vacancy.Status.CLOSED), weights=(70, 14, 16)
                )[0]
            gender = Vacancy.GenderRequirement.ANY
            if code in ("GRM", "ELK") and rng.random() < 0.45:
                gender = Vacancy.GenderRequirement.FEMALE
            elif code in ("LAS", "BGN") and rng.random() < 0.3:
                gender = Vacancy.GenderRequirement.MALE
            age_min, age_max = rng.choice(((18, 35), (18, 35), (18, 30), (18, 25), (20, 40), (21, 35)))
            floor = umk.get(employer.regency_id, umk.get("33.25", 2_534_382))
            salary_min = _round_up(floor) + rng.randrange(0, 9) * 50_000
            salary_max = salary_min + rng.randrange(3, 16) * 100_000
            headcount = rng.choice((1, 2, 2, 3, 4, 5, 5, 6, 8, 10, 10, 12, 15, 20, 25, 30))
            if status == Vacancy.Status.OPEN:
                closes_on = today + dt.timedelta(days=rng.randrange(14, 76))
                published_at = now - dt.timedelta(days=rng.randrange(5, 50), hours=rng.randrange(8))
            elif status == Vacancy.Status.DRAFT:
                closes_on, published_at = today + dt.timedelta(days=rng.randrange(30, 91)), None
            else:
                closes_on = today - dt.timedelta(days=rng.randrange(5, 90))
                published_at = _aware(closes_on - dt.timedelta(days=rng.randrange(21, 45)))
            place = "KITB" if profile.in_kitb else names.REGENCY_LONG[profile.regency]
            title = rng.choice(job.jobs)
            rows.append(
                Vacancy(
                    employer=employer,
                    title=title,
                    description=(
                        f"{employer.name} (industri {profile.industry}) membuka lowongan {title} untuk "
                        f"{headcount} orang, penempatan di {place}. Diutamakan lulusan pelatihan BLKK "
                        "bersertifikat kompetensi dan bersedia bekerja dengan sistem shift."
                    ),
                    vocation=vocations[code],
                    headcount=headcount,
                    min_education=rng.choices(("SMP", "SMA", "SMK", "D3"), weights=(25, 25, 40, 10))[0],
                    gender=gender,
                    age_min=age_min,
                    age_max=age_max,
                    regency_id=employer.regency_id,
                    salary_min=salary_min,
                    salary_max=salary_max,
                    closes_on=closes_on,
                    status=status,
                    published_at=published_at,
                )
            )
            pool = units[code]
            required.append(sorted(rng.sample(pool, rng.randint(3, min(8, len(pool)))), key=lambda u: u.code))
    for vacancy in rng.sample([v for v in rows if v.status == Vacancy.Status.OPEN], BELOW_UMK):
        floor = umk.get(vacancy.regency_id, 2_534_382)
        vacancy.salary_min = int(floor * 0.9) // 50_000 * 50_000
        vacancy.salary_max = int(floor * 0.97) // 50_000 * 50_000
    vacancies = Vacancy.objects.bulk_create(rows)
    loader.link(
        Vacancy.competencies,
        ((v.pk, u.pk) for v, group in zip(vacancies, required, strict=True) for u in group),
    )
    return vacancies


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _eligible(graduate: Graduate, vacancy: Vacancy, today: dt.date) -> bool:
    trainee = graduate.trainee
    age = age_on(trainee.birth_date, today)
    return (
        graduate.vocation == vacancy.vocation.code
        and graduate.graduated_on < timezone.localtime(vacancy.published_at).date()
        and trainee.consent_share
        and not trainee.objects_to_matching
        and max(18, vacancy.age_min) <= age <= vacancy.age_max
        and education_at_least(trainee.education, vacancy.min_education)
        and vacancy.gender in (Vacancy.GenderRequirement.ANY, trainee.gender)
    )


def _applications(
    rng: random.Random,
    vacancies: list[Vacancy],
    graduates: list[Graduate],
    demo_blkk: Blkk,
    today: dt.date,
    now: dt.datetime,
) -> list[Application]:
    """The plan's applications: the demo employer's open vacancies first, demo BLKK graduates preferred."""
    demo_employer_id = vacancies[0].employer_id
    open_ = [v for v in vacancies if v.status == Vacancy.Status.OPEN]
    rng.shuffle(open_)
    open_.sort(key=lambda v: v.employer_id != demo_employer_id)  # stable: demo employer's first
    used: set[int] = set()
    rows = []
    for n, status in enumerate(PIPELINE_PLAN):
        for vacancy in open_[n % len(open_) :] + open_[: n % len(open_)]:
            if status in ("hired", "offered") and vacancy.headcount < 3:
                continue
            pool = [g for g in graduates if g.trainee.pk not in used and _eligible(g, vacancy, today)]
            if not pool:
                continue
            own = [g for g in pool if g.trainee.blkk_id == demo_blkk.pk]
            graduate = rng.choice(own if own and rng.random() < 0.6 else pool)
            used.add(graduate.trainee.pk)
            application = Application(
                vacancy=vacancy,
                trainee=graduate.trainee,
                employer_id=vacancy.employer_id,
                blkk_id=graduate.trainee.blkk_id,
                status=status,
                source=rng.choice((Application.Source.NOMINATED,) * 2 + (Application.Source.EMPLOYER,)),
            )
            span = now - vacancy.published_at
            for step in STEPS_BEFORE[status]:
                setattr(application, f"{step}_at", vacancy.published_at + span * STEP_AT[step])
            if status == "withdrawn":
                application.withdrawn_at = vacancy.published_at + span * 0.35
            rows.append(application)
            break
    return Application.objects.bulk_create(rows)
