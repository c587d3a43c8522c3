"""Migrations build, from an empty database, exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from lms.core.extensions import db


def empty_database() -> None:
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


# Expression indexes (discussions' full-text GIN indexes) are PostgreSQL's alone; SQLite cannot reflect them.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_migrated_schema_equals_the_models(app):
    empty_database()
    upgrade(directory=str(app.root_path + "/../migrations"))
    with db.engine.connect() as connection:
        # SQLite's full-text index of discussions (a virtual table and its shadow tables) is DDL
        # of its own, written by the models' DDL events and by its migration alike.
        skip_search = lambda name, type_, parents: not (type_ == "table" and name.startswith("discussion_posts_fts"))  # noqa: E731
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": skip_search})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_downgrade_to_an_empty_database(app):
    empty_database()
    directory = str(app.root_path + "/../migrations")
    upgrade(directory=directory)
    downgrade(directory=directory, revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
