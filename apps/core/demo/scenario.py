"""The KITB reference scenario: 65 BLKK around Kawasan Industri Terpadu Batang and their people.

17 BLKK in Kab. Batang (33.25), 20 in Kab. Pekalongan (33.26), 4 in Kota Pekalongan (33.75) and
24 in Kab. Pemalang (33.27), each offering one to three vocations; programmes and cohorts from
2023 on; about 3,000 trainees; 17 employers (12 in KITB) with their vacancies; a few
applications at every pipeline step; and the four demo accounts.

Everything random comes from one ``random.Random(seed)``, so the demo is the same on every run.
Dates are laid out around *today* so there are always running and planned cohorts and open
vacancies. The natural keys (BLKK registration numbers, employer NIBs, usernames) do not depend
on the seed: a second run finds them and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from apps.core.demo import catalog, names
from apps.core.demo.accounts import ensure_demo_accounts
from apps.core.demo.bulk import BulkLoader
from apps.core.demo.jobs import Graduate, build_jobs
from apps.core.validators import nik_discrepancies
from apps.employers.models import Employer
from apps.registry.models import Blkk
from apps.taxonomy.models import CompetencyUnit, Vocation
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import DEFAULT_CAPACITY, Cohort, Program

# The 65 BLKK built around KITB (public figures).
REFERENCE_BLKK = {"33.25": 17, "33.26": 20, "33.75": 4, "33.27": 24}
# NIK serials (digits 13–16) of the scenario; synthetic data uses 5000–9999.
SCENARIO_SERIALS = range(1, 5000)
# The demo BLKK (demo.blkk's) is the first one in Kab. Batang and teaches these.
DEMO_BLKK_VOCATIONS = ("MNF", "LAS", "GRM")

Log = Callable[[str], None]


def registration_number(regency_code: str, seq: int) -> str:
    """``BLKK/3325/001``: the scenario's natural key for a BLKK."""
    return f"BLKK/{regency_code.replace('.', '')}/{seq:03d}"


def reference_registration_numbers() -> list[str]:
    return [registration_number(code, i) for code, n in REFERENCE_BLKK.items() for i in range(1, n + 1)]


@dataclass
class ScenarioResult:
    created: bool
    counts: dict[str, int] = field(default_factory=dict)
    accounts_created: list[str] = field(default_factory=list)


def seed_reference_scenario(*, seed: int = 2026, log: Log = lambda _msg: None) -> ScenarioResult:
    """Build the scenario unless its BLKK already exist; always make sure the demo accounts exist."""
    registered = Blkk.objects.filter(registration_number__in=reference_registration_numbers()).count()
    with transaction.atomic():
        if registered:
            log(f"Reference scenario already seeded ({registered} of 65 BLKK found); left unchanged.")
            result = ScenarioResult(created=False)
        else:
            result = ScenarioResult(created=True, counts=_ScenarioBuilder(seed, log).build())
        result.accounts_created = ensure_demo_accounts(
            blkk=Blkk.objects.filter(registration_number=registration_number("33.25", 1)).first(),
            employer=Employer.objects.filter(nib=catalog.EMPLOYERS[0].nib).first(),
        )
    return result


