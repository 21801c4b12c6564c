"""From the database to the engine's arrays (and back to ids and codes). No scoring here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp
from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from apps.core.choices import EDUCATION_RANK
from apps.matching import engine
from apps.regions.models import Regency
from apps.taxonomy.models import CompetencyUnit, Vocation
from apps.trainees.models import Enrolment, Trainee, adult_born_on_or_before
from apps.vacancies.models import Application, Vacancy

EPOCH = dt.date(1970, 1, 1)
GRADUATED = Enrolment.Status.GRADUATED
# Pipeline steps that hold one of the vacancy's places (proposals fill only what is left).
SEAT_HOLDING = (
    Application.Status.SHORTLISTED,
    Application.Status.INTERVIEW,
    Application.Status.OFFERED,
    Application.Status.HIRED,
)


GENDER = {"any": engine.ANY_GENDER, "L": engine.MALE, "P": engine.FEMALE}


def days(value: dt.date) -> int:
    return (value - EPOCH).days


def weights() -> engine.Weights:
    cfg = settings.MATCHING
    return engine.Weights(reach_km=float(cfg["REACH_KM"]), top_k=int(cfg["TOP_K"]))


@dataclass
class Universe:
    """Index spaces shared by one run: regencies, competency units and vocations."""

    regency_codes: list[str]
    regions: engine.Regions
    unit_ids: np.ndarray
    unit_codes: list[str]
    vocation_ids: np.ndarray

    @classmethod
    def load(cls) -> Universe:
        regencies = list(Regency.objects.order_by("code").values_list("code", "latitude", "longitude"))
        units = list(CompetencyUnit.objects.order_by("id").values_list("id", "code"))
        return cls(
            regency_codes=[r[0] for r in regencies],
            regions=engine.Regions(lat=[r[1] for r in regencies], lon=[r[2] for r in regencies]),
            unit_ids=np.array([u[0] for u in units], dtype=np.int64),
            unit_codes=[u[1] for u in units],
            vocation_ids=np.array(
                Vocation.objects.order_by("id").values_list("id", flat=True), dtype=np.int64
            ),
        )

    @cached_property
    def regency_index(self) -> dict[str, int]:
        return {code: i for i, code in enumerate(self.regency_codes)}

    def unit_pos(self, ids: Iterable[int]) -> np.ndarray:
        return np.searchsorted(self.unit_ids, np.fromiter(ids, dtype=np.int64))

    def vocation_pos(self, ids: Iterable[int]) -> np.ndarray:
        return np.searchsorted(self.vocation_ids, np.fromiter(ids, dtype=np.int64))

    def regencies_within_reach(self, codes: Iterable[str], reach_km: float) -> list[str]:
        """Regencies whose centroid lies within ``reach_km`` of any of ``codes``."""
        idx = [self.regency_index[c] for c in set(codes) if c in self.regency_index]
        if not idx:
            return []
        geo = engine.Geography.build(self.regions, reach_km)
        near = np.unique(np.concatenate([geo.within_reach(i) for i in idx]))
        return [self.regency_codes[i] for i in near.tolist()]


def _csr(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_array:
    return sp.csr_array((np.ones(rows.size, dtype=np.int16), (rows, cols)), shape=shape)


def load_graduates(
    universe: Universe, *, regencies: Iterable[str] | None = None, trainee_ids: Iterable[int] | None = None
) -> engine.Graduates:
    """Graduates (at least one graduated enrolment), optionally those living in ``regencies``
    or willing to relocate, or just ``trainee_ids``.

    ``available`` is False for whoever may not be proposed: hired, not consenting to sharing
    with employers, objecting to automated matching, under 18 today, or erased.
    """
    trainees = Trainee.objects.all()
    if trainee_ids is not None:
        trainees = trainees.filter(pk__in=list(trainee_ids))
    if regencies is not None:
        trainees = trainees.filter(Q(regency__in=list(regencies)) | Q(relocate=True))
    enrolments = Enrolment.objects.filter(status=GRADUATED, trainee__in=trainees)
    graduated = np.array(
        list(enrolments.values_list("trainee_id", "graduated_on", "cohort__program__vocation_id")),
        dtype=object,
    ).reshape(-1, 3)
    ids = np.unique(graduated[:, 0].astype(np.int64)) if len(graduated) else np.zeros(0, dtype=np.int64)
    n = ids.size
    attrs = list(
        Trainee.objects.filter(pk__in=ids.tolist())
        .order_by("pk")
        .values_list(
            "pk",
            "gender",
            "birth_date",
            "education",
            "regency_id",
            "relocate",
            "consent_share",
            "objects_to_matching",
            "erased_at",
        )
    )
    hired = set(
        Application.objects.filter(status=Application.Status.HIRED, trainee_id__in=ids.tolist()).values_list(
            "trainee_id", flat=True
        )
    )
    latest_adult_birth = adult_born_on_or_before(timezone.localdate())
    last_graduation = np.zeros(n, dtype=np.int32)
    skills_rows = vocation_rows = np.zeros(0, dtype=np.int64)
    skills_cols = vocation_cols = np.zeros(0, dtype=np.int64)
    if n:
        pos = np.searchsorted(ids, graduated[:, 0].astype(np.int64))
        grad_days = np.array([days(d) for d in graduated[:, 1]], dtype=np.int32)
        np.maximum.at(last_graduation, pos, grad_days)
        vocation_rows, vocation_cols = pos, universe.vocation_pos(graduated[:, 2].astype(np.int64))
        through = Enrolment.competencies.through.objects.filter(enrolment__in=enrolments)
        pairs = np.array(
            list(through.values_list("enrolment__trainee_id", "competencyunit_id")), dtype=np.int64
        )
        pairs = pairs.reshape(-1, 2)
        skills_rows = np.searchsorted(ids, pairs[:, 0])
        skills_cols = universe.unit_pos(pairs[:, 1])
    return engine.Graduates(
        ids=ids,
        skills=_csr(skills_rows, skills_cols, (n, len(universe.unit_ids))),
        vocations=_csr(vocation_rows, vocation_cols, (n, len(universe.vocation_ids))),
        gender=[GENDER[a[1]] for a in attrs],
        birth=[days(a[2]) for a in attrs],
        education=[EDUCATION_RANK[a[3]] for a in attrs],
        regency=[universe.regency_index[a[4]] for a in attrs],
        relocate=[a[5] for a in attrs],
        graduated=last_graduation,
        available=[
            a[6] and not a[7] and a[8] is None and a[0] not in hired and a[2] <= latest_adult_birth
            for a in attrs
        ],
    )


def load_vacancies(universe: Universe, vacancies: QuerySet[Vacancy]) -> engine.Vacancies:
    """Vacancies with the places still open to proposals (headcount minus seats taken)."""
    rows = list(
        vacancies.order_by("pk").values_list(
            "pk",
            "vocation_id",
            "min_education",
            "gender",
            "age_min",
            "age_max",
            "regency_id",
            "headcount",
            "closes_on",
        )
    )
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    taken = dict(
        Application.objects.filter(vacancy_id__in=ids.tolist(), status__in=SEAT_HOLDING)
        .values_list("vacancy_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    req = np.array(
        list(
            Vacancy.competencies.through.objects.filter(vacancy_id__in=ids.tolist()).values_list(
                "vacancy_id", "competencyunit_id"
            )
        ),
        dtype=np.int64,
    ).reshape(-1, 2)
    today = timezone.localdate()
    return engine.Vacancies(
        ids=ids,
        required=_csr(
            np.searchsorted(ids, req[:, 0]), universe.unit_pos(req[:, 1]), (ids.size, len(universe.unit_ids))
        ),
        vocation=universe.vocation_pos(r[1] for r in rows),
        min_education=[EDUCATION_RANK[r[2]] for r in rows],
        gender=[GENDER[r[3]] for r in rows],
        age_min=[r[4] for r in rows],
        age_max=[r[5] for r in rows],
        regency=[universe.regency_index[r[6]] for r in rows],
        headcount=[max(0, r[7] - taken.get(r[0], 0)) for r in rows],
        on=[days(max(r[8], today)) for r in rows],
    )
