"""The scheduler process: runs the jobs every feature declares (``lms.<feature>.jobs.JOBS``).

It runs in its own process (``flask scheduler run``), never in a web worker. Every
job is idempotent: sweeps record through the notification ledger and e-mail is
claimed before it is sent, so a doubled or restarted scheduler sends each message
once. Each job also runs once at start-up, which announces what was missed while
the scheduler was down. Exactly one process is active (``core.leadership``)."""

from __future__ import annotations

import logging
import time

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask, current_app
from flask.cli import AppGroup

from lms import features
from lms.core import clock
from lms.core.extensions import db
from lms.core.jobs import Job
from lms.core.leadership import leadership

log = logging.getLogger(__name__)

cli = AppGroup("scheduler", help="The scheduler process: release announcements, reminders, e-mail.")


def run_job(app: Flask, job: Job) -> int:
    with app.app_context():
        try:
            done = job.run(clock.now())
        except Exception:
            db.session.rollback()
            log.exception("job %s failed; it will run again at its next time", job.id)
            raise
        log.info("job %s: %d", job.id, done)
        return done


def run_scheduler(app: Flask) -> None:
    """Wait until this process is the only active scheduler, then run every job on
    its interval (UTC), each also once at start. If leadership is lost, stop."""
    config = app.config
    with app.app_context():
        leader = leadership(config["SCHEDULER_LEASE_SECONDS"])
        announced = False
        while not leader.acquire():
            if not announced:
                log.info("standby: another scheduler is active; waiting to take over")
                announced = True
            time.sleep(config["SCHEDULER_POLL_SECONDS"])
        log.info("active: this process runs the jobs")
    start = clock.real_now()  # APScheduler's own timing; jobs still get clock.now()

    scheduler = BlockingScheduler(timezone="UTC")

    def keep_leadership() -> None:
        with app.app_context():
            if not leader.renew():
                log.error("leadership lost: stopping so that only one scheduler runs")
                scheduler.shutdown(wait=False)

    for job in features.jobs():
        trigger = {"seconds": config["SCHEDULER_INTERVAL_SECONDS"]} if config.get("SCHEDULER_INTERVAL_SECONDS") else job.trigger
        scheduler.add_job(
            run_job, "interval", args=(app, job), id=job.id, name=job.description,
            next_run_time=start, coalesce=True, max_instances=1, misfire_grace_time=None, **trigger,
        )
    scheduler.add_job(keep_leadership, "interval", id="keep-leadership", seconds=max(1.0, config["SCHEDULER_LEASE_SECONDS"] / 3))
    scheduler.start()


@cli.command("run")
def scheduler_run_command() -> None:
    """Run the scheduler in this process until stopped (Ctrl+C)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s scheduler %(levelname)s %(message)s")
    click.echo("Scheduler started: " + ", ".join(job.id for job in features.jobs()))
    try:
        run_scheduler(current_app._get_current_object())
    except (KeyboardInterrupt, SystemExit):
        click.echo("Scheduler stopped.")


@cli.command("once")
@click.argument("job_ids", nargs=-1)
def scheduler_once_command(job_ids) -> None:
    """Run the jobs (all, or those named) once and exit: for cron or a check."""
    jobs = features.jobs()
    known = {job.id: job for job in jobs}
    for job_id in job_ids:
        if job_id not in known:
            raise click.ClickException(f"Unknown job '{job_id}'. Jobs: {', '.join(known)}")
    for job in jobs:
        if not job_ids or job.id in job_ids:
            click.echo(f"{job.id}: {run_job(current_app._get_current_object(), job)}")
