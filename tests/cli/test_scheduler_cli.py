"""`flask courses schedule` and the scheduler process, run as real processes."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.notifications.models import Notification
from tests.conftest import ROOT
from tests.factories import make_enrolment, make_user
from tests.service.test_announcements import BEFORE_START


def test_schedule_prints_each_opening_in_the_runs_zone_with_its_offset(runner, courses):
    result = runner.invoke(args=["courses", "schedule", "stem-careers", "--run", "autumn-2017"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "2017-09-25T09:00:00+02:00  introduction  Course introduction"
    assert lines[8] == "2017-10-16T09:00:00+02:00  career-orientation-events  Career orientation events on STEM education"
    assert lines[9] == "2017-11-23T21:00:00+01:00  (the course window closes)"


def test_schedule_names_an_unknown_run(runner, courses):
    result = runner.invoke(args=["courses", "schedule", "stem-careers", "--run", "spring-2099"])
    assert result.exit_code != 0
    assert "No course 'stem-careers' with a run 'spring-2099'." in result.output


def test_two_scheduler_processes_started_at_once_send_each_message_once(app, courses, smtp):
    """Two `flask scheduler once` processes race on the same database and SMTP server."""
    learners = [make_user(now=BEFORE_START) for _ in range(3)]
    for user in learners:
        make_enrolment(user, now=BEFORE_START)
    env = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "LMS_DATABASE_URL": app.config["DATABASE_URL"],
        "LMS_FIXED_NOW": "2017-10-03T10:00:00+00:00",
        "LMS_MAIL_TRANSPORT": "smtp",
        "LMS_MAIL_PORT": str(app.config["MAIL_PORT"]),
        "LMS_SECRET_KEY": "test",
    }
    command = [sys.executable, "-m", "flask", "scheduler", "once"]
    processes = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()

    assert db.session.scalar(select(func.count()).select_from(Notification)) == 3 * 5
    assert len(smtp.messages) == 3 * 5
    delivered = sorted((m["To"], m["Subject"]) for m in smtp.messages)
    assert len(set(delivered)) == len(delivered)


def test_the_scheduler_logs_its_heartbeat_and_idle_job_runs_only_at_debug(app, courses, caplog):
    """Every 10 s a heartbeat and every job run with nothing to do: DEBUG, so that the INFO
    log (the default) shows only what changed."""
    import logging

    from lms.core.leadership import leadership
    from lms.scheduler import keep_leadership, run_job
    from lms import features

    jobs = {job.id: job for job in features.jobs()}
    leader = leadership(30)
    assert leader.acquire()
    make_enrolment(make_user(now=BEFORE_START), now=BEFORE_START)
    with caplog.at_level(logging.DEBUG, logger="lms.scheduler"):
        keep_leadership(app, leader)
        run_job(app, jobs["announce-releases"])  # 5 modules to announce
        run_job(app, jobs["announce-releases"])  # nothing new
    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        ("DEBUG", "leadership renewed"), ("INFO", "job announce-releases: 5"), ("DEBUG", "job announce-releases: 0")]
