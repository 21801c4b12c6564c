"""Graduation of a cohort: per trainee the units achieved or "dropped out", one date."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.trainees.models import Enrolment
from apps.training.models import Cohort
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(blkk_a):
    today = timezone.localdate()
    return f.CohortFactory(
        program=f.ProgramFactory(blkk=blkk_a, competencies=f.units("LAS", 4)),
        start_date=today - dt.timedelta(days=90),
        end_date=today - dt.timedelta(days=1),
        status=Cohort.Status.RUNNING,
    )


@pytest.fixture
def enrolments(blkk_a, cohort):
    return [
        f.EnrolmentFactory(cohort=cohort, trainee=f.TraineeFactory(blkk=blkk_a, full_name=name))
        for name in ("Ahmad", "Budi", "Citra")
    ]


def url(cohort):
    return reverse("trainees:graduate", args=[cohort.pk])


def form_data(enrolments, units, graduated_on, **extra):
    data = {"graduated_on": graduated_on.isoformat()}
    for enrolment in enrolments:
        data[f"units_{enrolment.pk}"] = [str(u.pk) for u in units]
    return {**data, **extra}


def test_form_ticks_every_unit_of_the_programme_for_every_trainee(client, alice, cohort, enrolments):
    client.force_login(alice)
    form = client.get(url(cohort)).context["graduates_form"]
    program_units = {str(u.pk) for u in cohort.program.competencies.all()}
    assert [e.pk for e, _units, _dropped in form.rows()] == [e.pk for e in enrolments]
    assert all(set(units.value()) == program_units for _e, units, _d in form.rows())


def test_form_leaves_out_dropped_trainees(client, alice, cohort, enrolments):
    Enrolment.objects.filter(pk=enrolments[0].pk).update(status=Enrolment.Status.DROPPED)
    client.force_login(alice)
    form = client.get(url(cohort)).context["graduates_form"]
    assert [e.pk for e in form.enrolments] == [e.pk for e in enrolments[1:]]


def test_graduation_sets_the_units_of_each_graduate_and_finishes_the_cohort(
    client, alice, cohort, enrolments
):
    units = f.units("LAS", 4)
    ahmad, budi, citra = enrolments
    on = cohort.end_date
    data = form_data(enrolments, units, on)
    data[f"units_{budi.pk}"] = [str(units[0].pk), str(units[1].pk)]
    data[f"dropped_{citra.pk}"] = "on"
    client.force_login(alice)
    response = client.post(url(cohort), data)
    assert response["Location"] == reverse("training:cohort-detail", args=[cohort.pk])
    ahmad, budi, citra = (Enrolment.objects.get(pk=e.pk) for e in enrolments)
    assert (ahmad.status, ahmad.graduated_on) == (Enrolment.Status.GRADUATED, on)
    assert set(ahmad.competencies.all()) == set(units)
    assert set(budi.competencies.all()) == set(units[:2])
    assert citra.status == Enrolment.Status.DROPPED and not citra.competencies.exists()
    assert Cohort.objects.get(pk=cohort.pk).status == Cohort.Status.FINISHED


def test_graduation_in_the_future_shows_the_error_and_graduates_nobody(client, alice, cohort, enrolments):
    client.force_login(alice)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(url(cohort), form_data(enrolments, f.units("LAS", 4), tomorrow))
    assert response.status_code == 200
    assert response.context["date_form"].errors["graduated_on"]
    assert not Enrolment.objects.filter(status=Enrolment.Status.GRADUATED).exists()
    assert Cohort.objects.get(pk=cohort.pk).status == Cohort.Status.RUNNING


def test_a_graduate_without_any_unit_is_refused_and_nothing_changes(client, alice, cohort, enrolments):
    client.force_login(alice)
    data = form_data(enrolments, f.units("LAS", 4), cohort.end_date)
    del data[f"units_{enrolments[0].pk}"]
    response = client.post(url(cohort), data)
    assert response.status_code == 200
    assert response.context["graduates_form"].errors[f"units_{enrolments[0].pk}"]
    assert not Enrolment.objects.filter(status=Enrolment.Status.GRADUATED).exists()


def test_units_not_taught_by_the_programme_are_refused(client, alice, cohort, enrolments):
    client.force_login(alice)
    data = form_data(enrolments, f.units("LAS", 4), cohort.end_date)
    data[f"units_{enrolments[0].pk}"] = [str(f.units("GRM", 1)[0].pk)]
    response = client.post(url(cohort), data)
    assert response.status_code == 200
    assert response.context["graduates_form"].errors[f"units_{enrolments[0].pk}"]
    assert Cohort.objects.get(pk=cohort.pk).status == Cohort.Status.RUNNING


def test_graduation_without_a_date_is_refused(client, alice, cohort, enrolments):
    client.force_login(alice)
    data = form_data(enrolments, f.units("LAS", 4), cohort.end_date)
    data["graduated_on"] = ""
    response = client.post(url(cohort), data)
    assert response.status_code == 200
    assert response.context["date_form"].errors["graduated_on"]
    assert Cohort.objects.get(pk=cohort.pk).status == Cohort.Status.RUNNING
