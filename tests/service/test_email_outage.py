"""E-mail delivery when something fails under it: the mail server out of reach or going away
(real sockets, a real SMTP server), or the database failing mid-run. A run stops at the
first sign that the server is gone, instead of trying (and timing out on) every message of
the backlog, and whatever ends a run, what it claimed and did not send is due again at once,
not counted as an attempt."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from lms.accounts.models import User
from lms.core.extensions import db
from lms.notifications.jobs import deliver_email
from tests.conftest import NOW
from tests.service.mail_helpers import MODULES_OPEN_BY_NOW, make_backlog, outbox

LEARNERS = 2
MESSAGES = LEARNERS * MODULES_OPEN_BY_NOW


@pytest.fixture
def backlog(courses):
    make_backlog(LEARNERS)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the socket is closed


def assert_one_failed_and_the_rest_due_now(error_name: str) -> None:
    failed, *rest = outbox()
    assert (failed.email_status, failed.email_attempts) == ("pending", 1)
    assert failed.email_error.startswith(error_name) and failed.email_next_attempt_at == NOW + timedelta(minutes=2)
    assert {(n.email_status, n.email_attempts, n.email_error, n.email_claimed_by) for n in rest} == {("pending", 0, None, None)}
    assert {n.email_next_attempt_at for n in rest} == {NOW}  # due again, for the next run


def test_with_the_mail_server_unreachable_a_run_tries_one_message_and_gives_the_rest_back(app, backlog, smtp):
    working = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = closed_port()
    assert deliver_email(NOW) == 0
    assert_one_failed_and_the_rest_due_now("ConnectionRefusedError")

    app.config["MAIL_PORT"] = working  # the server is back
    assert deliver_email(NOW + timedelta(seconds=30)) == MESSAGES - 1  # the failed one waits for its retry
    assert deliver_email(NOW + timedelta(minutes=3)) == 1
    sent = [(message["To"], message["Subject"]) for message in smtp.messages]
    assert len(sent) == MESSAGES and len(set(sent)) == MESSAGES


class RefusesOne:
    """An SMTP server that refuses one recipient (no such mailbox) and takes the rest."""

    def __init__(self, refused: str | None):
        self.refused = refused
        self.messages: list[bytes] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 OK"


def test_a_message_the_server_refuses_is_retried_later_and_the_run_goes_on(app, backlog):
    refused = db.session.scalar(select(User.email).order_by(User.id))
    server = RefusesOne(refused)
    controller = Controller(server, hostname="127.0.0.1", port=closed_port())
    controller.start()
    app.config["MAIL_PORT"] = controller.port
    try:
        assert deliver_email(NOW) == 5  # the other learner's messages all go
        waiting = [n for n in outbox() if n.email_status == "pending"]
        assert len(waiting) == 5 and all(n.email_attempts == 1 and n.email_error.startswith("SMTPRecipientsRefused")
                                         for n in waiting)
        server.refused = None  # the mailbox exists now
        assert deliver_email(NOW + timedelta(seconds=30)) == 0  # not yet: it waits before retrying
        assert deliver_email(NOW + timedelta(minutes=3)) == 5
        assert deliver_email(NOW + timedelta(minutes=10)) == 0
    finally:
        controller.stop()
    assert len(server.messages) == MESSAGES
    assert {n.email_status for n in outbox()} == {"sent"}


class GoneAfter:
    """An SMTP server that takes ``keep`` messages, then, in the middle of the next one, drops
    the connection and stops listening: a mail server shut down during a run."""

    def __init__(self, keep: int):
        self.keep = keep
        self.messages: list[bytes] = []
        self.controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):
        if len(self.messages) == self.keep:
            self.controller.server.close()  # no new connections
            server.transport.close()  # and this one drops before the reply
            return "421 shutting down"
        self.messages.append(envelope.content)
        return "250 OK"


def test_a_mail_server_going_away_mid_run_ends_the_run_and_the_rest_go_in_the_next(app, backlog, smtp):
    working = app.config["MAIL_PORT"]
    gone = GoneAfter(keep=2)
    gone.controller = Controller(gone, hostname="127.0.0.1", port=closed_port())
    gone.controller.start()
    app.config["MAIL_PORT"] = gone.controller.port
    try:
        assert deliver_email(NOW) == 2
    finally:
        gone.controller.stop()
    sent, rest = outbox()[:2], outbox()[2:]
    assert {n.email_status for n in sent} == {"sent"}
    assert len(gone.messages) == 2
    failed, *given_back = rest
    assert (failed.email_status, failed.email_attempts) == ("pending", 1)
    assert failed.email_error.startswith("SMTPServerDisconnected")
    assert {(n.email_status, n.email_attempts, n.email_next_attempt_at) for n in given_back} == {("pending", 0, NOW)}

    app.config["MAIL_PORT"] = working  # another server takes over
    assert deliver_email(NOW + timedelta(seconds=30)) == MESSAGES - 3
    assert deliver_email(NOW + timedelta(minutes=3)) == 1
    assert {n.email_status for n in outbox()} == {"sent"}


def test_a_database_error_mid_run_still_gives_the_claimed_messages_back(app, backlog, smtp):
    # The run claims its batch (committed), then its next query fails: the recipients' table
    # is out of reach for a moment.
    db.session.execute(text("ALTER TABLE users RENAME TO users_away"))
    db.session.commit()
    try:
        with pytest.raises(DBAPIError):
            deliver_email(NOW)
    finally:
        db.session.rollback()
        db.session.execute(text("ALTER TABLE users_away RENAME TO users"))
        db.session.commit()
    assert {(n.email_status, n.email_attempts, n.email_claimed_by) for n in outbox()} == {("pending", 0, None)}
    assert deliver_email(NOW + timedelta(seconds=1)) == MESSAGES  # the next run, without waiting for a claim to lapse
    assert len(smtp.messages) == MESSAGES
