"""The search index the migration builds is the one the models build (tests/test_migrations.py
cannot compare it: SQLite's FTS5 table is not the models' metadata, PostgreSQL's generated
column of words is left out of the comparison)."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from lms.core.extensions import db
from tests.conftest import ROOT

MIGRATIONS = str(ROOT / "migrations")
BEFORE = "e4a6c8d0f2b5"


def search_schema() -> list[tuple]:
    if db.engine.dialect.name == "sqlite":
        query = "SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'resources_fts%' ORDER BY name"
    else:
        query = ("SELECT table_name || '.' || column_name, data_type || ' ' || coalesce(generation_expression, '') "
                 "FROM information_schema.columns WHERE table_name = 'resources' AND column_name = 'search_words' "
                 "UNION ALL SELECT indexname, indexdef FROM pg_indexes WHERE indexname = 'ix_resources_search_words' ORDER BY 1")
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query))]


def test_the_migration_builds_the_search_the_models_build(app):
    built = search_schema()
    assert len(built) >= 2
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    assert search_schema() == []
    upgrade(directory=MIGRATIONS)
    assert search_schema() == built
    downgrade(directory=MIGRATIONS, revision=BEFORE)
    try:
        assert search_schema() == []
    finally:
        upgrade(directory=MIGRATIONS)
