"""Fixtures: a fresh database per test, the Flask client and CLI runner, a
fixed "now", the real catalogue loaded once, and a real SMTP server on loopback."""

from __future__ import annotations

import contextvars
import email
import email.policy
import os
import re
import socket
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event

import config
from lms import create_app
from lms.core.extensions import db
from lms.courses.catalog import load_catalog
from lms.courses.services.sync import sync_courses

# Chromium for the browser tests, one per session for the whole suite (see tests/browser_fixture.py).
pytest_plugins = ["tests.browser_fixture"]

ROOT = Path(__file__).resolve().parent.parent
# Tuesday 3 October 2017, noon in Brussels: week 2 of the reference run.
NOW = datetime(2017, 10, 3, 10, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def real_catalog():
    catalog = load_catalog(ROOT / "courses", ROOT / "content")
    assert catalog.ok, "\n".join(map(str, catalog.problems))
    return catalog


class IsolatedClient(FlaskClient):
    """Runs each request outside the test's app context, as a real server would,
    so that ``g`` (the logged-in user) and the database session never leak
    between the test body and the request."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


POSTGRES_URL = os.environ.get("LMS_TEST_DATABASE_URL")
_postgres_ready = False


def _fresh_postgres() -> None:
    """Tables once per session, emptied after each test (much faster than re-creating them)."""
    global _postgres_ready
    if not _postgres_ready:
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.create_all()
        _postgres_ready = True


def _empty_postgres() -> None:
    from sqlalchemy import inspect

    db.session.remove()
    if not inspect(db.engine).has_table("users"):  # a test dropped the schema (migrations)
        db.create_all()
    names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    db.engine.dispose()


@pytest.fixture
def app(tmp_path):
    app = create_app(
        config.TestConfig,
        DATABASE_URL=POSTGRES_URL or f"sqlite:///{tmp_path / 'lms.sqlite'}",
        FIXED_NOW=NOW,
        MAIL_OUTBOX=str(tmp_path / "outbox"),
        UPLOAD_DIR=str(tmp_path / "uploads"),
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        if POSTGRES_URL:
            _fresh_postgres()
        else:
            db.create_all()
        yield app
        if POSTGRES_URL:
            _empty_postgres()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def courses(app, real_catalog):
    """The real sample courses, synced into this test's database."""
    sync_courses(real_catalog.courses, now=NOW)
    db.session.commit()
    return real_catalog


@pytest.fixture
def practice(app):
    """A small two-module course (tests/fixtures) with a quiz and a reflection."""
    catalog = load_catalog(ROOT / "tests" / "fixtures" / "courses", ROOT / "tests" / "fixtures" / "content")
    assert catalog.ok, "\n".join(map(str, catalog.problems))
    app.config["CONTENT_DIR"] = str(ROOT / "tests" / "fixtures" / "content")  # its badge artwork
    sync_courses(catalog.courses, now=NOW)
    db.session.commit()
    return catalog.courses[0]


@pytest.fixture
def peer_course(app):
    """A one-module course (tests/fixtures/peer) whose module is a peer-reviewed assignment."""
    catalog = load_catalog(ROOT / "tests" / "fixtures" / "peer" / "courses", ROOT / "tests" / "fixtures" / "peer" / "content")
    assert catalog.ok, "\n".join(map(str, catalog.problems))
    sync_courses(catalog.courses, now=NOW)
    db.session.commit()
    return catalog.courses[0]


@pytest.fixture
def smtp(app):
    """A real SMTP server on loopback that keeps what it receives."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Inbox(Message):
        def __init__(self):
            super().__init__()
            self.messages = []

        def handle_message(self, message):
            # Re-read with the modern policy so headers come back decoded, as a mail client shows them.
            self.messages.append(email.message_from_bytes(message.as_bytes(), policy=email.policy.default))

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    def wait_for(count: int, timeout: float = 10) -> list:
        """Messages sent from a background thread arrive a moment after the response."""
        import time

        deadline = time.monotonic() + timeout
        while len(inbox.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return inbox.messages

    inbox = Inbox()
    inbox.wait_for = wait_for
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config["MAIL_PORT"] = port
    yield inbox
    controller.stop()


@pytest.fixture
def live_server(app):
    """The app over real HTTP on loopback, its LMS_BASE_URL pointing at itself."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app.config["BASE_URL"]
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def count_queries(app):
    """Use as ``with count_queries() as queries: ...``; ``queries`` lists the SQL run."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements: list[str] = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", record)

    return counting


@contextmanager
def recording_sql():
    """``with recording_sql() as seen:`` lists (statement, number of bound parameters) for each
    statement run: the budget tests hold both fixed, whatever the cohort's size."""
    seen: list[tuple[str, int]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, len(parameters or ())))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@contextmanager
def meeting_at(statement_start: str, parties: int = 2):
    """Hold each of ``parties`` threads just before a statement beginning with ``statement_start``
    until all are there: each has read the state the others are about to change, so a race the
    code must survive happens every time, not by luck."""
    meeting = threading.Barrier(parties, timeout=30)

    def meet(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(statement_start):
            meeting.wait()

    event.listen(db.engine, "before_cursor_execute", meet)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", meet)


@pytest.fixture
def record_sql(app):
    return recording_sql


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def submit(client, url: str, data: dict | None = None, *, page: str | None = None, follow_redirects: bool = False):
    """Post a form the way a browser does: fetch the page, take its CSRF token, post."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={**(data or {}), "csrf_token": csrf_from(html)}, follow_redirects=follow_redirects)


@pytest.fixture
def reset_mail_handed_over(monkeypatch):
    """The addresses of the reset e-mails the app hands to its background sender, recorded
    as each request makes the hand-over (the real sender still sends them). A request hands
    over before it answers, so once every request has answered this list is final, and a
    test can wait until exactly these messages have arrived instead of sleeping in case
    one more comes."""
    import lms.accounts.services as services

    handed_over: list[str] = []
    send_mail_soon = services.send_mail_soon

    def recording(to: str, subject: str, body: str) -> None:
        handed_over.append(to)
        send_mail_soon(to, subject, body)

    monkeypatch.setattr(services, "send_mail_soon", recording)
    return handed_over