def _aware(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class _ScenarioBuilder:
    def __init__(self, seed: int, log: Log) -> None:
        self.rng = random.Random(seed)
        self.log = log
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.vocations = {v.code: v for v in Vocation.objects.all()}
        self.units: dict[str, list[CompetencyUnit]] = {code: [] for code in self.vocations}
        for unit in CompetencyUnit.objects.select_related("vocation").order_by("code"):
            self.units[unit.vocation.code].append(unit)
        self.serials = iter(SCENARIO_SERIALS)
        self.loader = BulkLoader()

    def build(self) -> dict[str, int]:
        blkks = self._blkks()
        programmes = self._programmes(blkks)
        cohorts = self._cohorts(programmes)
        graduates = self._trainees(cohorts)
        jobs = build_jobs(
            self.rng, self.loader, graduates=graduates, demo_blkk=blkks[0], today=self.today, now=self.now
        )
        return {
            "BLKK": len(blkks),
            "programmes": len(programmes),
            "cohorts": len(cohorts),
            "trainees": Trainee.objects.filter(blkk__in=blkks).count(),
            "graduates": len(graduates),
            **jobs,
        }

    # --- BLKK ---------------------------------------------------------------------------------
    def _hosts(self) -> dict[str, list[tuple[str, str, str]]]:
        """(host_type, host name, BLKK name) for every BLKK, per regency, in registration order."""
        pesantren = list(names.PESANTREN[1:])
        self.rng.shuffle(pesantren)
        hosts = {}
        for code, count in REFERENCE_BLKK.items():
            others = list(names.OTHER_HOSTS[code])
            ponpes = [pesantren.pop() for _ in range(count - len(others))]
            if code == "33.25":  # the demo BLKK opens the list: "BLKK Ponpes Al-Hikmah"
                ponpes[0] = names.PESANTREN[0]
            mixed = [("pondok_pesantren", f"Pondok Pesantren {p}", f"BLKK Ponpes {p}") for p in ponpes]
            mixed += others
            first, rest = mixed[0], mixed[1:]
            self.rng.shuffle(rest)
            hosts[code] = [first, *rest]
        return hosts

    def _offered(self, index: int) -> list[str]:
        if index == 0:
            return list(DEMO_BLKK_VOCATIONS)
        k = self.rng.choices((1, 2, 3), weights=(35, 45, 20))[0]
        codes = list(catalog.VOCATIONS)
        weights = [catalog.VOCATIONS[c].weight for c in codes]
        offered: list[str] = []
        while len(offered) < k:
            code = self.rng.choices(codes, weights=weights)[0]
            if code not in offered:
                offered.append(code)
        return offered

    def _blkks(self) -> list[Blkk]:
        rng = self.rng
        rows: list[Blkk] = []
        offered: list[list[str]] = []
        for code, hosts in self._hosts().items():
            for seq, (host_type, host_name, name) in enumerate(hosts, start=1):
                verified = len(rows) == 0 or rng.random() < 0.9
                established = dt.date(rng.randrange(2017, 2023), rng.randrange(1, 13), rng.randrange(1, 28))
                rows.append(
                    Blkk(
                        name=name,
                        registration_number=registration_number(code, seq),
                        host_type=host_type,
                        host_name=host_name,
                        regency_id=code,
                        address=names.address(rng, code),
                        phone=names.phone_number(rng),
                        email=f"blkk{code.replace('.', '')}{seq:03d}@example.org",
                        verified=verified,
                        verified_at=_aware(established + dt.timedelta(days=120)) if verified else None,
                    )
                )
                offered.append(self._offered(len(offered)))
        self._cover_demand(offered)
        blkks = Blkk.objects.bulk_create(rows)
        self.loader.link(
            Blkk.vocations,
            ((b.pk, self.vocations[c].pk) for b, codes in zip(blkks, offered, strict=True) for c in codes),
        )
        self.offered = dict(zip((b.pk for b in blkks), offered, strict=True))
        self.log(f"  {len(blkks)} BLKK")
        return blkks

    def _cover_demand(self, offered: list[list[str]]) -> None:
        """Every vocation an employer hires for is taught by at least two BLKK."""
        demanded = {code for employer in catalog.EMPLOYERS for code in employer.vocations}
        taught = Counter(code for codes in offered for code in codes)
        for code in sorted(demanded):
            while taught[code] < 2:
                slot = min(range(1, len(offered)), key=lambda i: (len(offered[i]), i))
                offered[slot].append(code)
                taught[code] += 1

    # --- Programmes and cohorts ---------------------------------------------------------------
    def _programmes(self, blkks: list[Blkk]) -> list[Program]:
        rng = self.rng
        rows, unit_sets = [], []
        for blkk in blkks:
            for code in self.offered[blkk.pk]:
                profile = catalog.VOCATIONS[code]
                units = list(self.units[code])
                for _ in range(rng.choice((0, 0, 0, 1, 2))):  # most teach every unit; K3 always
                    units.pop(rng.randrange(1, len(units)))
                rows.append(
                    Program(
                        blkk=blkk,
                        vocation=self.vocations[code],
                        title=rng.choice(profile.programmes),
                        hours=rng.choice(profile.hours),
                        default_capacity=DEFAULT_CAPACITY,
                    )
                )
                unit_sets.append(units)
        programmes = Program.objects.bulk_create(rows)
        self.loader.link(
            Program.competencies,
            ((p.pk, u.pk) for p, units in zip(programmes, unit_sets, strict=True) for u in units),
        )
        self.programme_units = {p.pk: units for p, units in zip(programmes, unit_sets, strict=True)}
        self.log(f"  {len(programmes)} programmes")
        return programmes

    def _cohorts(self, programmes: list[Program]) -> list[Cohort]:
        """Cohorts back to back from 2023 on; the last one of a programme may be running or planned."""
        rng, today = self.rng, self.today
        rows = []
        for programme in programmes:
            weeks = -(-programme.hours // 40)  # 8 JP a day, 5 days a week
            length = dt.timedelta(days=weeks * 7 - 3)  # Monday to Friday
            roll = rng.random()
            if roll < 0.14:  # planned: starts within the next five weeks
                start = today + dt.timedelta(days=rng.randrange(7, 36))
            elif roll < 0.32:  # running now
                start = today - dt.timedelta(days=rng.randrange(3, length.days - 3))
            else:  # finished
                start = today - length - dt.timedelta(days=rng.randrange(10, 330))
            starts = [start]
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                starts.append(starts[-1] - length - dt.timedelta(days=rng.randrange(45, 260)))
            for number, begin in enumerate(reversed(starts), start=1):
                begin -= dt.timedelta(days=begin.weekday())  # a Monday
                end = begin + length
                if end < today:
                    status = Cohort.Status.FINISHED
                elif begin > today:
                    status = Cohort.Status.PLANNED
                else:
                    status = Cohort.Status.RUNNING
                rows.append(
                    Cohort(
                        program=programme,
                        number=number,
                        start_date=begin,
                        end_date=end,
                        capacity=programme.default_capacity,
                        status=status,
                    )
                )
        cohorts = Cohort.objects.bulk_create(rows)
        self.log(f"  {len(cohorts)} cohorts {dict(Counter(str(c.status) for c in cohorts))}")
        return cohorts

    # --- Trainees and enrolments ----------------------------------------------------------------
    def _age_today(self, cohort: Cohort) -> int:
        rng, today = self.rng, self.today
        if cohort.end_date > today - dt.timedelta(days=240) and rng.random() < 0.04:
            return rng.choice((16, 17))  # minors exist (children's data is specific data)
        age = rng.choices(range(18, 31), weights=(5, 9, 10, 10, 9, 8, 7, 6, 5, 4, 3, 3, 2))[0]
        years_ago = (today - cohort.start_date).days // 365
        return max(age, 16 + years_ago)  # at least 16 when the cohort started

    def _person(self, cohort: Cohort, blkk: Blkk, gender: str) -> Trainee:
        rng, today = self.rng, self.today
        age = self._age_today(cohort)
        birth = today - dt.timedelta(days=int(age * 365.25) + rng.randrange(1, 360))
        district = rng.randrange(1, len(names.DISTRICTS[blkk.regency_id]) + 1)
        nik_date = birth
        if rng.random() < 0.01:  # registered with a NIK whose date part disagrees (kept, flagged)
            nik_date = birth + dt.timedelta(days=rng.choice((-1, 1)) * rng.randrange(1, 60))
        day = nik_date.day + (40 if gender == "P" else 0)
        nik = f"{blkk.regency_id.replace('.', '')}{district:02d}{day:02d}{nik_date:%m%y}{next(self.serials):04d}"
        home = blkk.regency_id
        if rng.random() < 0.12:
            home = rng.choice([code for code in REFERENCE_BLKK if code != blkk.regency_id])
        full_name = names.person_name(rng, gender)
        registered = min(cohort.start_date - dt.timedelta(days=rng.randrange(5, 30)), today)
        consent = rng.random() < 0.93
        objects = rng.random() < 0.015
        return Trainee(
            blkk=blkk,
            nik=nik,
            full_name=full_name,
            gender=gender,
            birth_date=birth,
            education=rng.choices(("SD", "SMP", "SMA", "SMK", "D3", "S1"), weights=(2, 18, 33, 40, 4, 3))[0],
            regency_id=home,
            address=names.address(rng, home, district=district if home == blkk.regency_id else None),
            relocate=rng.random() < 0.3,
            phone=names.phone_number(rng),
            email=names.email_for(rng, full_name) if rng.random() < 0.45 else "",
            consent_share=consent,
            consent_share_at=_aware(registered) if consent else None,
            objects_to_matching=objects,
            objected_at=_aware(registered, hour=14) if objects else None,
            nik_review=bool(nik_discrepancies(nik, birth_date=birth, gender=gender)),
        )

    def _trainees(self, cohorts: list[Cohort]) -> list[Graduate]:
        """Fill every cohort; returns the graduates, for the applications of the job pipeline."""
        rng = self.rng
        programmes = {c.program_id: c.program for c in cohorts}
        blkks = {p.pk: p.blkk for p in programmes.values()}
        people: list[Trainee] = []
        seats: list[tuple[Cohort, int]] = []
        for cohort in cohorts:
            programme = programmes[cohort.program_id]
            female = catalog.VOCATIONS[programme.vocation.code].female_share
            filled = cohort.capacity - rng.choice((0, 0, 0, 1, 2))
            if cohort.status == Cohort.Status.PLANNED:
                filled = rng.randrange(10, cohort.capacity + 1)
            for seat in range(1, filled + 1):
                gender = "P" if rng.random() < female else "L"
                people.append(self._person(cohort, blkks[programme.pk], gender))
                seats.append((cohort, seat))
        trainees = Trainee.objects.bulk_create(people, batch_size=1000)

        enrolments, achieved = [], []
        for trainee, (cohort, seat) in zip(trainees, seats, strict=True):
            enrolment = Enrolment(
                trainee=trainee, cohort=cohort, blkk_id=trainee.blkk_id, status=Enrolment.Status.REGISTERED
            )
            units: list[CompetencyUnit] = []
            if cohort.status == Cohort.Status.RUNNING:
                enrolment.status = Enrolment.Status.IN_TRAINING
            elif cohort.status == Cohort.Status.FINISHED:
                if rng.random() < 0.08:
                    enrolment.status = Enrolment.Status.DROPPED
                else:
                    enrolment.status = Enrolment.Status.GRADUATED
                    enrolment.graduated_on = cohort.end_date
                    blkk = blkks[cohort.program_id]
                    enrolment.certificate_number = (
                        f"{blkk.registration_number.replace('BLKK/', '').replace('/', '.')}/"
                        f"{programmes[cohort.program_id].vocation.code}/{cohort.end_date:%Y}/"
                        f"{cohort.number:02d}/{seat:02d}"
                    )
                    units = list(self.programme_units[cohort.program_id])
                    if rng.random() < 0.15:  # partial: missed one or two units
                        for _ in range(rng.choice((1, 2))):
                            units.pop(rng.randrange(len(units)))
            enrolments.append(enrolment)
            achieved.append(units)
        enrolments = Enrolment.objects.bulk_create(enrolments, batch_size=1000)
        self.loader.link(
            Enrolment.competencies,
            ((e.pk, u.pk) for e, units in zip(enrolments, achieved, strict=True) for u in units),
        )
        self.log(f"  {len(trainees)} trainees, {dict(Counter(str(e.status) for e in enrolments))}")
        return [
            Graduate(t, programmes[e.cohort.program_id].vocation.code, e.graduated_on)
            for t, e in zip(trainees, enrolments, strict=True)
            if e.status == Enrolment.Status.GRADUATED
        ]
