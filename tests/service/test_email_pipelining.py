"""E-mail to a mail server that offers PIPELINING (RFC 2920, as Postfix and Exim do): each
message's MAIL, RCPT and DATA go in one write together with the previous message's body, and
every message still arrives once and whole, a refused mailbox still waits for its retry while
the others go, and a server that goes away still ends the run with the rest given back."""

from __future__ import annotations

import email
import email.policy
import socket
from datetime import datetime, timedelta, timezone

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.core.mail import Outbox, PreparedMessage, message_id
from lms.notifications.jobs import deliver_email
from tests.conftest import NOW
from tests.service.mail_helpers import MODULES_OPEN_BY_NOW, make_backlog, outbox

LEARNERS = 3
MESSAGES = LEARNERS * MODULES_OPEN_BY_NOW


class PipeliningInbox:
    """aiosmtpd reads pipelined commands in order but does not offer PIPELINING: this handler
    offers it. It can refuse one mailbox, or drop the connection and stop listening after
    ``keep`` messages; and as each message ends it notes whether the next message's commands
    had already arrived with it (they can only when the client pipelines)."""

    def __init__(self, *, refused: str | None = None, keep: int | None = None):
        self.refused, self.keep = refused, keep
        self.messages: list = []
        self.next_commands_came_along: list[bool] = []
        self.controller: Controller | None = None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802 (aiosmtpd's hook name)
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address == self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.keep is not None and len(self.messages) == self.keep:
            self.controller.server.close()  # no new connections
            server.transport.close()  # and this one drops before the reply
            return "421 shutting down"
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        # A peek at what the server has read and not handled yet (asyncio's StreamReader buffer).
        self.next_commands_came_along.append(b"MAIL FROM:" in bytes(server._reader._buffer))
        return "250 OK"


@pytest.fixture
def pipelining(app):
    servers = []

    def start(**behaviour) -> PipeliningInbox:
        inbox = PipeliningInbox(**behaviour)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        inbox.controller = Controller(inbox, hostname="127.0.0.1", port=port)
        inbox.controller.start()
        servers.append(inbox.controller)
        app.config["MAIL_PORT"] = port
        return inbox

    yield start
    for controller in servers:
        controller.stop()


@pytest.fixture
def backlog(courses):
    make_backlog(LEARNERS)


def test_a_pipelining_server_gets_every_message_once_each_sent_with_the_next_ones_commands(app, backlog, pipelining):
    inbox = pipelining()
    assert deliver_email(NOW) == MESSAGES
    assert deliver_email(NOW + timedelta(minutes=1)) == 0
    sent = [(message["To"], message["Subject"]) for message in inbox.messages]
    assert len(sent) == len(set(sent)) == MESSAGES
    assert {n.email_status for n in outbox()} == {"sent"}
    text = inbox.messages[0].get_body(("plain",)).get_content()
    assert text.startswith("Hello Ada Learner,") and "opened on Mon, 25 Sept 2017, 09:00 CEST" in text
    # Pipelined: a message's body and the next one's commands travel together (all but the last).
    assert sum(inbox.next_commands_came_along) > MESSAGES // 2 and not inbox.next_commands_came_along[-1]


def test_a_refused_mailbox_waits_for_its_retry_while_the_pipeline_goes_on(app, backlog, pipelining):
    refused = db.session.scalar(select(User.email).order_by(User.id))
    inbox = pipelining(refused=refused)
    assert deliver_email(NOW) == MESSAGES - 5  # the other learners' messages all go
    waiting = [n for n in outbox() if n.email_status == "pending"]
    assert len(waiting) == 5 and all(n.email_attempts == 1 and n.email_error.startswith("SMTPRecipientsRefused")
                                     for n in waiting)
    inbox.refused = None  # the mailbox exists now
    assert deliver_email(NOW + timedelta(minutes=3)) == 5
    assert len(inbox.messages) == MESSAGES and {n.email_status for n in outbox()} == {"sent"}


def test_a_pipelining_server_going_away_ends_the_run_and_the_rest_go_in_the_next(app, backlog, pipelining, smtp):
    working = app.config["MAIL_PORT"]
    gone = pipelining(keep=2)
    assert deliver_email(NOW) == 2
    states = [(n.email_status, n.email_attempts) for n in outbox()]
    # The message whose body was in the connection, and the one whose commands were, failed with
    # it and wait for their retry; the rest are due again at once, not counted as an attempt.
    assert states == [("sent", 1)] * 2 + [("pending", 1)] * 2 + [("pending", 0)] * (MESSAGES - 4)
    assert len(gone.messages) == 2
    app.config["MAIL_PORT"] = working  # another server takes over
    assert deliver_email(NOW + timedelta(seconds=30)) == MESSAGES - 4
    assert deliver_email(NOW + timedelta(minutes=3)) == 2
    assert {n.email_status for n in outbox()} == {"sent"}


def test_lines_starting_with_a_dot_arrive_whole_through_the_pipeline(app, pipelining):
    inbox = pipelining()
    prepared = PreparedMessage("Dots", sender=app.config["MAIL_SENDER"], date=datetime(2017, 10, 3, tzinfo=timezone.utc))
    mailbox = Outbox(app.config)
    outcomes = []
    for number in range(3):
        letter = prepared.letter(f"reader{number}@example.org", f".{number} starts with a dot\n.\n", "<p>.</p>",
                                 message_id=message_id(f"dots-{number}"))
        outcomes += mailbox.send(letter)
    outcomes += mailbox.flush()
    mailbox.close()
    assert [error for _, error in outcomes] == [None] * 3
    assert [message.get_body(("plain",)).get_content().replace("\r\n", "\n") for message in inbox.messages] == [
        f".{number} starts with a dot\n.\n" for number in range(3)]
