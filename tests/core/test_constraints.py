"""Database constraints hold even when model validation is bypassed (bulk SQL, a buggy import).

Each test writes past ``full_clean()`` (``objects.create`` / ``update``) and expects the database to
refuse the row; the surrounding ``transaction.atomic()`` keeps the test's transaction usable.
"""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from apps.employers.models import Employer
from apps.matching.models import Match
from apps.registry.models import Blkk
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort, Program
from apps.vacancies.models import Application, Vacancy
from tests import factories as f


# --- uniqueness -----------------------------------------------------------------------------------
def test_db_refuses_a_second_trainee_with_the_same_nik(blkk_a, blkk_b):
    first = f.TraineeFactory(blkk=blkk_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.TraineeFactory(blkk=blkk_b, nik=first.nik)
    assert Trainee.objects.filter(nik=first.nik).count() == 1


def test_db_refuses_a_second_employer_with_the_same_nib(employer_x):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.EmployerFactory(nib=employer_x.nib)
    assert Employer.objects.filter(nib=employer_x.nib).count() == 1


def test_db_refuses_a_second_blkk_with_the_same_registration_number(blkk_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.BlkkFactory(registration_number=blkk_a.registration_number)
    assert Blkk.objects.filter(registration_number=blkk_a.registration_number).count() == 1


def test_db_refuses_a_second_application_of_a_trainee_to_the_same_vacancy(blkk_a, employer_x):
    application = f.ApplicationFactory(
        trainee=f.TraineeFactory(blkk=blkk_a), vacancy=f.VacancyFactory(employer=employer_x)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            vacancy=application.vacancy, trainee=application.trainee, source=Application.Source.NOMINATED
        )
    assert Application.objects.filter(vacancy=application.vacancy).count() == 1


def test_db_refuses_the_same_trainee_twice_in_a_cohort(blkk_a):
    enrolment = f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a))
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(trainee=enrolment.trainee, cohort=enrolment.cohort)
    assert Enrolment.objects.filter(trainee=enrolment.trainee).count() == 1


def test_db_refuses_two_cohorts_with_the_same_number_in_a_programme(blkk_a):
    cohort = f.CohortFactory(program=f.ProgramFactory(blkk=blkk_a))
    with pytest.raises(IntegrityError), transaction.atomic():
        f.CohortFactory(program=cohort.program, number=cohort.number)
    assert Cohort.objects.filter(program=cohort.program).count() == 1


def test_db_refuses_a_second_match_of_a_trainee_for_the_same_vacancy(blkk_a, employer_x):
    vacancy, trainee = f.VacancyFactory(employer=employer_x), f.TraineeFactory(blkk=blkk_a)
    Match.objects.create(vacancy=vacancy, trainee=trainee, score=50, rank=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.create(vacancy=vacancy, trainee=trainee, score=60, rank=2)
    assert Match.objects.filter(vacancy=vacancy).count() == 1


# --- vacancies ------------------------------------------------------------------------------------
@pytest.fixture
def vacancy(employer_x):
    return f.VacancyFactory(employer=employer_x)


def assert_vacancy_update_refused(vacancy: Vacancy, **values) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Vacancy.objects.filter(pk=vacancy.pk).update(**values)
    fresh = Vacancy.objects.get(pk=vacancy.pk)
    assert all(getattr(fresh, name) == getattr(vacancy, name) for name in values)


def test_db_refuses_a_headcount_of_zero(vacancy):
    assert_vacancy_update_refused(vacancy, headcount=0)


def test_db_refuses_creating_a_vacancy_for_nobody(employer_x):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.VacancyFactory(employer=employer_x, headcount=0)
    assert not Vacancy.objects.exists()


@pytest.mark.parametrize(
    ("age_min", "age_max"),
    [(30, 25), (17, 35), (18, 66), (70, 80)],
    ids=["min-above-max", "min-below-18", "max-above-65", "both-above-65"],
)
def test_db_refuses_an_insane_age_range(vacancy, age_min, age_max):
    assert_vacancy_update_refused(vacancy, age_min=age_min, age_max=age_max)


def test_db_accepts_a_single_age(vacancy):
    Vacancy.objects.filter(pk=vacancy.pk).update(age_min=25, age_max=25)
    vacancy.refresh_from_db()
    assert (vacancy.age_min, vacancy.age_max) == (25, 25)


def test_db_refuses_a_salary_range_out_of_order(vacancy):
    assert_vacancy_update_refused(vacancy, salary_min=4_000_000, salary_max=3_000_000)


# --- training -------------------------------------------------------------------------------------
def test_db_refuses_a_cohort_ending_before_it_starts(blkk_a):
    cohort = f.CohortFactory(program=f.ProgramFactory(blkk=blkk_a))
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=cohort.pk).update(end_date=cohort.start_date - dt.timedelta(days=1))
    assert Cohort.objects.get(pk=cohort.pk).end_date == cohort.end_date


def test_db_accepts_a_one_day_cohort(blkk_a):
    cohort = f.CohortFactory(
        program=f.ProgramFactory(blkk=blkk_a), start_date=dt.date(2026, 2, 2), end_date=dt.date(2026, 2, 2)
    )
    assert Cohort.objects.filter(pk=cohort.pk).exists()


def test_db_refuses_a_cohort_without_capacity(blkk_a):
    cohort = f.CohortFactory(program=f.ProgramFactory(blkk=blkk_a))
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=cohort.pk).update(capacity=0)
    assert Cohort.objects.get(pk=cohort.pk).capacity == cohort.capacity


def test_db_refuses_a_programme_without_hours(blkk_a):
    program = f.ProgramFactory(blkk=blkk_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.filter(pk=program.pk).update(hours=0)
    assert Program.objects.get(pk=program.pk).hours == program.hours


# --- enrolments: graduated ⇔ graduation date ------------------------------------------------------
def test_db_refuses_a_graduate_without_a_graduation_date(blkk_a):
    enrolment = f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a))
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.GRADUATED)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.REGISTERED


@pytest.mark.parametrize(
    "status", [Enrolment.Status.REGISTERED, Enrolment.Status.IN_TRAINING, Enrolment.Status.DROPPED]
)
def test_db_refuses_a_graduation_date_on_an_enrolment_that_did_not_graduate(blkk_a, status):
    enrolment = f.EnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a), status=status)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk).update(graduated_on=dt.date(2026, 3, 27))
    assert Enrolment.objects.get(pk=enrolment.pk).graduated_on is None


def test_db_refuses_un_graduating_without_clearing_the_date(blkk_a):
    enrolment = f.GraduateEnrolmentFactory(trainee=f.TraineeFactory(blkk=blkk_a))
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.DROPPED)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.GRADUATED


# --- personal data ----------------------------------------------------------------------------------
def test_db_refuses_consent_without_its_time(blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a, consent_share=False, consent_share_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Trainee.objects.filter(pk=trainee.pk).update(consent_share=True)
    assert Trainee.objects.get(pk=trainee.pk).consent_share is False


# --- matching ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("score", [-0.5, 100.5])
def test_db_refuses_a_match_score_outside_0_100(blkk_a, employer_x, score):
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.create(
            vacancy=f.VacancyFactory(employer=employer_x),
            trainee=f.TraineeFactory(blkk=blkk_a),
            score=score,
            rank=1,
        )
    assert not Match.objects.exists()
