"""A scheduler stopped or killed in the middle of sending e-mail, as real processes
against a real SMTP server that holds one message until the test lets it go.

Stopped (SIGTERM): it finishes the message in hand, gives the rest back and exits cleanly;
each message then goes exactly once. Killed (SIGKILL): the standby that takes over gives
the dead one's claims back at once, and a killed `scheduler once` leaves claims that are
free again after 30 s; in both, the one message being handed to the SMTP server at the
moment of death may go twice (the server had it, the sender never heard), and no other."""

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
HELD = 3  # the mail server holds the third message


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


def test_sigterm_mid_delivery_finishes_the_message_in_hand_and_gives_the_rest_back(app, announced, held_smtp):
    env = scheduler_env(app)
    scheduler, log = start_scheduler(env, "run")  # not verbose: the log says what a user needs
    try:
        assert held_smtp.holding.wait(60), "the scheduler never reached the third message"
        scheduler.send_signal(signal.SIGTERM)
        wait_for(log, "stopping")
        held_smtp.gate.set()
        assert scheduler.wait(timeout=30) == 0
        drain(log)
        whole = "".join(scheduler.log)
        assert f"gave back {MESSAGES - HELD} unsent e-mails" in whole and "Scheduler stopped." in whole
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


def test_a_killed_schedulers_claims_go_to_the_standby_at_once_and_only_the_message_in_hand_twice(app, announced, held_smtp):
    env = scheduler_env(app)
    active, _ = start_scheduler(env)
    standby = None
    try:
        assert held_smtp.holding.wait(60)
        standby, standby_log = start_scheduler(env)
        wait_for(standby_log, "standby")
        active.send_signal(signal.SIGKILL)
        active.wait(timeout=10)
        held_smtp.gate.set()  # the server has the held message; its sender died before hearing "250 OK"
        # Given back on taking over, not after a claim expires: the 13 it had not finished (the
        # held one included, since its "sent" was never recorded).
        wait_for(standby_log, f"{MESSAGES - HELD + 1} of its unfinished deliver-email items are due again", timeout=30)
        wait_until(lambda: len(held_smtp.messages) == MESSAGES + 1, timeout=30)
        wait_until_settled(standby_log, sends=MESSAGES - HELD + 1)
        delivered = Counter(held_smtp.delivered())
        assert len(delivered) == MESSAGES  # everyone got every message
        doubled = [message for message, times in delivered.items() if times > 1]
        assert doubled == [held_smtp.delivered()[HELD - 1]] and delivered[doubled[0]] == 2
        assert email_states() == {"sent": MESSAGES}
    finally:
        stop_all(active, standby)


def test_claims_of_a_killed_scheduler_once_are_free_again_after_thirty_seconds(app, announced, held_smtp):
    env = scheduler_env(app)
    killed, _ = start_scheduler(env, "once", "deliver-email")
    try:
        assert held_smtp.holding.wait(60)
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=10)
        held_smtp.gate.set()
        assert email_states() == {"sent": HELD - 1, "sending": MESSAGES - HELD + 1}

        def once(at: str) -> str:
            code, output = run_to_end({**env, "LMS_FIXED_NOW": at}, "once", "deliver-email")
            assert code == 0, output
            return output

        assert "deliver-email: 0" in once("2017-10-03T10:00:29+00:00")  # still claimed by the dead process
        assert f"deliver-email: {MESSAGES - HELD + 1}" in once("2017-10-03T10:00:31+00:00")
        delivered = Counter(held_smtp.delivered())
        assert len(delivered) == MESSAGES and sorted(delivered.values()) == [1] * (MESSAGES - 1) + [2]
        assert email_states() == {"sent": MESSAGES}
    finally:
        stop_all(killed)
