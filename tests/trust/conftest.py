"""Fault-injection fixtures: a private Redis broker, bulk data, an admin database connection."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count

from apps.vacancies.models import Vacancy
from tests.workers import private_redis  # noqa: F401  (fixture)


@pytest.fixture
def bulk_data():
    """Synthetic graduates and vacancies across the country, enough that a province run takes a
    few seconds; returns the code of the province with the most open vacancies."""

    def seed(trainees: int = 100_000, vacancies: int = 5_000) -> str:
        call_command("seed_demo", trainees=trainees, vacancies=vacancies, force=True, verbosity=0)
        top = (
            Vacancy.objects.filter(status=Vacancy.Status.OPEN)
            .values("regency__province")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        return top["regency__province"]

    return seed


from tests.matching.conftest import graduate, vacancy  # noqa: E402, F401  (fixtures)


@pytest.fixture
def kill_db_connections():
    """Terminate every backend connected to the test database except the admin connection
    used to do it (the server keeps running: other engineers' tests share it)."""
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    admin = psycopg2.connect(
        dbname="postgres",
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
    )
    admin.autocommit = True

    def kill() -> int:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [db["NAME"]],
            )
            return cursor.fetchone()[0]

    yield kill
    admin.close()
