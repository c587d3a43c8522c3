"""Small SQL helpers that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from lms.extensions import db


def insert_ignoring_duplicates(model, *, conflict_columns: list[str]):
    """``INSERT ... ON CONFLICT DO NOTHING``: the unique constraint decides, so
    two processes inserting the same row at once leave exactly one."""
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(model).on_conflict_do_nothing(index_elements=conflict_columns)


def lock_queue(activity_id: int) -> None:
    """Serialise claims on one assignment until the transaction ends."""
    from lms.models import Activity

    lock_row(Activity, activity_id)


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
