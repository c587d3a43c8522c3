"""A scheduler stopped or killed in the middle of sending e-mail, as real processes
against a real SMTP server that holds one message until the test lets it go.

E-mail goes in batches (MAIL_BATCH_SIZE, 5 here): a batch is claimed, sent, and its outcome
recorded in one commit. Stopped (SIGTERM): it finishes the message in hand, records the batch,
gives the rest back and exits cleanly; each message then goes exactly once. Killed (SIGKILL):
the standby that takes over gives the dead one's claims back at once, and a killed
`scheduler once` leaves claims that are free again after 30 s; in both, the messages of the
batch in hand that the SMTP server had taken (the server had them, the sender never recorded
it) go twice, with the same Message-ID, and no other: at most one batch."""

from __future__ import annotations

import signal
from collections import Counter

import pytest
from sqlalchemy import func, select

from lms.core.extensions import db
from lms.learning.services.announcements import announce_releases
from lms.notifications.models import Notification
from tests.cli.processes import (
    drain, run_to_end, scheduler_env, start_held_smtp, start_scheduler, stop_all, wait_for, wait_until, wait_until_settled,
)
from tests.conftest import NOW
from tests.factories import make_enrolment, make_user
from tests.service.test_announcements import BEFORE_START

LEARNERS = 3
MESSAGES = LEARNERS * 5  # 5 modules are open by 3 October
BATCH = 5  # e-mails sent between two commits of their outcome
HELD = 8  # the mail server holds the eighth message: the third of the second batch
IN_HAND = HELD - BATCH  # the second batch's messages the server has when the sender dies


@pytest.fixture
def held_smtp(app):
    inbox, controller = start_held_smtp(app, hold=HELD)
    yield inbox
    inbox.gate.set()
    controller.stop()


@pytest.fixture
def announced(courses):
    for _ in range(LEARNERS):
        make_enrolment(make_user(now=BEFORE_START), now=BEFORE_START)
    assert announce_releases(now=NOW).recorded == MESSAGES
    db.session.commit()


def email_states() -> Counter:
    db.session.commit()  # a fresh read of what the processes wrote
    states = Counter(dict(db.session.execute(
        select(Notification.email_status, func.count()).group_by(Notification.email_status)).all()))
    db.session.commit()
    return states


def resent(inbox) -> list[tuple[str, str]]:
    """The messages the server received twice; each copy of one carries the same Message-ID."""
    copies: dict[tuple[str, str], set[str]] = {}
    for message in inbox.messages:
        copies.setdefault((message["To"], message["Subject"]), set()).add(message["Message-ID"])
    assert all(len(ids) == 1 for ids in copies.values()), copies  # a resent message is recognisable
    counts = Counter(inbox.delivered())
    assert len(counts) == MESSAGES and set(counts.values()) <= {1, 2}  # everyone got every message, none thrice
    return [message for message in dict.fromkeys(inbox.delivered()) if counts[message] == 2]


def test_sigterm_mid_delivery_finishes_the_message_in_hand_and_gives_the_rest_back(app, announced, held_smtp):
    env = scheduler_env(app, MAIL_BATCH_SIZE=str(BATCH))
    scheduler, log = start_scheduler(env, "run")  # not verbose: the log says what a user needs
    try:
        assert held_smtp.holding.wait(60), "the scheduler never reached the third message"
        scheduler.send_signal(signal.SIGTERM)
        wait_for(log, "stopping")
        held_smtp.gate.set()
        assert scheduler.wait(timeout=30) == 0
        drain(log)
        whole = "".join(scheduler.log)
        assert f"gave back {BATCH - IN_HAND} unsent e-mails" in whole and "Scheduler stopped." in whole
        # A quiet log: no line per job run or heartbeat (APScheduler's or ours), so what matters shows.
        for noise in ("Running job", "executed successfully", "Added job", "leadership renewed", ": 0\n"):
            assert noise not in whole, whole
        assert email_states() == {"sent": HELD, "pending": MESSAGES - HELD}  # none left "sending"
        db.session.commit()
        assert set(db.session.scalars(select(Notification.email_attempts).where(Notification.email_status == "pending"))) == {0}
        db.session.commit()

        code, output = run_to_end(env, "once")
        assert code == 0, output
        delivered = held_smtp.delivered()
        assert len(delivered) == MESSAGES and len(set(delivered)) == MESSAGES
        assert email_states() == {"sent": MESSAGES}
    finally:
        stop_all(scheduler)


def test_a_killed_schedulers_claims_go_to_the_standby_at_once_and_only_its_batch_in_hand_twice(app, announced, held_smtp):
    env = scheduler_env(app, MAIL_BATCH_SIZE=str(BATCH))
    active, _ = start_scheduler(env)
    standby = None
    try:
        assert held_smtp.holding.wait(60)
        standby, standby_log = start_scheduler(env)
        wait_for(standby_log, "standby")
        active.send_signal(signal.SIGKILL)
        active.wait(timeout=10)
        held_smtp.gate.set()  # the server has the held message; its sender died before hearing "250 OK"
        # Given back on taking over, not after a claim expires: the second batch, whose outcome
        # was never recorded (the held message and the two before it included).
        wait_for(standby_log, f"{BATCH} of its unfinished deliver-email items are due again", timeout=30)
        wait_until(lambda: len(held_smtp.messages) == MESSAGES + IN_HAND, timeout=30)
        wait_until_settled(standby_log, sends=MESSAGES - BATCH)
        assert resent(held_smtp) == held_smtp.delivered()[BATCH:HELD]  # the batch in hand, no more
        assert email_states() == {"sent": MESSAGES}
    finally:
        stop_all(active, standby)


def test_claims_of_a_killed_scheduler_once_are_free_again_after_thirty_seconds(app, announced, held_smtp):
    env = scheduler_env(app, MAIL_BATCH_SIZE=str(BATCH))
    killed, _ = start_scheduler(env, "once", "deliver-email")
    try:
        assert held_smtp.holding.wait(60)
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=10)
        held_smtp.gate.set()
        assert email_states() == {"sent": BATCH, "sending": BATCH, "pending": MESSAGES - 2 * BATCH}

        def once(at: str) -> str:
            code, output = run_to_end({**env, "LMS_FIXED_NOW": at}, "once", "deliver-email")
            assert code == 0, output
            return output

        # Still claimed by the dead process: only what it had not claimed goes.
        assert f"deliver-email: {MESSAGES - 2 * BATCH}" in once("2017-10-03T10:00:29+00:00")
        assert f"deliver-email: {BATCH}" in once("2017-10-03T10:00:31+00:00")
        assert resent(held_smtp) == held_smtp.delivered()[BATCH:HELD]
        assert email_states() == {"sent": MESSAGES}
    finally:
        stop_all(killed)
