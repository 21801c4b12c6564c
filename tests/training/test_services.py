"""Programme and cohort services."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from apps.training import services
from apps.training.models import DEFAULT_CAPACITY, Cohort, Program
from tests import factories as f

START, END = dt.date(2027, 1, 4), dt.date(2027, 3, 26)


def field_errors(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


@pytest.fixture
def program(blkk_a):
    return f.ProgramFactory(blkk=blkk_a, default_capacity=20)


# --- program_create -------------------------------------------------------------------------------
def test_program_create_saves_the_programme_with_its_units(blkk_a):
    units = f.units("LAS", 3)
    program = services.program_create(
        blkk=blkk_a, vocation=f.vocation("LAS"), title="Las SMAW 3G", hours=240, competencies=units
    )
    saved = Program.objects.get(pk=program.pk)
    assert (saved.blkk, saved.title, saved.hours, saved.default_capacity) == (
        blkk_a,
        "Las SMAW 3G",
        240,
        DEFAULT_CAPACITY,
    )
    assert set(saved.competencies.all()) == set(units)


def test_program_create_refuses_units_of_another_vocation(blkk_a):
    foreign = f.units("TIK", 1)
    assert foreign, "the taxonomy data migration ships TIK units"
    with pytest.raises(ValidationError) as exc:
        services.program_create(
            blkk=blkk_a,
            vocation=f.vocation("LAS"),
            title="Las SMAW",
            hours=240,
            competencies=[*f.units("LAS", 2), *foreign],
        )
    assert foreign[0].code in " ".join(field_errors(exc)["competencies"])
    assert not Program.objects.exists()


@pytest.mark.parametrize("hours", [0, 5001])
def test_program_create_refuses_hours_out_of_range(blkk_a, hours):
    with pytest.raises(ValidationError) as exc:
        services.program_create(blkk=blkk_a, vocation=f.vocation("LAS"), title="Las", hours=hours)
    assert "hours" in field_errors(exc)
    assert not Program.objects.exists()


def test_program_update_refuses_units_of_another_vocation(program):
    before = set(program.competencies.all())
    with pytest.raises(ValidationError) as exc:
        services.program_update(program=program, data={"competencies": f.units("TIK", 1)})
    assert "competencies" in field_errors(exc)
    assert set(Program.objects.get(pk=program.pk).competencies.all()) == before


def test_program_update_checks_units_against_the_new_vocation(program):
    tik = f.units("TIK", 2)
    services.program_update(program=program, data={"vocation": f.vocation("TIK"), "competencies": tik})
    saved = Program.objects.get(pk=program.pk)
    assert saved.vocation.code == "TIK" and set(saved.competencies.all()) == set(tik)


def test_program_update_ignores_the_blkk(program, blkk_b):
    services.program_update(program=program, data={"blkk": blkk_b, "title": "Las Listrik"})
    saved = Program.objects.get(pk=program.pk)
    assert (saved.blkk_id, saved.title) == (program.blkk_id, "Las Listrik")


# --- cohort_create --------------------------------------------------------------------------------
def test_cohort_create_numbers_the_first_cohort_1(program):
    cohort = services.cohort_create(program=program, start_date=START, end_date=END)
    assert Cohort.objects.get(pk=cohort.pk).number == 1


def test_cohort_create_numbers_after_the_highest_existing_cohort(program):
    f.CohortFactory(program=program, number=1)
    f.CohortFactory(program=program, number=4)
    cohort = services.cohort_create(program=program, start_date=START, end_date=END)
    assert cohort.number == 5


def test_cohort_create_numbers_per_programme(program, blkk_a):
    f.CohortFactory(program=f.ProgramFactory(blkk=blkk_a), number=7)
    assert services.cohort_create(program=program, start_date=START, end_date=END).number == 1


def test_cohort_create_takes_the_programmes_default_capacity(program):
    cohort = services.cohort_create(program=program, start_date=START, end_date=END)
    assert Cohort.objects.get(pk=cohort.pk).capacity == 20


def test_cohort_create_refuses_a_taken_number(program):
    f.CohortFactory(program=program, number=2)
    with pytest.raises(ValidationError):
        services.cohort_create(program=program, start_date=START, end_date=END, number=2)
    assert program.cohorts.count() == 1


def test_cohort_create_refuses_an_end_before_the_start(program):
    with pytest.raises(ValidationError) as exc:
        services.cohort_create(program=program, start_date=END, end_date=START)
    assert "end_date" in field_errors(exc)
    assert not program.cohorts.exists()


def test_cohort_create_refuses_a_capacity_of_zero(program):
    with pytest.raises(ValidationError) as exc:
        services.cohort_create(program=program, start_date=START, end_date=END, capacity=0)
    assert "capacity" in field_errors(exc)
    assert not program.cohorts.exists()


def test_cohort_update_refuses_dates_out_of_order_and_changes_nothing(program):
    cohort = f.CohortFactory(program=program, start_date=START, end_date=END)
    with pytest.raises(ValidationError) as exc:
        services.cohort_update(cohort=cohort, data={"end_date": START - dt.timedelta(days=1)})
    assert "end_date" in field_errors(exc)
    assert Cohort.objects.get(pk=cohort.pk).end_date == END
