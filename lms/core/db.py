"""Database helpers shared by the features: a UTC column type, the few SQL
constructs that differ between SQLite and PostgreSQL, and light read-only records
for the pages read on every request; long lists bound a chunk per statement, and the
substring search of the tutors' lists."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from functools import cache
from typing import TypeVar

from sqlalchemy import ColumnElement, DateTime, Row, func, null, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.types import TypeDecorator

from lms.core.extensions import db

T = TypeVar("T")


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC: the same on SQLite and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC datetime")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def insert_ignoring_duplicates(model, *, conflict_columns: list[str]):
    """``INSERT ... ON CONFLICT DO NOTHING``: the unique constraint decides, so
    two processes inserting the same row at once leave exactly one."""
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(model).on_conflict_do_nothing(index_elements=conflict_columns)


def lock_row(model, row_id: int) -> None:
    """Serialise writers of one row until the transaction ends.

    PostgreSQL: SELECT ... FOR UPDATE. SQLite: an immediate write transaction, taken
    before anything is read, so the next writer waits and then sees this one's work."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        db.session.execute(select(model.id).where(model.id == row_id).with_for_update())
        return
    raw = connection.connection.dbapi_connection
    if not raw.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@cache
def record_type(model) -> type:
    """A read-only stand-in for ``model``'s rows: a named tuple of its columns, by the same
    names, equal (and hashed) by table and id as ORM entities are within a session.

    The hot pages select these with Core statements built once, which costs a tenth of
    loading ORM entities. Writing needs the entity: load it by id (or UPDATE by id)."""
    table = model.__table__
    base = namedtuple(f"{model.__name__}Record", [column.key for column in table.columns])
    return type(base.__name__, (base,), {
        "__slots__": (),
        "__eq__": lambda self, other: type(self) is type(other) and self.id == other.id,
        "__hash__": lambda self: hash((type(self), self.id)),
        "table": table,
        "width": len(table.columns),
    })


def record_columns(model, *, leave_out: Sequence[str] = ()) -> list:
    """The columns a ``record_type(model)`` is built from, in order; ``leave_out`` ones are
    selected as NULL (a unit's HTML on pages that list units)."""
    return [null().label(column.key) if column.key in leave_out else column for column in model.__table__.columns]


def split_row(row: Row | Sequence, *models) -> tuple:
    """A row of ``select(*record_columns(A), *record_columns(B), ...)`` as (A record, B record, ...)."""
    records, start = [], 0
    for model in models:
        kind = record_type(model)
        records.append(tuple.__new__(kind, row[start:start + kind.width]))
        start += kind.width
    return tuple(records)


def as_record(model, row: Row | Sequence | None):
    """One row of ``select(*record_columns(model))`` as its record (None stays None)."""
    return None if row is None else tuple.__new__(record_type(model), row)


CHUNK = 500  # values bound per statement: far below SQLite's limit, a handful of statements for a big list


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """``items`` in slices of at most ``size``: one statement each, for lists (a file's addresses,
    its accounts) too long to bind in one ``IN``."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


LIKE_ESCAPE = "\\"


def like_pattern(text: str) -> str:
    """``text`` as a LIKE pattern matching it anywhere, its own % and _ taken literally (with ``escape=LIKE_ESCAPE``)."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return f"%{escaped}%"


def contains_text(columns: Sequence[ColumnElement[str]], text: str) -> ColumnElement[bool]:
    """Any of ``columns`` holding ``text``, whatever the case (``lower(...) LIKE '%...%'``: a scan, which no B-tree serves)."""
    pattern = like_pattern(text.lower())
    return or_(*(func.lower(column).like(pattern, escape=LIKE_ESCAPE) for column in columns))
