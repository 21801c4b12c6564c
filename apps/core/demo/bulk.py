"""Fast inserts of column arrays: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere (SQLite).

Callers hand over whole columns (NumPy arrays, or one value for every row) keyed by field
``attname``, never per-row objects, so a chunk of 100,000 rows costs a few vectorised
conversions. Primary keys are reserved up front (``reserve_ids``) so related rows can be built
before anything is written, and the table's sequence is moved past them.

For very large loads on PostgreSQL, ``bulk_mode`` drops a table's secondary indexes, unique
constraints and foreign keys, and re-creates exactly the same definitions when the load is done
(one sort per index and one validating join per foreign key instead of millions of per-row
updates and trigger calls). It runs inside the caller's transaction, so a failure restores them.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import struct
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
from django.db import connections, models

NULL = "\\N"
_BINARY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_BINARY_TRAILER = struct.pack(">h", -1)


class BulkLoader:
    def __init__(self, using: str = "default", batch_size: int = 2000) -> None:
        self.connection = connections[using]
        self.postgres = self.connection.vendor == "postgresql"
        self.batch_size = batch_size
        self.timings: defaultdict[str, float] = defaultdict(float)
        self.rows: Counter[str] = Counter()

    # --- ids ------------------------------------------------------------------------------------
    def reserve_ids(self, model: type[models.Model], n: int) -> int:
        """Reserve ``n`` consecutive primary keys; returns the first. Call inside a transaction."""
        table, pk = model._meta.db_table, model._meta.pk.column
        with self.connection.cursor() as cursor:
            if self.postgres:
                qn = self.connection.ops.quote_name
                cursor.execute(f"LOCK TABLE {qn(table)} IN SHARE ROW EXCLUSIVE MODE")
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [qn(table), pk])
                (sequence,) = cursor.fetchone()
                # Identifiers below come from model metadata (quoted), never from input.
                highest = f"SELECT COALESCE(MAX({qn(pk)}), 0) FROM {qn(table)}"  # noqa: S608
                issued = f"SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {sequence}"  # noqa: S608
                sql = f"SELECT setval(%s, GREATEST(({highest}), ({issued})) + %s)"
                cursor.execute(sql, [sequence, max(n, 1)])
                (last,) = cursor.fetchone()
                return last - max(n, 1) + 1
            cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {table}")  # noqa: S608 - model metadata
            return cursor.fetchone()[0] + 1

    # --- inserts --------------------------------------------------------------------------------
    def insert(self, model: type[models.Model], n: int, columns: Mapping[str, Any]) -> None:
        """Insert ``n`` rows; ``columns`` maps every concrete field's attname to an array or a value."""
        if n == 0:
            return
        fields = [f for f in model._meta.concrete_fields if f.attname in columns]
        missing = {f.attname for f in model._meta.concrete_fields} - set(columns)
        if missing:
            raise ValueError(f"{model.__name__}: no values for {sorted(missing)}")
        started = time.perf_counter()
        if not self.postgres:
            self._bulk_create(model, n, fields, columns)
        elif all(f.db_type(self.connection) == "bigint" for f in fields):
            self._copy_binary(model, fields, columns, n)
        else:
            self._copy_text(model, fields, columns, n)
        self.timings[model._meta.db_table] += time.perf_counter() - started
        self.rows[model._meta.db_table] += n

    def link(self, relation: Any, pairs: Iterable[tuple[int, int]]) -> int:
        """Insert many-to-many rows of ``relation`` (e.g. ``Enrolment.competencies``) from pk pairs."""
        through = relation.through
        source = through._meta.get_field(relation.field.m2m_field_name()).attname
        target = through._meta.get_field(relation.field.m2m_reverse_field_name()).attname
        both = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
        n = len(both)
        if n:
            ids = self.reserve_ids(through, n) + np.arange(n)
            self.insert(through, n, {"id": ids, source: both[:, 0], target: both[:, 1]})
        return n

    def _copy_text(self, model, fields, columns, n) -> None:
        parts = [_pg_text(columns[f.attname], n) for f in fields]
        columns_ = (p.tolist() if isinstance(p, np.ndarray) else p for p in parts)
        lines = itertools.islice(map("\t".join, zip(*columns_, strict=False)), n)
        self._copy(model, fields, io.StringIO("\n".join(lines) + "\n"), "text")

    def _copy_binary(self, model, fields, columns, n) -> None:
        layout = [("count", ">i2")]
        for i in range(len(fields)):
            layout += [(f"len{i}", ">i4"), (f"val{i}", ">i8")]
        rows = np.empty(n, dtype=np.dtype(layout))
        rows["count"] = len(fields)
        for i, field in enumerate(fields):
            rows[f"len{i}"] = 8
            rows[f"val{i}"] = columns[field.attname]
        self._copy(model, fields, io.BytesIO(_BINARY_HEADER + rows.tobytes() + _BINARY_TRAILER), "binary")

    def _copy(self, model, fields, buffer, fmt: str) -> None:
        qn = self.connection.ops.quote_name
        names = ", ".join(qn(f.column) for f in fields)
        with self.connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {qn(model._meta.db_table)} ({names}) FROM STDIN WITH (FORMAT {fmt})",
                buffer,
                1 << 20,  # read size; positional, as Django's debug cursor wrapper requires
            )

    def _bulk_create(self, model, n, fields, columns) -> None:
        values = {f.attname: _python_values(columns[f.attname], n) for f in fields}
        objects = (model(**{name: column[i] for name, column in values.items()}) for i in range(n))
        while batch := list(itertools.islice(objects, self.batch_size)):
            model.objects.bulk_create(batch)

    # --- bulk mode ------------------------------------------------------------------------------
    @contextmanager
    def bulk_mode(self, tables: Sequence[type[models.Model]]) -> Iterator[None]:
        """PostgreSQL: drop secondary indexes/unique/foreign keys of the tables, re-create on exit."""
        if not self.postgres or not tables:
            yield
            return
        qn = self.connection.ops.quote_name
        saved: list[tuple[str, str, str, str]] = []  # (kind, table, name, definition)
        with self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            _check_deferred_now(cursor)  # DDL is refused on tables with pending trigger events
            for model in tables:
                table = model._meta.db_table
                cursor.execute(
                    "SELECT contype, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC, conname",
                    [qn(table)],
                )
                saved += [("constraint", table, name, d) for _kind, name, d in cursor.fetchall()]
                cursor.execute(
                    "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                    "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass "
                    "AND NOT i.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
                    "WHERE k.conrelid = i.indrelid AND k.conindid = i.indexrelid) ORDER BY c.relname",
                    [qn(table)],
                )
                saved += [("index", table, name, d) for name, d in cursor.fetchall()]
            for kind, table, name, _definition in saved:
                if kind == "constraint":
                    cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
                else:
                    cursor.execute(f"DROP INDEX {qn(name)}")
        yield
        with self.connection.cursor() as cursor:
            _check_deferred_now(cursor)
            # Indexes and unique constraints first: the foreign keys validate faster with them.
            ordered = sorted(saved, key=lambda s: s[0] == "constraint" and s[3].startswith("FOREIGN KEY"))
            for kind, table, name, definition in ordered:
                if kind == "constraint":
                    cursor.execute(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
                else:
                    cursor.execute(definition)

    def analyze(self, tables: Sequence[type[models.Model]]) -> None:
        if not self.postgres:
            return
        qn = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(qn(m._meta.db_table) for m in tables))


