"""Cohorts: list, create with the next number, edit, detail with trainees, enrol, drop out."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.trainees.models import Enrolment
from apps.training.models import Cohort
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(blkk_a):
    return f.ProgramFactory(blkk=blkk_a, default_capacity=12)


@pytest.fixture
def running(program):
    today = timezone.localdate()
    return f.CohortFactory(
        program=program,
        number=1,
        start_date=today - dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=30),
        status=Cohort.Status.RUNNING,
        capacity=2,
    )


def test_create_gives_the_next_number_and_the_programmes_capacity(client, alice, program):
    f.CohortFactory(program=program, number=3)
    client.force_login(alice)
    response = client.post(
        reverse("training:cohort-create", args=[program.pk]),
        {"start_date": "2026-07-06", "end_date": "2026-09-25", "capacity": 12},
    )
    cohort = Cohort.objects.get(program=program, number=4)
    assert response["Location"] == reverse("training:cohort-detail", args=[cohort.pk])
    assert (cohort.capacity, cohort.status) == (12, Cohort.Status.PLANNED)


def test_create_form_proposes_the_programmes_default_capacity(client, alice, program):
    client.force_login(alice)
    form = client.get(reverse("training:cohort-create", args=[program.pk])).context["form"]
    assert form["capacity"].value() == 12


def test_create_with_end_before_start_shows_the_error_and_saves_nothing(client, alice, program):
    client.force_login(alice)
    response = client.post(
        reverse("training:cohort-create", args=[program.pk]),
        {"start_date": "2026-07-06", "end_date": "2026-07-01", "capacity": 12},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]
    assert not Cohort.objects.exists()


def test_edit_to_a_number_already_used_shows_the_error_and_changes_nothing(client, alice, program, running):
    other = f.CohortFactory(program=program, number=2)
    client.force_login(alice)
    response = client.post(
        reverse("training:cohort-edit", args=[other.pk]),
        {
            "number": 1,
            "start_date": "2026-01-05",
            "end_date": "2026-03-27",
            "capacity": 16,
            "status": "finished",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["number"]
    other.refresh_from_db()
    assert other.number == 2


def test_edit_saves_dates_capacity_and_status(client, alice, running):
    client.force_login(alice)
    response = client.post(
        reverse("training:cohort-edit", args=[running.pk]),
        {
            "number": 1,
            "start_date": "2026-02-02",
            "end_date": "2026-04-24",
            "capacity": 20,
            "status": "planned",
        },
    )
    assert response.status_code == 302
    running.refresh_from_db()
    assert (running.start_date, running.capacity, running.status) == (dt.date(2026, 2, 2), 20, "planned")


def test_list_shows_own_cohorts_with_counts(client, alice, blkk_b, running):
    f.EnrolmentFactory(cohort=running, trainee=f.TraineeFactory(blkk=running.program.blkk))
    f.CohortFactory(program=f.ProgramFactory(blkk=blkk_b))
    client.force_login(alice)
    cohorts = client.get(reverse("training:cohort-list")).context["cohorts"]
    assert [(c.pk, c.enrolled) for c in cohorts] == [(running.pk, 1)]


def test_list_query_count_does_not_grow_with_cohorts(client, alice, program, django_assert_max_num_queries):
    client.force_login(alice)
    f.CohortFactory(program=program)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("training:cohort-list"))
    for _ in range(10):
        f.CohortFactory(program=program)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("training:cohort-list"))


def test_detail_lists_trainees_with_masked_nik_and_status(client, alice, blkk_a, running):
    trainee = f.TraineeFactory(blkk=blkk_a, full_name="Siti Rahayu")
    f.EnrolmentFactory(cohort=running, trainee=trainee)
    client.force_login(alice)
    html = client.get(reverse("training:cohort-detail", args=[running.pk])).content.decode()
    assert "Siti Rahayu" in html
    assert trainee.nik[:4] + "*" * 12 in html and trainee.nik not in html


def test_detail_query_count_does_not_grow_with_trainees(
    client, alice, blkk_a, running, django_assert_max_num_queries
):
    running.capacity = 30
    running.save()
    f.EnrolmentFactory(cohort=running, trainee=f.TraineeFactory(blkk=blkk_a))
    client.force_login(alice)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("training:cohort-detail", args=[running.pk]))
    for _ in range(8):
        f.EnrolmentFactory(cohort=running, trainee=f.TraineeFactory(blkk=blkk_a))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("training:cohort-detail", args=[running.pk]))


def test_enrol_adds_an_existing_trainee_of_the_blkk(client, alice, blkk_a, running):
    trainee = f.TraineeFactory(blkk=blkk_a)
    client.force_login(alice)
    response = client.post(reverse("training:cohort-detail", args=[running.pk]), {"trainee": trainee.pk})
    assert response.status_code == 302
    assert Enrolment.objects.get(cohort=running).trainee == trainee


def test_enrol_does_not_offer_trainees_of_another_blkk(client, alice, blkk_b, running):
    outsider = f.TraineeFactory(blkk=blkk_b)
    client.force_login(alice)
    response = client.post(reverse("training:cohort-detail", args=[running.pk]), {"trainee": outsider.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["trainee"]
    assert not Enrolment.objects.exists()


def test_enrol_into_a_full_cohort_shows_the_error_and_enrols_nobody(client, alice, blkk_a, running):
    for _ in range(2):
        f.EnrolmentFactory(cohort=running, trainee=f.TraineeFactory(blkk=blkk_a))
    newcomer = f.TraineeFactory(blkk=blkk_a)
    client.force_login(alice)
    response = client.post(reverse("training:cohort-detail", args=[running.pk]), {"trainee": newcomer.pk})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()  # "the cohort is full", above the form
    assert not Enrolment.objects.filter(trainee=newcomer).exists()


def test_mark_dropped_changes_the_enrolment_status(client, alice, blkk_a, running):
    enrolment = f.EnrolmentFactory(cohort=running, trainee=f.TraineeFactory(blkk=blkk_a))
    client.force_login(alice)
    response = client.post(
        reverse("trainees:enrolment-status", args=[enrolment.pk]), {f"e{enrolment.pk}-status": "dropped"}
    )
    assert response["Location"] == reverse("training:cohort-detail", args=[running.pk])
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.DROPPED


def test_status_cannot_be_set_to_graduated_from_the_cohort_page(client, alice, blkk_a, running):
    enrolment = f.EnrolmentFactory(cohort=running, trainee=f.TraineeFactory(blkk=blkk_a))
    client.force_login(alice)
    client.post(
        reverse("trainees:enrolment-status", args=[enrolment.pk]), {f"e{enrolment.pk}-status": "graduated"}
    )
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REGISTERED
