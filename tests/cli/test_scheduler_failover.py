"""Two scheduler processes: one is active, the other waits; killing the active one
hands over to the standby, and no message is sent twice."""

from __future__ import annotations

import signal
import sqlite3

import pytest
from sqlalchemy.engine import make_url

from lms.core.extensions import db
from lms.core.leadership import active_holder
from lms.learning.services.announcements import announce_releases
from tests.cli.processes import scheduler_env, start_scheduler, stop_all, wait_for, wait_until, wait_until_settled
from tests.conftest import POSTGRES_URL
from tests.factories import make_enrolment, make_user
from tests.service.test_announcements import BEFORE_START

ACTIVE = "active: this process runs the jobs"  # not "standby: another scheduler is active"


def test_a_standby_takes_over_when_the_active_scheduler_dies_without_double_sending(app, courses, smtp):
    for _ in range(2):
        make_enrolment(make_user(now=BEFORE_START), now=BEFORE_START)
    env = scheduler_env(app)
    first, first_log = start_scheduler(env)
    second = None
    try:
        wait_for(first_log, ACTIVE)
        second, second_log = start_scheduler(env)
        wait_for(second_log, "standby")
        wait_until(lambda: len(smtp.messages) == 10)  # 2 learners x 5 modules open by 3 October

        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        # New work appears while the standby takes over: a third learner's announcements.
        make_enrolment(make_user(now=BEFORE_START), now=BEFORE_START)
        announce_releases(now=BEFORE_START.replace(month=10, day=3))
        db.session.commit()
        wait_for(second_log, ACTIVE)
        wait_until(lambda: len(smtp.messages) == 15)
        # The new scheduler sends the third learner's 5; wait until it has done so and then run
        # every job afresh, so that a wrongly doubled sender has had its chance to show itself.
        wait_until_settled(second_log, sends=5)
        sent = [(message["To"], message["Subject"]) for message in smtp.messages]
        assert len(sent) == 15 and len(set(sent)) == 15
    finally:
        stop_all(first, second)


@pytest.mark.skipif(POSTGRES_URL is not None, reason="the SQLite lease; PostgreSQL's lock lives in its connection")
def test_an_active_scheduler_that_cannot_renew_its_lease_steps_down_and_the_standby_takes_over(app):
    """SQLite locked by another writer for longer than the busy timeout: the active scheduler's
    renewal fails with "database is locked". Its lease then runs out and the standby may take
    it, so the active one must stop rather than run on beside it."""
    env = scheduler_env(app)
    first, first_log = start_scheduler(env)
    second = None
    try:
        wait_for(first_log, ACTIVE)
        second, second_log = start_scheduler(env)
        wait_for(second_log, "standby")
        writer = sqlite3.connect(make_url(app.config["DATABASE_URL"]).database, isolation_level=None)
        try:
            writer.execute("BEGIN IMMEDIATE")  # another program holds the write lock...
            wait_for(first_log, "leadership lost", timeout=30)  # ...until the active one has let go
        finally:
            writer.execute("ROLLBACK")
            writer.close()
        assert first.wait(timeout=30) == 0
        assert "Scheduler stopped." in "".join(first.log)
        wait_for(second_log, ACTIVE)
        assert second.poll() is None  # waited through the lock instead of failing
    finally:
        stop_all(first, second)


def test_a_killed_scheduler_is_not_reported_active(app):
    """`flask demo welcome` (make run) waits until a scheduler is active: a scheduler killed
    with SIGKILL leaves its lease row behind, which must not count. On PostgreSQL its lock
    went with its connection, so at once (its lease here is far longer than the wait); on
    SQLite once its lease runs out."""
    env = scheduler_env(app, SCHEDULER_LEASE_SECONDS="60" if POSTGRES_URL else "3")
    scheduler, log = start_scheduler(env)
    try:
        wait_for(log, ACTIVE)
        holder = active_holder()
        assert holder is not None and holder.split(":")[1] == str(scheduler.pid)
        scheduler.send_signal(signal.SIGKILL)
        scheduler.wait(timeout=10)
        wait_until(lambda: active_holder() is None, timeout=15)
    finally:
        stop_all(scheduler)
