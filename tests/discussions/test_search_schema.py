"""The search index the migration builds is the one the models build (tests/test_migrations.py
cannot compare it: SQLite's full-text tables are not the models' metadata, PostgreSQL's
configuration is no table), and posts written before the migration are found after it."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from lms.core.extensions import db
from lms.discussions.queries.search import Group, find_posts
from tests.conftest import NOW, ROOT
from tests.discussions.search_helpers import add_thread
from tests.factories import make_learner, run_of

MIGRATIONS = str(ROOT / "migrations")
BEFORE_SEARCH = "f5d1f9c7e4b6"


def search_schema() -> list[tuple]:
    if db.engine.dialect.name == "sqlite":
        query = "SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'discussion_posts_fts%' ORDER BY name"
    else:
        query = ("SELECT table_name || '.' || column_name, data_type FROM information_schema.columns WHERE column_name = 'search_words' "
                 "UNION ALL SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%\\_search\\_words' "
                 "UNION ALL SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname LIKE '%\\_search\\_words' "
                 "UNION ALL SELECT proname, prosrc FROM pg_proc WHERE proname LIKE '%\\_search\\_words' "
                 "UNION ALL SELECT c.cfgname, string_agg(d.dictname || ':' || m.maptokentype || ':' || m.mapseqno, ',' "
                 "ORDER BY m.maptokentype, m.mapseqno) FROM pg_ts_config c JOIN pg_ts_config_map m ON m.mapcfg = c.oid "
                 "JOIN pg_ts_dict d ON d.oid = m.mapdict WHERE c.cfgname = 'discussion_words' GROUP BY c.cfgname ORDER BY 1, 2")
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query))]


def empty_database() -> None:
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def test_the_migration_builds_the_search_index_the_models_build(app):
    built = search_schema()
    assert len(built) >= 5  # SQLite: the view, the index and its tables, the triggers; PostgreSQL: the column, its index, two triggers and their functions, the configuration
    empty_database()
    assert search_schema() == []  # dropping the tables drops the search with them

    upgrade(directory=MIGRATIONS)

    assert search_schema() == built
    downgrade(directory=MIGRATIONS, revision=BEFORE_SEARCH)
    try:
        assert search_schema() == []
    finally:
        upgrade(directory=MIGRATIONS)  # the next tests (PostgreSQL keeps its tables) find the search in place


def test_posts_written_before_the_migration_are_found_after_it(app, courses):
    # Made at the newest schema: later migrations add columns to users that the model then knows of.
    author = make_learner(now=NOW)
    run = run_of("stem-careers").id
    downgrade_to_before_search()
    _, post = add_thread(run, author, "Robotics club", "Our robotics club met.")

    upgrade(directory=MIGRATIONS)

    groups = [Group(("robotics",))]
    assert [row.id for row in find_posts(run, groups, moderates=False, module_ids=[], limit=20, offset=0)] == [post]


def downgrade_to_before_search() -> None:
    """This test's database as it was at the revision before the search (the app's tables, filled by
    the fixtures, stay)."""
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        connection.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        # The tables are the models' (the newest schema): the newest revision, whatever comes after the search.
        head = ScriptDirectory(MIGRATIONS).get_current_head()
        connection.exec_driver_sql(f"INSERT INTO alembic_version VALUES ('{head}')")
    db.session.remove()
    downgrade(directory=MIGRATIONS, revision=BEFORE_SEARCH)
