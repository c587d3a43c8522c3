"""The scheduler process: runs the jobs every feature declares (``lms.<feature>.jobs.JOBS``).

It runs in its own process (``flask scheduler run``), never in a web worker. Every
job is idempotent: sweeps record through the notification ledger and e-mail is
claimed before it is sent, so a doubled or restarted scheduler sends each message
once. Each job also runs once at start-up, which announces what was missed while
the scheduler was down. Exactly one process is active (``core.leadership``); the one
that takes over gives back what a dead predecessor had claimed. SIGTERM or Ctrl+C stops
it cleanly: running jobs finish the item in hand and give the rest back, the lease is
released, and a standby takes over at once."""

from __future__ import annotations

import faulthandler
import logging
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager

import click
from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask, current_app
from flask.cli import AppGroup

from lms import features
from lms.core import clock, jobs
from lms.core.extensions import db
from lms.core.jobs import Job
from lms.core.leadership import leadership

log = logging.getLogger(__name__)

cli = AppGroup("scheduler", help="The scheduler process: release announcements, reminders, e-mail.")


def configure_logging(verbose: bool) -> None:
    """A quiet log by default: what changed (job counts above zero), leadership changes and
    problems. ``--verbose`` adds every job run and heartbeat. APScheduler's own lines (two
    per job run) stay at WARNING either way."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                        format="%(asctime)s scheduler %(levelname)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def run_job(app: Flask, job: Job) -> int:
    with app.app_context():
        try:
            done = job.run(clock.now())
        except Exception:
            db.session.rollback()
            log.exception("job %s failed; it will run again at its next time", job.id)
            raise
        log.log(logging.INFO if done else logging.DEBUG, "job %s: %d", job.id, done)
        return done


def keep_leadership(app: Flask, leader) -> None:
    """The heartbeat: renew the lease; if it is lost, stop so that only one scheduler runs.
    A renewal that fails (SQLite locked past its busy timeout, the database gone) counts as
    lost: the lease then runs out, a standby takes it, and carrying on would make two."""
    with app.app_context():
        try:
            held = leader.renew()
        except Exception as error:  # noqa: BLE001  (whatever it was, the lease was not renewed)
            db.session.rollback()
            log.error("could not renew the scheduler lease: %s", error)
            held = False
        if held:
            log.debug("leadership renewed")
            return
    log.error("leadership lost: stopping so that only one scheduler runs")
    jobs.STOP.set()


def _try_to_lead(leader) -> bool:
    """Take the lease if it is free; a database that cannot answer now means not yet."""
    try:
        return leader.acquire()
    except Exception as error:  # noqa: BLE001  (a standby waits and tries again)
        db.session.rollback()
        log.warning("standby: could not read the scheduler lease (%s); trying again", error)
        return False


def take_over(leader) -> None:
    """Give back what the former active scheduler claimed and did not finish: it is dead."""
    former = leader.previous_holder
    if former is None:
        return
    for job in features.jobs():
        if job.release is not None:
            released = job.release(former)
            if released:
                log.info("took over from %s: %d of its unfinished %s items are due again", former, released, job.id)


def _stand_by(leader, poll_seconds: float) -> bool:
    """Wait until this process leads; False if asked to stop first."""
    announced = False
    while not _try_to_lead(leader):
        if not announced:
            log.info("standby: another scheduler is active; waiting to take over")
            announced = True
        if _stopped_within(poll_seconds):
            return False
    return True


def _stopped_within(seconds: float) -> bool:
    deadline = clock.monotonic() + seconds
    while clock.monotonic() < deadline and not jobs.stop_requested():
        time.sleep(0.1)
    return jobs.stop_requested()


def run_scheduler(app: Flask) -> None:
    """Wait until this process is the only active scheduler, then run every job on its
    interval (UTC), each also once at start, until asked to stop or leadership is lost."""
    config = app.config
    with app.app_context():
        leader = leadership(config["SCHEDULER_LEASE_SECONDS"])
        if not _stand_by(leader, config["SCHEDULER_POLL_SECONDS"]):
            return
        log.info("active: this process runs the jobs")
        take_over(leader)
    start = clock.real_now()  # APScheduler's own timing; jobs still get clock.now()
    scheduler = BackgroundScheduler(timezone="UTC")
    for job in features.jobs():
        trigger = {"seconds": config["SCHEDULER_INTERVAL_SECONDS"]} if config.get("SCHEDULER_INTERVAL_SECONDS") else job.trigger
        scheduler.add_job(
            run_job, "interval", args=(app, job), id=job.id, name=job.description,
            next_run_time=start, coalesce=True, max_instances=1, misfire_grace_time=None, **trigger,
        )
    scheduler.add_job(keep_leadership, "interval", args=(app, leader), id="keep-leadership",
                      seconds=max(1.0, config["SCHEDULER_LEASE_SECONDS"] / 3))
    scheduler.start()
    try:
        while not _stopped_within(3600):
            pass
        log.info("stopping: running jobs finish what they hold and give the rest back")
    finally:
        scheduler.shutdown(wait=True)
        _step_down(app, leader)


def _step_down(app: Flask, leader) -> None:
    """Free the lease now, so that a standby need not wait for it to expire."""
    with app.app_context():
        try:
            leader.release()
        except Exception:  # noqa: BLE001  (a lost connection: the lock went with it)
            db.session.rollback()
            log.warning("could not release the scheduler lease; a standby takes over when it expires")


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM (systemctl stop) and SIGINT (Ctrl+C) ask for a clean stop instead of killing
    the process mid-message; the previous handlers come back afterwards."""
    jobs.STOP.clear()
    previous = {number: signal.signal(number, lambda *_: jobs.STOP.set()) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@cli.command("run")
@click.option("--verbose", "-v", is_flag=True, help="Also log every job run and heartbeat.")
def scheduler_run_command(verbose: bool) -> None:
    """Run the scheduler in this process until stopped (SIGTERM or Ctrl+C)."""
    configure_logging(verbose)
    # `kill -USR1 <pid>` prints what every thread is doing: a stop that hangs can be diagnosed.
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    click.echo("Scheduler started: " + ", ".join(job.id for job in features.jobs()))
    with stop_on_signals():
        run_scheduler(current_app._get_current_object())
    click.echo("Scheduler stopped.")


@cli.command("once")
@click.argument("job_ids", nargs=-1)
def scheduler_once_command(job_ids) -> None:
    """Run the jobs (all, or those named) once and exit: for cron or a check."""
    jobs_ = features.jobs()
    known = {job.id: job for job in jobs_}
    for job_id in job_ids:
        if job_id not in known:
            raise click.ClickException(f"Unknown job '{job_id}'. Jobs: {', '.join(known)}")
    with stop_on_signals():
        for job in jobs_:
            if jobs.stop_requested():
                break
            if not job_ids or job.id in job_ids:
                click.echo(f"{job.id}: {run_job(current_app._get_current_object(), job)}")
