"""An application carries its vacancy's employer and its trainee's BLKK (``Application.employer``,
``Application.blkk``): filled when missing, required by the database, and set for existing rows by
the migration that added them."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.vacancies.models import Application
from tests import factories as f

migration = importlib.import_module("apps.vacancies.migrations.0004_application_employer_blkk")


def backfill() -> None:
    migration.fill_application_owners(apps, SimpleNamespace(connection=connection))


def owners() -> dict[int, tuple[int, int]]:
    return {
        pk: (employer, blkk)
        for pk, employer, blkk in Application.objects.values_list("pk", "employer", "blkk")
    }


def queries_to_create(**fields) -> int:
    with CaptureQueriesContext(connection) as ctx:
        Application.objects.create(source=Application.Source.MATCHED, **fields)
    return len(ctx.captured_queries)


def test_an_application_saved_without_its_owners_takes_its_vacancys_employer_and_trainees_blkk(
    blkk_a, employer_x
):
    vacancy, trainee = f.VacancyFactory(employer=employer_x), f.TraineeFactory(blkk=blkk_a)

    application = Application.objects.create(
        vacancy_id=vacancy.pk, trainee_id=trainee.pk, source=Application.Source.MATCHED
    )

    saved = Application.objects.get(pk=application.pk)
    assert (saved.employer, saved.blkk) == (employer_x, blkk_a)


def test_filling_the_owners_costs_one_query_each_only_when_missing(blkk_a, employer_x):
    vacancy = f.VacancyFactory(employer=employer_x)
    given, missing = f.TraineeFactory(blkk=blkk_a), f.TraineeFactory(blkk=blkk_a)

    with_owners = queries_to_create(
        vacancy_id=vacancy.pk, trainee_id=given.pk, employer=employer_x, blkk=blkk_a
    )
    without = queries_to_create(vacancy_id=vacancy.pk, trainee_id=missing.pk)

    assert without == with_owners + 2


@pytest.mark.parametrize("forgotten", ["employer", "blkk"])
def test_the_database_refuses_an_application_without_its_owners(blkk_a, employer_x, forgotten):
    """Bulk inserts skip ``save``: one that forgets a copy fails loudly."""
    fields = {"employer": employer_x, "blkk": blkk_a}
    del fields[forgotten]
    application = Application(
        vacancy=f.VacancyFactory(employer=employer_x),
        trainee=f.TraineeFactory(blkk=blkk_a),
        source=Application.Source.MATCHED,
        **fields,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.bulk_create([application])


def test_the_backfill_sets_each_applications_employer_and_blkk(blkk_a, blkk_b, employer_x, employer_y):
    a_x = f.ApplicationFactory(vacancy__employer=employer_x, trainee__blkk=blkk_a)
    b_y = f.ApplicationFactory(vacancy__employer=employer_y, trainee__blkk=blkk_b)
    Application.objects.update(employer=employer_y, blkk=blkk_b)  # a_x is wrong now

    backfill()

    assert owners() == {a_x.pk: (employer_x.pk, blkk_a.pk), b_y.pk: (employer_y.pk, blkk_b.pk)}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite cannot drop NOT NULL in place")
def test_the_backfill_fills_applications_that_have_no_owners_yet(blkk_a, blkk_b, employer_x, employer_y):
    with connection.cursor() as cursor:  # as right after the columns were added (rolled back after)
        cursor.execute(
            "ALTER TABLE vacancies_application ALTER COLUMN employer_id DROP NOT NULL, "
            "ALTER COLUMN blkk_id DROP NOT NULL"
        )
    a_x = f.ApplicationFactory(vacancy__employer=employer_x, trainee__blkk=blkk_a)
    b_y = f.ApplicationFactory(vacancy__employer=employer_y, trainee__blkk=blkk_b)
    Application.objects.update(employer=None, blkk=None)

    backfill()

    assert owners() == {a_x.pk: (employer_x.pk, blkk_a.pk), b_y.pk: (employer_y.pk, blkk_b.pk)}
