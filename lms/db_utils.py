"""Small SQL helpers that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from lms.extensions import db


def insert_ignoring_duplicates(model, *, conflict_columns: list[str]):
    """``INSERT ... ON CONFLICT DO NOTHING``: the unique constraint decides, so
    two processes inserting the same row at once leave exactly one."""
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(model).on_conflict_do_nothing(index_elements=conflict_columns)
