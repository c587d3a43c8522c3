"""While the database is out of reach, every page still answers with a proper page: 503 with
Retry-After and honest words (what you did last was not saved), drawn without the database,
instead of an error page that fails in turn (an empty 500 from gunicorn). On SQLite the
database file's folder is removed; on PostgreSQL the database is dropped under the app."""

from __future__ import annotations

import shutil
import uuid

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

import config
from lms import create_app
from lms.core.extensions import db
from tests.conftest import NOW, POSTGRES_URL, IsolatedClient, csrf_from
from tests.factories import log_in, make_user

HONEST_OUTAGE = "The site cannot reach its database just now, so what you did last was not saved."


@pytest.fixture
def vanishing_database(tmp_path):
    """(database URL, a function that makes that database go away for good)."""
    if not POSTGRES_URL:
        folder = tmp_path / "data"
        folder.mkdir()
        yield f"sqlite:///{folder / 'lms.sqlite'}", lambda: shutil.rmtree(folder)
        return
    name = f"outage_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop():
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False), drop
    drop()
    admin.dispose()


def production_like_app(database_url: str, tmp_path):
    """Errors handled as in production (not re-raised to the test), so the pages are what gunicorn would send."""
    app = create_app(config.TestConfig, DATABASE_URL=database_url, FIXED_NOW=NOW, PROPAGATE_EXCEPTIONS=False,
                     MAIL_OUTBOX=str(tmp_path / "outbox"), UPLOAD_DIR=str(tmp_path / "uploads"))
    app.test_client_class = IsolatedClient
    return app


def test_while_the_database_is_down_every_page_says_so_honestly_with_a_503(vanishing_database, tmp_path):
    url, make_it_vanish = vanishing_database
    app = production_like_app(url, tmp_path)
    with app.app_context():
        db.create_all()
        user = make_user(now=NOW)
        learner, visitor = app.test_client(), app.test_client()
        log_in(learner, user.email)
        token = csrf_from(learner.get("/account").get_data(as_text=True))
        db.session.remove()
        db.engine.dispose()  # no connection kept open past the outage
        make_it_vanish()
    for client, method, path in [(learner, "GET", "/dashboard"), (learner, "POST", "/notifications/read"),
                                 (visitor, "GET", "/"), (visitor, "GET", "/courses/stem-careers")]:
        response = client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
        html = response.get_data(as_text=True)
        assert response.status_code == 503, (method, path)
        assert response.headers["Retry-After"] == "60"
        assert "<h1>Temporarily unavailable</h1>" in html and HONEST_OUTAGE in html
        assert "Nothing you entered was lost" not in html
    missing = learner.get("/no-such-page")  # a 404 still says 404, though the layout cannot show who is logged in
    assert missing.status_code == 404 and "There is no page at this address." in missing.get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()


def test_a_failure_on_our_side_says_the_last_action_may_not_have_been_saved(app, tmp_path):
    app = production_like_app(app.config["DATABASE_URL"], tmp_path)

    @app.get("/test-only/a-bug")
    def a_bug():
        raise RuntimeError("a bug in the code")

    response = app.test_client().get("/test-only/a-bug")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "<h1>Sorry</h1>" in html and "what you did last may not have been saved" in html
    assert "Nothing you entered was lost" not in html


BUSY_WORDS = "The site is too busy to finish what you did just now, so it was not saved."


def test_a_busy_database_is_not_called_unreachable_but_still_says_nothing_was_saved(app, tmp_path):
    """A lock held elsewhere (SQLite's "database is locked", PostgreSQL's lock timeout) is a busy
    moment, not an outage: 503 with a short Retry-After and words that say so."""
    from sqlalchemy import text

    app = production_like_app(app.config["DATABASE_URL"], tmp_path)
    with app.app_context():
        db.create_all()
        make_user(now=NOW)
    holder = create_engine(app.config["DATABASE_URL"])

    @app.post("/test-only/write")
    def write():
        if POSTGRES_URL:
            db.session.execute(text("SET LOCAL lock_timeout = '50ms'"))
        else:
            db.session.execute(text("PRAGMA busy_timeout = 0"))
        db.session.execute(text("UPDATE users SET name = 'Changed'"))
        db.session.commit()
        return "saved"

    with holder.connect() as held:
        held.exec_driver_sql("BEGIN EXCLUSIVE" if not POSTGRES_URL else "BEGIN")
        held.exec_driver_sql("UPDATE users SET name = 'Holding'" if POSTGRES_URL else "SELECT 1")
        app.config["WTF_CSRF_ENABLED"] = False
        response = app.test_client().post("/test-only/write")
        held.rollback()
    holder.dispose()
    with app.app_context():
        db.engine.dispose()
    html = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert BUSY_WORDS in html and HONEST_OUTAGE not in html
