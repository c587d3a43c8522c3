"""Migrations build, from an empty database, exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from lms.core.extensions import db


def empty_database() -> None:
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def test_migrated_schema_equals_the_models(app):
    empty_database()
    upgrade(directory=str(app.root_path + "/../migrations"))
    with db.engine.connect() as connection:
        # Discussions' and resources' full-text search is DDL of its own (SQLite's virtual tables,
        # PostgreSQL's columns of words and their indexes): tests/discussions/test_search_schema.py and
        # tests/resources/test_search_schema.py compare it.
        skip_search = lambda name, type_, parents: not (name or "").startswith((  # noqa: E731
            "discussion_posts_fts", "search_words", "ix_discussion_posts_search_words", "resources_fts", "ix_resources_search_words"))
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": skip_search})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_downgrade_to_an_empty_database(app):
    empty_database()
    directory = str(app.root_path + "/../migrations")
    upgrade(directory=directory)
    downgrade(directory=directory, revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