def _check_deferred_now(cursor) -> None:
    """Run the deferred foreign-key checks queued so far, then go back to deferring them."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# --- conversions ----------------------------------------------------------------------------------
def _escape_text(values: np.ndarray) -> np.ndarray:
    for raw, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        values = np.strings.replace(values, raw, escaped)
    return values


def _pg_text(value: Any, n: int) -> np.ndarray | itertools.repeat:
    """One column in COPY text format: an array of n strings, or one repeated string."""
    if not isinstance(value, np.ndarray):
        return itertools.repeat(_pg_scalar(value), n)
    kind = value.dtype.kind
    if kind == "b":
        return np.where(value, "t", "f")
    if kind in "iu":
        return value.astype(str)
    if kind == "M":
        text = value.astype(str)
        if np.datetime_data(value.dtype)[0] != "D":
            text = np.strings.add(text, "+00")  # datetimes are UTC
        return np.where(np.isnat(value), NULL, text)
    if kind in "UT":
        return _escape_text(value)
    if kind == "O":
        return np.array([NULL if v is None else _pg_scalar(v) for v in value.tolist()])
    raise TypeError(f"unsupported column dtype {value.dtype}")


def _pg_scalar(value: Any) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(_escape_text(np.array([str(value)]))[0])


def _python_values(value: Any, n: int) -> Sequence[Any]:
    if not isinstance(value, np.ndarray):
        return [value] * n
    if value.dtype.kind == "M":
        if np.datetime_data(value.dtype)[0] == "D":
            return value.astype(object).tolist()
        return [
            None if v is None else v.replace(tzinfo=dt.UTC)
            for v in value.astype("datetime64[us]").astype(object).tolist()
        ]
    return value.tolist()
