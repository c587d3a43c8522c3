"""Database helpers shared by the features: a UTC column type and the few SQL
constructs that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.types import TypeDecorator

from lms.core.extensions import db


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
