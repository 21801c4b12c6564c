"""``prepared_statements()`` reads the same rows as the plain query, prepares each query once per
connection, counts as one query, and leaves other statements alone."""

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from apps.core.db import _statement, prepared_statements
from apps.registry.models import Blkk
from apps.trainees.models import Trainee
from tests import factories as f

pytestmark = pytest.mark.django_db


def prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")


@pytest.fixture
def trainees():
    blkk_a, blkk_b = f.BlkkFactory(), f.BlkkFactory()
    f.TraineeFactory.create_batch(3, blkk=blkk_a)
    f.TraineeFactory.create_batch(2, blkk=blkk_b)
    return blkk_a, blkk_b


def joined(blkk: Blkk):
    """A join with a parameter in WHERE, one in a join condition and a LIMIT."""
    return (
        Trainee.objects.filter(blkk=blkk, blkk__name__startswith=blkk.name[:3])
        .select_related("blkk")
        .annotate(place=F("blkk__regency__name"))
        .order_by("pk")[:10]
    )


def test_the_same_rows_prepared_once_per_query(postgresql, trainees):
    blkk_a, blkk_b = trainees
    plain = {blkk: [(t.pk, t.blkk.name, t.place) for t in joined(blkk)] for blkk in trainees}
    before = prepared_names()
    with prepared_statements():
        with CaptureQueriesContext(connection) as first:
            rows_a = [(t.pk, t.blkk.name, t.place) for t in joined(blkk_a)]
        rows_b = [(t.pk, t.blkk.name, t.place) for t in joined(blkk_b)]  # other values, same query
        again = [(t.pk, t.blkk.name, t.place) for t in joined(blkk_a)]
    assert rows_a == again == plain[blkk_a] and len(rows_a) == 3
    assert rows_b == plain[blkk_b] and len(rows_b) == 2
    assert len(first) == 1  # the PREPARE, once per connection, is not counted
    assert first[0]["sql"].startswith("EXECUTE q_")  # what was sent
    name, _, _ = _statement(str(joined(blkk_a).query.sql_with_params()[0]))
    assert prepared_names() - before == {name}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as the suite's other such tests
def test_a_new_connection_prepares_again(postgresql, trainees):
    blkk_a, _ = trainees
    with prepared_statements():
        assert len(list(joined(blkk_a))) == 3
    connection.close()
    with prepared_statements():
        assert len(list(joined(blkk_a))) == 3


def test_a_statement_prepared_in_a_rolled_back_transaction_is_kept(postgresql, trainees):
    blkk_a, _ = trainees
    with pytest.raises(RuntimeError), transaction.atomic(), prepared_statements():
        assert len(list(joined(blkk_a))) == 3
        raise RuntimeError("roll back")
    with prepared_statements():
        assert len(list(joined(blkk_a))) == 3


def test_a_literal_percent_and_raw_sql(postgresql, trainees):
    blkk_a, _ = trainees
    Trainee.objects.filter(blkk=blkk_a).update(full_name="Siti 100% Hadir")
    raw = "SELECT * FROM trainees_trainee WHERE full_name LIKE '%%100%%' AND blkk_id = %s ORDER BY id"
    with prepared_statements():
        rows = list(Trainee.objects.raw(raw, [blkk_a.pk]))
        found = list(Trainee.objects.filter(blkk=blkk_a, full_name__contains="100%"))
    assert len(rows) == len(found) == 3
    assert {t.full_name for t in rows} == {"Siti 100% Hadir"}


def test_an_integer_beyond_64_bits_matches_nothing_as_without(postgresql, trainees):
    blkk_a, _ = trainees
    huge = 10**20
    with prepared_statements():
        assert list(Trainee.objects.filter(blkk_id=huge)) == []
        assert list(Trainee.objects.filter(pk__in=[huge, -huge])) == []
        assert len(list(joined(blkk_a))) == 3


def test_named_parameters_are_sent_as_they_are(postgresql, trainees):
    blkk_a, _ = trainees
    before = prepared_names()
    with prepared_statements(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM trainees_trainee WHERE blkk_id = %(blkk)s", {"blkk": blkk_a.pk})
        assert cursor.fetchone()[0] == 3
    assert prepared_names() == before


def test_writes_and_queries_without_parameters_are_not_prepared(postgresql, trainees):
    blkk_a, _ = trainees
    before = prepared_names()
    with prepared_statements():
        Trainee.objects.filter(blkk=blkk_a).update(phone="081234567890")
        assert Trainee.objects.count() == 5
    assert prepared_names() == before
    assert set(Trainee.objects.filter(blkk=blkk_a).values_list("phone", flat=True)) == {"081234567890"}


def test_other_databases_run_the_sql_as_it_is(trainees):
    blkk_a, _ = trainees
    with prepared_statements():
        assert len(list(joined(blkk_a))) == 3


def test_placeholders_numbered_and_percent_unescaped():
    name, text, count = _statement("SELECT a FROM t WHERE b = %s AND c LIKE '5%%' LIMIT %s")
    assert text == "SELECT a FROM t WHERE b = $1 AND c LIKE '5%' LIMIT $2"
    assert count == 2 and name.startswith("q_") and len(name) == 18
