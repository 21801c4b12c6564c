"""Programmes: list, create and edit with the competency units of their vocation."""

import pytest
from django.urls import reverse

from apps.training.models import Program
from tests import factories as f

pytestmark = pytest.mark.django_db


def program_data(**overrides):
    las = f.vocation("LAS")
    data = {
        "vocation": las.pk,
        "title": "Pengelasan SMAW 3G",
        "hours": 320,
        "default_capacity": 16,
        "competencies": [u.pk for u in f.units("LAS", 3)],
    }
    return {**data, **overrides}


def test_list_shows_own_programmes_only(client, alice, blkk_a, blkk_b):
    f.ProgramFactory(blkk=blkk_a, title="Pengelasan SMAW")
    f.ProgramFactory(blkk=blkk_b, title="Menjahit Garmen Pemalang", vocation=f.vocation("GRM"))
    client.force_login(alice)
    programs = client.get(reverse("training:program-list")).context["programs"]
    assert [p.title for p in programs] == ["Pengelasan SMAW"]


def test_list_query_count_does_not_grow_with_programmes(client, alice, blkk_a, django_assert_max_num_queries):
    client.force_login(alice)
    f.ProgramFactory(blkk=blkk_a)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("training:program-list"))
    for _ in range(10):
        f.ProgramFactory(blkk=blkk_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("training:program-list"))
    assert len(response.context["programs"]) == 11


def test_create_saves_the_programme_with_its_units(client, alice, blkk_a):
    client.force_login(alice)
    response = client.post(reverse("training:program-create"), program_data())
    program = Program.objects.get(title="Pengelasan SMAW 3G")
    assert response.status_code == 302 and response["Location"] == reverse(
        "training:program-detail", args=[program.pk]
    )
    assert program.blkk == blkk_a
    assert {u.code for u in program.competencies.all()} == {u.code for u in f.units("LAS", 3)}


def test_create_form_lists_only_units_of_the_chosen_vocation_all_ticked(client, alice):
    client.force_login(alice)
    grm = f.vocation("GRM")
    form = client.get(reverse("training:program-create"), {"vocation": grm.pk}).context["form"]
    units = list(form.fields["competencies"].queryset)
    assert units and {u.vocation_id for u in units} == {grm.pk}
    assert set(form["competencies"].value()) == {u.pk for u in units}


def test_create_refuses_units_of_another_vocation_and_saves_nothing(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("training:program-create"), program_data(competencies=[f.units("GRM", 1)[0].pk])
    )
    assert response.status_code == 200
    assert response.context["form"].errors["competencies"]
    assert not Program.objects.exists()


def test_create_with_zero_hours_shows_the_field_error_and_saves_nothing(client, alice):
    client.force_login(alice)
    response = client.post(reverse("training:program-create"), program_data(hours=0))
    assert response.status_code == 200
    assert response.context["form"].errors["hours"]
    assert not Program.objects.exists()


def test_edit_changes_title_hours_and_units(client, alice, blkk_a):
    program = f.ProgramFactory(blkk=blkk_a)
    client.force_login(alice)
    two = f.units("LAS", 2)
    response = client.post(
        reverse("training:program-edit", args=[program.pk]),
        program_data(title="SMAW Lanjutan", hours=400, competencies=[u.pk for u in two]),
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.title, program.hours) == ("SMAW Lanjutan", 400)
    assert set(program.competencies.all()) == set(two)


def test_edit_with_an_empty_title_changes_nothing(client, alice, blkk_a):
    program = f.ProgramFactory(blkk=blkk_a)
    client.force_login(alice)
    response = client.post(reverse("training:program-edit", args=[program.pk]), program_data(title=""))
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    program.refresh_from_db()
    assert program.title == "Pengelasan SMAW"


def test_detail_lists_the_programmes_cohorts(client, alice, blkk_a):
    program = f.ProgramFactory(blkk=blkk_a)
    f.CohortFactory(program=program, number=1)
    f.CohortFactory(program=program, number=2)
    client.force_login(alice)
    cohorts = client.get(reverse("training:program-detail", args=[program.pk])).context["cohorts"]
    assert [c.number for c in cohorts] == [2, 1]
