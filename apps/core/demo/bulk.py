"""Fast inserts of column arrays: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere (SQLite).

Callers hand over whole columns (NumPy arrays, or one value for every row) keyed by field
``attname``, never per-row objects, so a chunk of 100,000 rows costs a few vectorised
conversions. Primary keys are reserved up front (``reserve_ids``) so related rows can be built
before anything is written, and the table's sequence is moved past them.

For very large loads on PostgreSQL, ``bulk_mode`` drops a table's secondary indexes, unique
constraints and foreign keys (and its primary key, with the foreign keys that reference it), and
re-creates exactly the same definitions when the load is done (one sort per index and one
validating join per foreign key instead of millions of per-row updates and trigger calls). It
runs inside the caller's transaction, so a failure restores them.

``encode`` turns columns into a ready ``COPY`` payload without touching the database, so a worker
thread can prepare the next chunk while ``write`` sends the current one (psycopg2 releases the
GIL while libpq sends and PostgreSQL works). ``vacuum_analyze`` gives the tables written fresh
planner statistics and visibility maps once the load has committed.
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
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connections, models

NULL = "\\N"
_BINARY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_BINARY_TRAILER = struct.pack(">h", -1)


@dataclass(frozen=True)
class Encoded:
    """Rows of one model ready to write: a ``COPY`` payload (PostgreSQL) or field values."""

    model: type[models.Model]
    n: int
    fields: list[models.Field]
    payload: Any
    fmt: str  # "binary" or "text" (COPY), "objects" (bulk_create)
    seconds: float  # spent encoding


class BulkLoader:
    def __init__(self, using: str = "default", batch_size: int = 2000) -> None:
        self.connection = connections[using]
        self.postgres = self.connection.vendor == "postgresql"
        self.batch_size = batch_size
        self.timings: defaultdict[str, float] = defaultdict(float)
        self.rows: Counter[str] = Counter()
        self.rebuilds: defaultdict[str, float] = defaultdict(float)  # bulk mode's indexes and keys
        self._freeze: set[str] = set()  # tables truncated by bulk mode: COPY with FREEZE

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
        encoded = self.encode(model, n, columns)
        self.write(encoded)
        self.timings[model._meta.db_table] += encoded.seconds

    def encode(self, model: type[models.Model], n: int, columns: Mapping[str, Any]) -> Encoded:
        """The rows ready to ``write``. No database access: safe in a worker thread."""
        fields = [f for f in model._meta.concrete_fields if f.attname in columns]
        missing = {f.attname for f in model._meta.concrete_fields} - set(columns)
        if missing:
            raise ValueError(f"{model.__name__}: no values for {sorted(missing)}")
        started = time.perf_counter()
        if n == 0:
            payload, fmt = None, ""
        elif not self.postgres:
            payload, fmt = {f.attname: _python_values(columns[f.attname], n) for f in fields}, "objects"
        elif all(f.db_type(self.connection) == "bigint" for f in fields):
            payload, fmt = _binary_payload(fields, columns, n), "binary"
        else:
            payload, fmt = _text_payload(fields, columns, n), "text"
        return Encoded(model, n, fields, payload, fmt, time.perf_counter() - started)

    def write(self, encoded: Encoded) -> None:
        """Send rows prepared by ``encode`` (in the connection's thread)."""
        if encoded.n == 0:
            return
        model = encoded.model
        started = time.perf_counter()
        if encoded.fmt == "objects":
            self._bulk_create(model, encoded.n, encoded.payload)
        else:
            self._copy(model, encoded.fields, encoded.payload, encoded.fmt)
        self.timings[model._meta.db_table] += time.perf_counter() - started
        self.rows[model._meta.db_table] += encoded.n

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

    def _copy(self, model, fields, payload: bytes, fmt: str) -> None:
        qn = self.connection.ops.quote_name
        names = ", ".join(qn(f.column) for f in fields)
        table = model._meta.db_table
        options = f"FORMAT {fmt}, FREEZE" if table in self._freeze else f"FORMAT {fmt}"
        with self.connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {qn(table)} ({names}) FROM STDIN WITH ({options})",
                io.BytesIO(payload),
                1 << 20,  # read size; positional, as Django's debug cursor wrapper requires
            )

    def _bulk_create(self, model, n, values) -> None:
        objects = (model(**{name: column[i] for name, column in values.items()}) for i in range(n))
        while batch := list(itertools.islice(objects, self.batch_size)):
            model.objects.bulk_create(batch)

    # --- bulk mode ------------------------------------------------------------------------------
    @contextmanager
    def bulk_mode(self, tables: Sequence[type[models.Model]]) -> Iterator[None]:
        """PostgreSQL: drop the tables' indexes and all but check constraints; re-create them on exit.

        Primary keys go too, with the foreign keys of other tables that reference them: a key
        built by one sort of presorted ids costs a fraction of millions of index insertions.
        """
        if not self.postgres or not tables:
            yield
            return
        qn = self.connection.ops.quote_name
        names = [qn(model._meta.db_table) for model in tables]
        with self.connection.cursor() as cursor:
            # Index builds sort in memory (one run per parallel worker), and the validating
            # joins of the foreign keys use maintenance_work_mem too; JIT would compile each of
            # those joins for longer than it saves.
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            cursor.execute("SET LOCAL jit = off")
            _check_deferred_now(cursor)  # DDL is refused on tables with pending trigger events
            cursor.execute(
                "SELECT DISTINCT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid) "
                "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
                "WHERE (k.conrelid = ANY(%s::regclass[]) AND k.contype IN ('p', 'u', 'f')) "
                "OR (k.confrelid = ANY(%s::regclass[]) AND k.contype = 'f') ORDER BY 1, 2",
                [names, names],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT t.relname, c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
                "WHERE i.indrelid = ANY(%s::regclass[]) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
                "WHERE k.conrelid = i.indrelid AND k.conindid = i.indexrelid) ORDER BY c.relname",
                [names],
            )
            found = cursor.fetchall()
            index_names = [name for _table, name, _definition in found]
            indexes = [(table, definition) for table, _name, definition in found]
            # Foreign keys before the keys they reference; re-created the other way round.
            constraints.sort(key=lambda c: "fup".index(c[2]))
            for table, name, _kind, _definition in constraints:
                cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
            for name in index_names:
                cursor.execute(f"DROP INDEX {qn(name)}")
            # An empty table, truncated here, takes COPY ... FREEZE: rows written frozen and
            # pages all-visible, so the VACUUM after the commit has nothing left to do on them.
            empty = []
            for name in names:
                cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {name})")  # noqa: S608 - quoted metadata
                if cursor.fetchone()[0]:
                    empty.append(name)
            if empty:
                cursor.execute("TRUNCATE " + ", ".join(empty))
                self._freeze.update(
                    model._meta.db_table for model in tables if qn(model._meta.db_table) in empty
                )
        try:
            yield
        finally:
            self._freeze.clear()  # FREEZE needs the truncation in the same (sub)transaction
        with self.connection.cursor() as cursor:
            _check_deferred_now(cursor)
            # Keys and indexes first: the foreign keys validate against them.
            statements = [
                *(c for c in reversed(constraints) if c[2] != "f"),
                *((table, None, "i", definition) for table, definition in indexes),
                *(c for c in reversed(constraints) if c[2] == "f"),
            ]
            for table, name, kind, definition in statements:
                started = time.perf_counter()
                if kind == "i":
                    cursor.execute(definition)
                else:
                    cursor.execute(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
                self.rebuilds[table] += time.perf_counter() - started

    @property
    def tables_written(self) -> list[str]:
        return [table for table, n in self.rows.items() if n]

    def analyze(self, tables: Sequence[type[models.Model] | str]) -> None:
        """``ANALYZE`` (in the current transaction): fresh planner statistics."""
        self._maintain("ANALYZE", tables)

    def vacuum_analyze(self, tables: Sequence[type[models.Model] | str]) -> None:
        """``VACUUM (ANALYZE)``: statistics and the visibility map (index-only scans) too.

        Outside a transaction only: call it once the load has committed.
        """
        self._maintain("VACUUM (ANALYZE)", tables)

    def refresh_statistics(self, tables: Sequence[type[models.Model] | str]) -> str:
        """``VACUUM (ANALYZE)`` if nothing is left to commit, else ``ANALYZE``. Returns which ran."""
        if self.connection.in_atomic_block:  # e.g. inside a test's transaction
            self.analyze(tables)
            return "analyze"
        self.vacuum_analyze(tables)
        return "vacuum (analyze)"

    def _maintain(self, command: str, tables: Sequence[type[models.Model] | str]) -> None:
        if not self.postgres or not tables:
            return
        qn = self.connection.ops.quote_name
        names = [t if isinstance(t, str) else t._meta.db_table for t in tables]
        with self.connection.cursor() as cursor:
            cursor.execute(f"{command} " + ", ".join(qn(name) for name in dict.fromkeys(names)))


def _check_deferred_now(cursor) -> None:
    """Run the deferred foreign-key checks queued so far, then go back to deferring them."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# --- conversions ----------------------------------------------------------------------------------
def _text_payload(fields, columns, n) -> bytes:
    parts = [_pg_text(columns[f.attname], n) for f in fields]
    columns_ = (p.tolist() if isinstance(p, np.ndarray) else p for p in parts)
    lines = itertools.islice(map("\t".join, zip(*columns_, strict=False)), n)
    return ("\n".join(lines) + "\n").encode()


def _binary_payload(fields, columns, n) -> bytes:
    layout = [("count", ">i2")]
    for i in range(len(fields)):
        layout += [(f"len{i}", ">i4"), (f"val{i}", ">i8")]
    rows = np.empty(n, dtype=np.dtype(layout))
    rows["count"] = len(fields)
    for i, field in enumerate(fields):
        rows[f"len{i}"] = 8
        rows[f"val{i}"] = columns[field.attname]
    return _BINARY_HEADER + rows.tobytes() + _BINARY_TRAILER


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
