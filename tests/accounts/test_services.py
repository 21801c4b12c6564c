"""The access log's writer: one INSERT statement, rows as the ORM would write them."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import AccessLog
from apps.accounts.services import access_log_record
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_one_row_per_trainee_seen_in_one_statement(carol, blkk_a):
    trainees = [f.TraineeFactory(blkk=blkk_a) for _ in range(3)]
    request = RequestFactory().get("/api/v1/vacancies/7/candidates/" + "x" * 300, REMOTE_ADDR="10.1.2.3")
    before = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        written = access_log_record(
            user=carol,
            action=AccessLog.Action.VIEW_CONTACT,
            trainee_ids=[t.pk for t in (*trainees, trainees[0])],  # one row per trainee
            request=request,
        )
    assert written == 3
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["INSERT"]
    rows = list(AccessLog.objects.order_by("trainee_id"))
    assert [row.trainee_id for row in rows] == sorted(t.pk for t in trainees)
    for row in rows:
        assert (row.user_id, row.action, row.ip_address) == (carol.pk, "view_contact", "10.1.2.3")
        assert row.path == request.path[:255] and len(row.path) == 255
        assert before <= row.at <= timezone.now() and row.at.utcoffset() == dt.timedelta(0)
    assert rows[0].at == rows[-1].at  # one moment for the one view


def test_without_a_request_or_an_address_the_row_has_none(root, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a)
    assert access_log_record(user=root, action=AccessLog.Action.VIEW_NIK, trainee_ids=[trainee.pk]) == 1
    row = AccessLog.objects.get()
    assert (row.ip_address, row.path, row.action, row.trainee_id) == (None, "", "view_nik", trainee.pk)


def test_nothing_seen_or_nobody_signed_in_writes_nothing(carol, blkk_a):
    from django.contrib.auth.models import AnonymousUser

    trainee = f.TraineeFactory(blkk=blkk_a)
    with CaptureQueriesContext(connection) as queries:
        assert access_log_record(user=carol, action="view_contact", trainee_ids=[]) == 0
        assert access_log_record(user=AnonymousUser(), action="view_contact", trainee_ids=[trainee.pk]) == 0
    assert queries.captured_queries == [] and not AccessLog.objects.exists()


def test_inside_a_transaction_the_log_goes_with_it(root, blkk_a):
    trainee = f.TraineeFactory(blkk=blkk_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        access_log_record(user=root, action=AccessLog.Action.ERASE, trainee_ids=[trainee.pk])
        assert AccessLog.objects.filter(trainee=trainee).exists()
        raise RuntimeError("the erasure failed")
    assert not AccessLog.objects.exists()


def test_the_log_keeps_its_rules_without_database_constraints(carol, blkk_a):
    """The log's foreign keys have no constraint in the database (no lock on the rows it cites);
    Django still refuses to delete a user with entries, and a deleted trainee's entries stay."""
    kept, deleted = f.TraineeFactory(blkk=blkk_a), f.TraineeFactory(blkk=blkk_a)
    access_log_record(user=carol, action=AccessLog.Action.VIEW_CONTACT, trainee_ids=[kept.pk, deleted.pk])
    with pytest.raises(ProtectedError):
        carol.delete()
    deleted.delete()
    assert sorted(AccessLog.objects.values_list("trainee_id", flat=True), key=str) == [kept.pk, None]
    assert AccessLog.objects.filter(user=carol).count() == 2
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_constraint WHERE conrelid = 'accounts_accesslog'::regclass "
                "AND contype = 'f'"
            )
            assert cursor.fetchone()[0] == 0
