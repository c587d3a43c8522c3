"""Two scheduler processes: one is active, the other waits; killing the active one
hands over to the standby, and no message is sent twice."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

from lms import features
from lms.core.extensions import db
from lms.learning.services.announcements import announce_releases
from tests.conftest import ROOT
from tests.factories import make_enrolment, make_user
from tests.service.test_announcements import BEFORE_START


def start_scheduler(env: dict) -> tuple[subprocess.Popen, queue.Queue]:
    process = subprocess.Popen([sys.executable, "-m", "flask", "scheduler", "run"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr], daemon=True).start()
    return process, lines


def log_lines(lines: queue.Queue, deadline: float):
    """A scheduler's log lines as they come, until the deadline (then fail, showing them)."""
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        yield line
    raise AssertionError("timed out; the scheduler logged:\n" + "".join(seen))


def wait_for(lines: queue.Queue, text: str, timeout: float = 60) -> None:
    next(line for line in log_lines(lines, time.monotonic() + timeout) if text in line)


JOB_REPORT = re.compile(r"job (\S+): (\d+)$")  # lms.scheduler.run_job logs "job <id>: <count>" after each run


def job_reports(lines: queue.Queue, deadline: float):
    """(job id, count) for each run a scheduler reports, in the order it logged them."""
    for line in log_lines(lines, deadline):
        if match := JOB_REPORT.search(line.rstrip()):
            yield match.group(1), int(match.group(2))


def wait_until_settled(lines: queue.Queue, sends: int, timeout: float = 60) -> None:
    """Read an active scheduler's log, in order, until it has reported sending ``sends``
    messages; then until every job has started a run after that (a job runs one at a time,
    so its second report since then is of such a run); then until the e-mail job has started
    a run after all of those (its second report since). That last run sends whatever a
    doubled sender or a repeated sweep left behind, so nothing more can arrive after it."""
    reports = job_reports(lines, time.monotonic() + timeout)
    sent = 0
    for job, count in reports:
        if job == "deliver-email":
            sent += count
            if sent >= sends:
                break
    since = dict.fromkeys((job.id for job in features.jobs()), 0)
    for job, _ in reports:
        since[job] = since.get(job, 0) + 1
        if min(since.values()) >= 2:
            break
    deliveries = 0
    for job, _ in reports:
        if job == "deliver-email":
            deliveries += 1
            if deliveries == 2:
                return


def wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_a_standby_takes_over_when_the_active_scheduler_dies_without_double_sending(app, courses, smtp):
    for _ in range(2):
        make_enrolment(make_user(now=BEFORE_START), now=BEFORE_START)
    env = {
        **os.environ, "FLASK_APP": "wsgi", "LMS_DATABASE_URL": app.config["DATABASE_URL"], "LMS_SECRET_KEY": "test",
        "LMS_FIXED_NOW": "2017-10-03T10:00:00+00:00", "LMS_MAIL_TRANSPORT": "smtp", "LMS_MAIL_PORT": str(app.config["MAIL_PORT"]),
        "LMS_SCHEDULER_INTERVAL_SECONDS": "0.5", "LMS_SCHEDULER_POLL_SECONDS": "0.3", "LMS_SCHEDULER_LEASE_SECONDS": "3",
    }
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
        for process in (first, second):
            if process is None:
                continue
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=10)
            process.stderr.close()
