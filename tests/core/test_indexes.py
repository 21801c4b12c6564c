"""No index of the portal's own tables is a leading part of another (each costs every write and
its share of memory, and the longer one already serves its lookups)."""

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db

# Each btree index of the public schema: table, name, columns, operator classes; whether it is
# unique, and whether it is plain (no predicate, no expression).
INDEXES = """
SELECT t.relname, c.relname, i.indkey::text, i.indclass::text, i.indisunique,
       i.indpred IS NULL AND i.indexprs IS NULL
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_am am ON am.oid = c.relam AND am.amname = 'btree'
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
"""


def portal_tables() -> set[str]:
    """Tables of the portal's own models (not Django's, not many-to-many tables it creates)."""
    return {
        model._meta.db_table
        for model in apps.get_models()
        if model.__module__.startswith("apps.") and not model._meta.auto_created
    }


def test_no_index_of_ours_is_a_prefix_of_another():
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's catalogue")
    ours = portal_tables()
    assert {"vacancies_application", "matching_match", "trainees_trainee"} <= ours
    with connection.cursor() as cursor:
        cursor.execute(INDEXES)
        indexes = [row for row in cursor.fetchall() if row[0] in ours]
    redundant = []
    for table, name, keys, classes, unique, plain in indexes:
        if unique or not plain:
            continue  # a unique one enforces a rule; a partial or expression one is its own thing
        columns = list(zip(keys.split(), classes.split(), strict=True))
        for other_table, other, other_keys, other_classes, _unique, other_plain in indexes:
            other_columns = list(zip(other_keys.split(), other_classes.split(), strict=True))
            if (
                other_table == table
                and other != name
                and other_plain
                and other_columns[: len(columns)] == columns
            ):
                redundant.append(f"{table}.{name} leads {other}")
    assert redundant == [], redundant
