"""Scheduler processes for the CLI tests: start one, read its log as it comes, wait on it."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time

from lms import features
from tests.conftest import ROOT

FIXED_NOW = "2017-10-03T10:00:00+00:00"  # tests.conftest.NOW: week 2 of the reference run


def scheduler_env(app, **settings: str) -> dict:
    """The environment of a scheduler process on this test's database and SMTP server."""
    env = {
        **os.environ, "FLASK_APP": "wsgi", "LMS_DATABASE_URL": app.config["DATABASE_URL"], "LMS_SECRET_KEY": "test",
        "LMS_FIXED_NOW": FIXED_NOW, "LMS_MAIL_TRANSPORT": "smtp", "LMS_MAIL_PORT": str(app.config["MAIL_PORT"]),
        "LMS_SCHEDULER_INTERVAL_SECONDS": "0.5", "LMS_SCHEDULER_POLL_SECONDS": "0.3", "LMS_SCHEDULER_LEASE_SECONDS": "3",
    }
    env.update({f"LMS_{name}": value for name, value in settings.items()})
    return env


def start_scheduler(env: dict, *args: str) -> tuple[subprocess.Popen, queue.Queue]:
    """``flask scheduler <args>`` (default: ``run --verbose``), its log lines in a queue."""
    command = [sys.executable, "-m", "flask", "scheduler", *(args or ("run", "--verbose"))]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue = queue.Queue()
    process.log = []  # every line, for a test that reads the whole log at the end

    def read() -> None:
        for line in process.stdout:
            process.log.append(line)
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    return process, lines


def run_to_end(env: dict, *args: str, timeout: float = 120) -> tuple[int, str]:
    """``flask scheduler <args>`` run to its end: (exit code, what it printed and logged)."""
    command = [sys.executable, "-m", "flask", "scheduler", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=timeout)
    return done.returncode, done.stdout


def stop_all(*processes: subprocess.Popen | None) -> None:
    for process in processes:
        if process is None:
            continue
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        process.stdout.close()


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


def wait_for(lines: queue.Queue, text: str, timeout: float = 60) -> str:
    return next(line for line in log_lines(lines, time.monotonic() + timeout) if text in line)


def drain(lines: queue.Queue) -> list[str]:
    """What a finished process logged that has not been read yet."""
    seen = []
    while True:
        try:
            seen.append(lines.get(timeout=0.5))
        except queue.Empty:
            return seen


JOB_REPORT = re.compile(r"job (\S+): (\d+)$")  # lms.scheduler.run_job logs "job <id>: <count>" (verbose: also 0)


def job_reports(lines: queue.Queue, deadline: float):
    """(job id, count) for each run a verbose scheduler reports, in the order it logged them."""
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


class HeldInbox:
    """An SMTP server's inbox that keeps the ``hold``-th message and then holds back its
    "250 OK" until the test opens the gate: a slow mail server, made deterministic. A sender
    that dies meanwhile never hears that the server has its message."""

    def __init__(self, hold: int):
        self.hold = hold
        self.received = 0
        self.messages: list = []
        self.holding = threading.Event()  # the held message is in the server's hands
        self.gate = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        if self.received == self.hold:
            self.holding.set()
            await asyncio.to_thread(self.gate.wait, 60)
        return "250 OK"

    def delivered(self) -> list[tuple[str, str]]:
        return [(message["To"], message["Subject"]) for message in self.messages]


def start_held_smtp(app, hold: int):
    """A real SMTP server on loopback with a HeldInbox; returns (inbox, controller)."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = HeldInbox(hold)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config["MAIL_PORT"] = port
    return inbox, controller
