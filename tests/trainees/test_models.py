"""An enrolment carries its trainee's BLKK (``Enrolment.blkk``): filled when missing, required by
the database, and set for existing rows by the migration that added it."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.trainees.models import Enrolment
from tests import factories as f

migration = importlib.import_module("apps.trainees.migrations.0004_enrolment_blkk")


def backfill() -> None:
    migration.fill_enrolment_blkk(apps, SimpleNamespace(connection=connection))


def queries_to_create(**fields) -> int:
    with CaptureQueriesContext(connection) as ctx:
        Enrolment.objects.create(**fields)
    return len(ctx.captured_queries)


def test_an_enrolment_saved_without_its_blkk_takes_its_trainees(blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a)

    enrolment = Enrolment.objects.create(trainee_id=trainee.pk, cohort=f.CohortFactory(program__blkk=blkk_a))

    assert Enrolment.objects.get(pk=enrolment.pk).blkk == blkk_a


def test_filling_the_blkk_costs_one_query_only_when_it_is_missing(blkk_a):
    cohort = f.CohortFactory(program__blkk=blkk_a)
    given = f.TraineeFactory(blkk=blkk_a)
    missing = f.TraineeFactory(blkk=blkk_a)

    with_blkk = queries_to_create(trainee_id=given.pk, cohort=cohort, blkk=blkk_a)
    without = queries_to_create(trainee_id=missing.pk, cohort=cohort)

    assert without == with_blkk + 1


def test_the_database_refuses_an_enrolment_without_its_blkk(blkk_a):
    """Bulk inserts skip ``save``: one that forgets the BLKK fails loudly."""
    trainee, cohort = f.TraineeFactory(blkk=blkk_a), f.CohortFactory(program__blkk=blkk_a)

    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.bulk_create([Enrolment(trainee=trainee, cohort=cohort)])


def test_the_backfill_sets_each_enrolments_blkk_to_its_trainees(blkk_a, blkk_b):
    ours = f.EnrolmentFactory(trainee__blkk=blkk_a)
    theirs = f.EnrolmentFactory(trainee__blkk=blkk_b)
    Enrolment.objects.update(blkk=blkk_b)  # ours is wrong now

    backfill()

    assert dict(Enrolment.objects.values_list("pk", "blkk")) == {ours.pk: blkk_a.pk, theirs.pk: blkk_b.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite cannot drop NOT NULL in place")
def test_the_backfill_fills_enrolments_that_have_no_blkk_yet(blkk_a, blkk_b):
    with connection.cursor() as cursor:  # as right after the column was added (rolled back after)
        cursor.execute("ALTER TABLE trainees_enrolment ALTER COLUMN blkk_id DROP NOT NULL")
    ours = f.EnrolmentFactory(trainee__blkk=blkk_a)
    theirs = f.EnrolmentFactory(trainee__blkk=blkk_b)
    Enrolment.objects.update(blkk=None)

    backfill()

    assert dict(Enrolment.objects.values_list("pk", "blkk")) == {ours.pk: blkk_a.pk, theirs.pk: blkk_b.pk}
