"""How a request uses its database connection: on PostgreSQL a page that only read ends with
COMMIT (so that PostgreSQL keeps the prepared statements psycopg drops at every ROLLBACK),
anything written and not committed still rolls back, and a pooled connection the server dropped while it sat
idle is replaced before a page uses it, without a ping before every request."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, select, text

import config
from lms import create_app
from lms.accounts.models import User
from lms.core.extensions import db
from tests.conftest import NOW, POSTGRES_URL, IsolatedClient
from tests.factories import make_learner

MODULE = "/courses/stem-careers/modules/introduction/"


@pytest.fixture
def endings(app):
    """The ends of transactions, in order: "commit" or "rollback"."""
    seen: list[str] = []
    listeners = [("commit", lambda conn: seen.append("commit")), ("rollback", lambda conn: seen.append("rollback"))]
    for name, listener in listeners:
        event.listen(db.engine, name, listener)
    yield seen
    for name, listener in listeners:
        event.remove(db.engine, name, listener)


@pytest.mark.skipif(not POSTGRES_URL, reason="psycopg's prepared statements; SQLite rolls back, which costs less")
def test_a_page_that_only_reads_ends_its_transaction_with_commit(client, courses, endings):
    make_learner(now=NOW, client=client)
    for url in (MODULE, "/dashboard", "/courses/stem-careers"):
        endings.clear()
        assert client.get(url).status_code == 200
        assert endings == ["commit"], url


def test_what_a_failed_request_wrote_is_rolled_back(app, courses, endings):
    user = make_learner(now=NOW)

    @app.get("/test-only/write-then-refuse")
    def write_then_refuse():
        db.session.execute(text("UPDATE users SET name = 'Changed'"))
        return "refused", 409  # answered without raising and without committing

    endings.clear()
    assert app.test_client().get("/test-only/write-then-refuse").status_code == 409
    assert endings == ["rollback"]
    assert db.session.scalar(select(User.name).where(User.id == user.id)) == "Ada Learner"


@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL drops connections; SQLite has none to drop")
def test_a_connection_dropped_while_idle_is_replaced_before_the_page_uses_it(courses, tmp_path):
    app = create_app(config.TestConfig, DATABASE_URL=POSTGRES_URL, FIXED_NOW=NOW, DATABASE_IDLE_PING_SECONDS=0,
                     MAIL_OUTBOX=str(tmp_path / "outbox"), UPLOAD_DIR=str(tmp_path / "uploads"))
    app.test_client_class = IsolatedClient
    client = app.test_client()
    with app.app_context():
        make_learner(now=NOW, client=client)
    assert client.get(MODULE).status_code == 200
    with app.app_context():  # the pooled connection the page used, and its server process
        pid = db.session.scalar(text("SELECT pg_backend_pid()"))
        db.session.remove()
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:  # as a server restart or an idle timeout would
        assert connection.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    assert client.get(MODULE).status_code == 200
    with app.app_context():
        db.engine.dispose()
