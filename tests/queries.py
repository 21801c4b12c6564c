"""Reading the SQL that tests captured."""

from django.db import connection


def sql_of(query: dict) -> str:
    """A captured query's SQL; for the EXECUTE of a prepared statement (``apps.core.db``), the
    statement's text (``$1``… for its parameters). Call it after the capture: it asks the server."""
    sql = query["sql"]
    if not sql.startswith("EXECUTE "):
        return sql
    with connection.cursor() as cursor:
        name = sql.removeprefix("EXECUTE ").split("(", 1)[0]
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name = %s", [name])
        return cursor.fetchone()[0]
