"""Prepared statements for a few hot queries whose joins cost PostgreSQL more to plan than to run.

The shortlist of a vacancy joins four tables: PostgreSQL spends about 0.9 ms planning it and 0.4 ms
running it (pgbench, national data). Inside ``prepared_statements()`` every SELECT the ORM sends
is run as ``EXECUTE`` of a statement prepared once per database connection; after a few runs
PostgreSQL keeps a generic plan and plans no more. What the ORM builds, the rows it reads and the
query count are unchanged; the PREPARE itself, once per connection and query, is not counted.
Other databases run the SQL as it is.

For chosen queries only, each tested where used and its generic plan checked: a generic plan
does not know the values, so for a filter on a skewed column (one employer's thousands of rows
among few per employer) it may sort everything where the plan for the value would walk an index.
PostgreSQL also infers the type of each parameter from where it stands (``column = %s``,
``LIMIT %s``), and refuses a query in which it cannot, or in which one value stands both in the
SELECT and the GROUP BY. Statements live as long as their connection, one per distinct query text
(parameters aside). Not for a connection pooler in transaction mode, whose connections are not the
server's sessions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections

_PLACEHOLDER = re.compile(r"%[%s]")


@lru_cache(maxsize=256)
def _statement(sql: str) -> tuple[str, str, int]:
    """The statement's name, its text for PREPARE (``$1``… for each ``%s``, ``%%`` as ``%``)
    and its number of parameters."""
    count = 0

    def placeholder(match: re.Match) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    text = _PLACEHOLDER.sub(placeholder, sql)
    return f"q_{hashlib.blake2b(sql.encode(), digest_size=8).hexdigest()}", text, count


def _fits(value: object) -> bool:
    """Whether PostgreSQL reads the value the same as a parameter and as a literal. An integer
    beyond 64 bits does not: a literal is compared as a numeric (no row matches), a parameter
    takes the column's bigint type and fails as out of range."""
    return type(value) is not int or -(2**63) <= value < 2**63


def _execute_prepared(execute, sql, params, many, context):
    if (
        many
        or not params
        or not isinstance(params, (list, tuple))  # named parameters (a dict): sent as they are
        or not sql.startswith("SELECT")
        or not all(map(_fits, params))
    ):
        return execute(sql, params, many, context)
    name, text, count = _statement(sql)
    connection = context["connection"]
    prepared = connection.__dict__.get("_prepared_statements")
    if prepared is None or prepared[0] is not connection.connection:  # a new connection
        prepared = connection.__dict__["_prepared_statements"] = (connection.connection, set())
    if name not in prepared[1]:
        execute(f"PREPARE {name} AS {text}", None, False, context)  # not transactional: kept
        prepared[1].add(name)
    return execute(f"EXECUTE {name}({', '.join(['%s'] * count)})", params, many, context)


@contextmanager
def prepared_statements(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run the SELECTs inside as prepared statements (PostgreSQL; elsewhere as they are)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.execute_wrapper(_execute_prepared):
        yield
