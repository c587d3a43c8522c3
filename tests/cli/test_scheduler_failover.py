"""Two scheduler processes: one is active, the other waits; killing the active one
hands over to the standby, and no message is sent twice."""

from __future__ import annotations

import signal

from lms.core.extensions import db
from lms.learning.services.announcements import announce_releases
from tests.cli.processes import scheduler_env, start_scheduler, stop_all, wait_for, wait_until, wait_until_settled
from tests.factories import make_enrolment, make_user
from tests.service.test_announcements import BEFORE_START


def test_a_standby_takes_over_when_the_active_scheduler_dies_without_double_sending(app, courses, smtp):
    for _ in range(2):
        make_enrolment(make_user(now=BEFORE_START), now=BEFORE_START)
    env = scheduler_env(app)
    first, first_log = start_scheduler(env)
    second = None
    try:
        wait_for(first_log, "active")
        second, second_log = start_scheduler(env)
        wait_for(second_log, "standby")
        wait_until(lambda: len(smtp.messages) == 10)  # 2 learners x 5 modules open by 3 October

        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        # New work appears while the standby takes over: a third learner's announcements.
        make_enrolment(make_user(now=BEFORE_START), now=BEFORE_START)
        announce_releases(now=BEFORE_START.replace(month=10, day=3))
        db.session.commit()
        wait_for(second_log, "active")
        wait_until(lambda: len(smtp.messages) == 15)
        # The new scheduler sends the third learner's 5; wait until it has done so and then run
        # every job afresh, so that a wrongly doubled sender has had its chance to show itself.
        wait_until_settled(second_log, sends=5)
        sent = [(message["To"], message["Subject"]) for message in smtp.messages]
        assert len(sent) == 15 and len(set(sent)) == 15
    finally:
        stop_all(first, second)
