import datetime as dt

import pytest
from django.utils import timezone

from apps.matching import services
from apps.matching.models import MatchRun
from apps.taxonomy.models import CompetencyUnit
from tests import factories as f

LAS = [f"C.251100.{i:03d}.01" for i in range(1, 11)]  # the ten welding units, in code order


@pytest.fixture
def run_now():
    """Request a run and carry it out in-process (what the Celery tasks do), return it."""

    def run(scope=MatchRun.Scope.NATIONAL, **kwargs):
        requested = services.matchrun_request(scope=scope, **kwargs)
        done = services.matchrun_execute(run_id=requested.pk)
        if scope == MatchRun.Scope.NATIONAL:
            for code in done.params["provinces"]:
                services.national_chunk(run_id=requested.pk, province_code=code)
            done = services.national_finish(run_id=requested.pk)
        return done

    return run


@pytest.fixture
def graduate(blkk_a):
    """A graduate holding the given units (codes); trainee fields as keyword arguments."""

    def make(units, vocation="LAS", blkk=None, graduated_days_ago=30, **trainee):
        chosen = list(CompetencyUnit.objects.filter(code__in=units))
        program = f.ProgramFactory(blkk=blkk or blkk_a, vocation=f.vocation(vocation), competencies=chosen)
        end = timezone.localdate() - dt.timedelta(days=graduated_days_ago)
        cohort = f.CohortFactory(program=program, start_date=end - dt.timedelta(days=60), end_date=end)
        fields = {f"trainee__{k}": v for k, v in trainee.items()}
        enrolment = f.GraduateEnrolmentFactory(
            trainee__blkk=blkk or blkk_a, cohort=cohort, competencies=chosen, **fields
        )
        return enrolment.trainee

    return make


@pytest.fixture
def vacancy(employer_x):
    """An open welding vacancy at KITB requiring the given units."""

    def make(units, headcount=1, **fields):
        chosen = list(CompetencyUnit.objects.filter(code__in=units))
        return f.VacancyFactory(
            employer=fields.pop("employer", employer_x), headcount=headcount, competencies=chosen, **fields
        )

    return make
