"""Programme and cohort admin: bad input is refused field by field and changes nothing."""

import pytest
from django.urls import reverse
from django.utils import translation

from apps.training.models import Cohort, Program
from tests import factories as f
from tests.admin_helpers import error_codes, form_of, indonesian_errors, post_refused

PROGRAM_ADD_URL = reverse("admin:training_program_add")
COHORT_ADD_URL = reverse("admin:training_cohort_add")


def inline_management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def program_data(blkk, **overrides) -> dict:
    data = {
        "blkk": blkk.pk,
        "vocation": f.vocation("LAS").pk,
        "title": "Pengelasan SMAW 3G",
        "competencies": [unit.pk for unit in f.units("LAS", 3)],
        "hours": "240",
        "default_capacity": "16",
        **inline_management("cohorts"),
    }
    data.update(overrides)
    return data


def cohort_data(program, **overrides) -> dict:
    data = {
        "program": program.pk,
        "number": "1",
        "start_date": "2026-02-02",
        "end_date": "2026-04-24",
        "capacity": "16",
        "status": "planned",
    }
    data.update(overrides)
    return data


@pytest.fixture
def program(blkk_a):
    return f.ProgramFactory(blkk=blkk_a)


# --- programmes -----------------------------------------------------------------------------
def test_admin_adds_a_programme_with_units_and_a_first_cohort(admin_client, blkk_a):
    data = program_data(blkk_a)
    data.update(
        {
            **inline_management("cohorts", total=1),
            "cohorts-0-number": "1",
            "cohorts-0-start_date": "2026-02-02",
            "cohorts-0-end_date": "2026-04-24",
            "cohorts-0-capacity": "16",
            "cohorts-0-status": "planned",
        }
    )

    response = admin_client.post(PROGRAM_ADD_URL, data)

    assert response.status_code == 302
    program = Program.objects.get(title="Pengelasan SMAW 3G")
    assert program.competencies.count() == 3
    assert list(program.cohorts.values_list("number", flat=True)) == [1]


def test_admin_refuses_programme_with_zero_hours(admin_client, blkk_a):
    response = post_refused(admin_client, PROGRAM_ADD_URL, program_data(blkk_a, hours="0"))

    assert indonesian_errors(response, "hours") == ["Pastikan nilai ini lebih besar dari atau sama dengan 1."]
    assert not Program.objects.exists()


def test_admin_refuses_programme_without_title(admin_client, blkk_a):
    response = post_refused(admin_client, PROGRAM_ADD_URL, program_data(blkk_a, title=""))

    assert error_codes(response, "title") == ["required"]
    assert not Program.objects.exists()


def test_admin_refuses_programme_with_zero_default_capacity(admin_client, blkk_a):
    response = post_refused(admin_client, PROGRAM_ADD_URL, program_data(blkk_a, default_capacity="0"))

    assert error_codes(response, "default_capacity") == ["min_value"]
    assert not Program.objects.exists()


def test_admin_programme_inline_refuses_cohort_ending_before_it_starts(admin_client, blkk_a):
    data = program_data(blkk_a)
    data.update(
        {
            **inline_management("cohorts", total=1),
            "cohorts-0-number": "1",
            "cohorts-0-start_date": "2026-04-24",
            "cohorts-0-end_date": "2026-02-02",
            "cohorts-0-capacity": "16",
            "cohorts-0-status": "planned",
        }
    )

    response = admin_client.post(PROGRAM_ADD_URL, data)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    with translation.override("en"):
        assert errors[0]["end_date"] == ["The end date cannot be before the start date."]
    assert not Program.objects.exists()
    assert not Cohort.objects.exists()


# --- cohorts --------------------------------------------------------------------------------
def test_admin_adds_a_cohort(admin_client, program):
    response = admin_client.post(COHORT_ADD_URL, cohort_data(program))

    assert response.status_code == 302
    assert program.cohorts.get().capacity == 16


def test_admin_refuses_cohort_ending_before_it_starts(admin_client, program):
    response = post_refused(
        admin_client, COHORT_ADD_URL, cohort_data(program, start_date="2026-04-24", end_date="2026-02-02")
    )

    with translation.override("en"):
        assert list(form_of(response).errors["end_date"]) == ["The end date cannot be before the start date."]
    assert indonesian_errors(response, "end_date")
    assert not Cohort.objects.exists()


def test_admin_refuses_cohort_with_zero_capacity(admin_client, program):
    response = post_refused(admin_client, COHORT_ADD_URL, cohort_data(program, capacity="0"))

    assert indonesian_errors(response, "capacity") == [
        "Pastikan nilai ini lebih besar dari atau sama dengan 1."
    ]
    assert not Cohort.objects.exists()


def test_admin_refuses_cohort_with_capacity_above_500(admin_client, program):
    response = post_refused(admin_client, COHORT_ADD_URL, cohort_data(program, capacity="501"))

    assert error_codes(response, "capacity") == ["max_value"]
    assert not Cohort.objects.exists()


def test_admin_refuses_duplicate_cohort_number_in_a_programme(admin_client, program):
    existing = f.CohortFactory(program=program, number=1)

    response = post_refused(admin_client, COHORT_ADD_URL, cohort_data(program, number="1"))

    # A (programme, number) clash is reported on the number (FieldKeyedConstraintsMixin).
    assert [e.code for e in form_of(response).errors.as_data()["number"]] == ["unique_together"]
    assert list(Cohort.objects.values_list("pk", flat=True)) == [existing.pk]


def test_admin_says_in_indonesian_that_the_cohort_number_already_exists(admin_client, program):
    f.CohortFactory(program=program, number=1)

    response = post_refused(admin_client, COHORT_ADD_URL, cohort_data(program, number="1"))

    with translation.override("id"):
        [message] = form_of(response).errors["number"]
    assert message.endswith("sudah ada.")


def test_admin_accepts_the_same_cohort_number_in_another_programme(admin_client, program, blkk_b):
    f.CohortFactory(program=f.ProgramFactory(blkk=blkk_b), number=1)

    response = admin_client.post(COHORT_ADD_URL, cohort_data(program, number="1"))

    assert response.status_code == 302
    assert Cohort.objects.filter(number=1).count() == 2


def test_admin_refuses_cohort_with_invalid_start_date(admin_client, program):
    response = post_refused(admin_client, COHORT_ADD_URL, cohort_data(program, start_date="30-02-2026"))

    assert indonesian_errors(response, "start_date") == ["Masukkan tanggal yang valid."]
    assert not Cohort.objects.exists()


def test_admin_change_refuses_bad_dates_and_keeps_the_old_ones(admin_client, program):
    cohort = f.CohortFactory(program=program, number=1)
    before = (cohort.start_date, cohort.end_date)

    post_refused(
        admin_client,
        reverse("admin:training_cohort_change", args=[cohort.pk]),
        cohort_data(program, start_date="2026-06-01", end_date="2026-05-01"),
    )

    cohort.refresh_from_db()
    assert (cohort.start_date, cohort.end_date) == before
