"""The summary tables always equal the live aggregates, whatever path wrote the data.

Every test changes the world of ``conftest.py`` through a service (or the admin, or a plain model
save, or a bulk import), checks that the change left a mark on the right regencies, and then
checks every regional dashboard figure (per regency, per month, per vocation; for national,
province and regency officials and admins, with and without filters) against the same figure
counted row by row from the live tables.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.dashboards import selectors, summaries
from apps.dashboards.models import MonthlyGraduates, RegencyStats, StaleRegency, VocationStats
from apps.registry import services as registry_services
from apps.taxonomy.models import Vocation
from apps.trainees import privacy
from apps.trainees import services as trainee_services
from apps.trainees.models import Enrolment
from apps.training.models import Program
from apps.vacancies import services as vacancy_services
from apps.vacancies.models import Application
from tests import factories as f
from tests.dashboards.conftest import months_ago

pytestmark = pytest.mark.django_db

FILTERS = [{}, {"province": "33"}, {"regency": "33.25"}, {"regency": "33.26"}, {"province": "31"}]


@pytest.fixture
def regional(olivia, olga, oscar, otto, root):
    return [olivia, olga, oscar, otto, root]


def marked() -> set[str]:
    return set(StaleRegency.objects.values_list("regency", flat=True))


def summary_rows() -> tuple[list, list, list]:
    return (
        sorted(RegencyStats.objects.values_list()),
        sorted(MonthlyGraduates.objects.values_list("regency", "month", "graduates")),
        sorted(
            VocationStats.objects.values_list(
                "regency", "vocation", "graduates", "available", "open_vacancies", "open_positions"
            )
        ),
    )


def assert_summaries_equal_live(users) -> None:
    today = timezone.localdate()
    for user in users:
        for where in FILTERS:
            read = {
                row["code"]: {key: row[key] for key in selectors.KEYS}
                for row in selectors.placement_by_regency(user=user, **where)
            }
            assert read == selectors.live_regency_rows(user=user, **where), (user.username, where)

            months = selectors.graduates_per_month(user=user, months=36, today=today, **where)
            live = selectors.live_graduates_by_month(
                user=user,
                start=months[0]["month"],
                end=(today.replace(day=1) + dt.timedelta(days=32)).replace(day=1),
                **where,
            )
            assert {row["month"]: row["graduates"] for row in months if row["graduates"]} == live

            vocations = {
                row["code"]: {key: row[key] for key in summaries.SUPPLY_DEMAND}
                for row in selectors.supply_demand_by_vocation(user=user, **where)
            }
            codes = dict(Vocation.objects.values_list("pk", "code"))
            expected = {
                codes[pk]: row
                for pk, row in selectors.live_supply_demand(user=user, **where).items()
                if any(row.values())
            }
            assert vocations == expected, (user.username, where)
    assert not marked(), "reading refreshed every marked regency"


def test_the_world_as_built_is_summarised_exactly(world, regional):
    assert {"33.25", "33.26", "33.27", "31.71"} <= marked()  # the factories' saves marked them
    assert_summaries_equal_live(regional)
    assert RegencyStats.objects.get(regency="33.25").placed == 2  # a1 and a5 (a2 is in Batang too)


def test_refresh_all_gives_the_same_rows_as_the_incremental_refreshes(world, regional):
    summaries.refresh_stale()
    incremental = summary_rows()
    assert summaries.refresh_all() == RegencyStats.objects.count() > 0
    assert summary_rows() == incremental


# --- every write path marks what it changed --------------------------------------------------------
def graduate_in_training(w):
    enrolment = Enrolment.objects.get(trainee=w["trainee:a4"])
    trainee_services.enrolment_graduate(enrolment=enrolment, graduated_on=months_ago(1))
    return {"33.25"}


def ungraduate(w):
    enrolment = Enrolment.objects.get(trainee=w["trainee:b1"])
    trainee_services.enrolment_set_status(enrolment=enrolment, status=Enrolment.Status.DROPPED)
    return {"33.27"}


def hire(w):
    application = Application.objects.get(trainee=w["trainee:a2"], vacancy=w["vacancy:vx1"])
    for step in ("shortlisted", "interview", "offered", "hired"):
        application = vacancy_services.application_transition(application=application, to=step)
    return {"33.25"}


def close_vacancy(w):
    vacancy_services.vacancy_close(vacancy=w["vacancy:vx2"])
    return {"33.25"}


def change_headcount(w):
    vacancy_services.vacancy_update(vacancy=w["vacancy:vp1"], data={"headcount": 9})
    return {"33.27"}


def move_vacancy(w):
    vacancy_services.vacancy_update(vacancy=w["vacancy:vy1"], data={"regency": f.regency("33.27")})
    return {"33.26", "33.27"}


def delete_vacancy(w):
    w["vacancy:vp1"].delete()
    return {"33.27"}


def move_blkk(w):
    registry_services.blkk_update(blkk=w["blkk:a2"], data={"regency": f.regency("33.26")})
    return {"33.25", "33.26"}


def new_blkk(w):
    f.BlkkFactory(regency=f.regency("33.28"))
    return {"33.28"}


def new_trainee(w):
    f.TraineeFactory(blkk=w["blkk:b"])
    return {"33.27"}


def delete_trainee(w):
    w["trainee:b3"].delete()
    return {"33.27"}


def import_trainees(w):
    rows = []
    for i in range(3):
        built = f.TraineeFactory.build(blkk=w["blkk:b"])
        rows.append({field: getattr(built, field) for field in trainee_services.TRAINEE_FIELDS})
        rows[-1]["nik"] = f.make_nik("33.27", built.birth_date, built.gender, serial=9000 + i)
    trainee_services.trainee_bulk_create(blkk=w["blkk:b"], rows=rows)
    return {"33.27"}


def change_programme_vocation(w):
    """Supply per vocation follows the programme's vocation (both Batang programmes are BLKK a2's
    or a's; a2's GRM programme becomes a LAS one)."""
    program = Program.objects.get(blkk=w["blkk:a2"])
    program.vocation = f.vocation("LAS")
    program.save()
    return {"33.25"}


def change_blkk_vocations_only(w):
    registry_services.blkk_update(blkk=w["blkk:b"], data={"vocations": [f.vocation("GRM")]})
    return {"33.27"}


def new_draft_vacancy(w):
    f.VacancyFactory(employer=f.EmployerFactory(), status="draft", regency=f.regency("33.25"))
    return set()  # a draft counts nowhere: nothing to refresh


def publish_a_draft(w):
    vacancy_services.vacancy_publish(vacancy=w["vacancy:vx4"])
    return {"33.25"}


def erase_trainee(w):
    privacy.trainee_erase(w["trainee:c1"], by=f.UserFactory(role="admin"))
    return set()  # nothing counted changes, so nothing needs marking


OPERATIONS = [
    graduate_in_training,
    ungraduate,
    hire,
    close_vacancy,
    change_headcount,
    move_vacancy,
    delete_vacancy,
    move_blkk,
    new_blkk,
    new_trainee,
    delete_trainee,
    import_trainees,
    change_programme_vocation,
    change_blkk_vocations_only,
    new_draft_vacancy,
    publish_a_draft,
    erase_trainee,
]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.__name__)
def test_every_write_path_marks_its_regencies_and_the_summary_follows(operation, world, regional):
    summaries.refresh_stale()
    before = summary_rows()
    expected = operation(world)
    assert expected <= marked()
    assert_summaries_equal_live(regional)
    # Erasure anonymises a person; a BLKK's vocations and a draft vacancy are in no figure.
    if operation not in (erase_trainee, change_blkk_vocations_only, new_draft_vacancy):
        assert summary_rows() != before
    else:
        assert summary_rows() == before


def test_admin_saves_mark_too(world, regional, root, client):
    summaries.refresh_stale()
    vacancy = world["vacancy:vx1"]
    client.force_login(root)
    url = reverse("admin:vacancies_vacancy_change", args=[vacancy.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(headcount=12, competencies=[c.pk for c in vacancy.competencies.all()])
    for name, value in list(data.items()):
        if isinstance(value, dt.date):
            data[name] = value.isoformat()
    response = client.post(url, data)
    assert response.status_code == 302, getattr(response.context.get("adminform"), "errors", response)
    assert "33.25" in marked()
    assert_summaries_equal_live(regional)


def test_a_rolled_back_change_leaves_no_mark(world):
    summaries.refresh_stale()

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        f.TraineeFactory(blkk=world["blkk:b"])
        assert marked() == {"33.27"}
        raise Rollback
    assert not marked()


def test_a_refresh_costs_the_same_queries_for_one_regency_or_many(world):
    summaries.refresh_stale()
    f.TraineeFactory(blkk=world["blkk:b"])
    with CaptureQueriesContext(connection) as one:
        assert summaries.refresh_stale() == ["33.27"]
    for key in ("a", "a2", "b", "c"):
        f.TraineeFactory(blkk=world[f"blkk:{key}"])
    with CaptureQueriesContext(connection) as many:
        assert summaries.refresh_stale() == ["31.71", "33.25", "33.27"]
    assert len(one) == len(many)


def test_reading_with_nothing_marked_costs_one_extra_query(world, olivia):
    summaries.refresh_stale()
    with CaptureQueriesContext(connection) as queries:
        selectors.placement_by_regency(user=olivia)
    assert len(queries) == 3  # is anything marked? the summary rows; the regency names
