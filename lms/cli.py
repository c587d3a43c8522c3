"""Command groups: ``flask courses``, ``flask users``, ``flask demo``.
Each command calls the same services as the web pages and commits once."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from lms import clock
from lms.catalog import load_catalog
from lms.errors import DomainError
from lms.extensions import db
from lms.services import accounts, course_sync, demo

courses_cli = AppGroup("courses", help="Validate and import courses/ and content/.")
users_cli = AppGroup("users", help="Manage accounts.")
demo_cli = AppGroup("demo", help="Demo data for a local try-out.")
badges_cli = AppGroup("badges", help="Open Badges: list, award by hand, revoke.")
scheduler_cli = AppGroup("scheduler", help="The scheduler process: release announcements, reminders, e-mail.")


def _catalog():
    return load_catalog(Path(current_app.config["COURSES_DIR"]), Path(current_app.config["CONTENT_DIR"]))


def _fail_on_problems(catalog) -> None:
    if catalog.problems:
        for problem in catalog.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(catalog.problems)} problem(s) found; nothing was imported.", err=True)
        raise SystemExit(1)


@courses_cli.command("validate")
def validate_command() -> None:
    """Report every problem in the course files, with file and line."""
    catalog = _catalog()
    _fail_on_problems(catalog)
    for course in catalog.courses:
        units = sum(len(m.units) for m in course.modules)
        click.echo(f"{course.slug}: {len(course.modules)} modules, {units} units, {len(course.runs)} run(s): OK")


@courses_cli.command("sync")
def sync_command() -> None:
    """Import or update the courses; unchanged content is not rewritten."""
    catalog = _catalog()
    _fail_on_problems(catalog)
    with click.progressbar(length=len(catalog.courses), label="Importing courses") as bar:
        report = course_sync.sync_courses(catalog.courses, now=clock.now(), on_course=lambda _: bar.update(1))
    db.session.commit()
    for line in report.created:
        click.echo(f"created {line}")
    for line in report.updated:
        click.echo(f"updated {line}")
    for line in report.archived:
        click.echo(f"archived {line}")
    click.echo(f"{len(catalog.courses)} course(s): {report.unchanged} unchanged" + ("" if report.changed else "; nothing to do"))


@courses_cli.command("schedule")
@click.argument("course_slug")
@click.option("--run", "run_slug", default=None, help="The run's slug (default: the latest).")
def schedule_command(course_slug, run_slug) -> None:
    """Print when each module opens, in the run's time zone (ISO 8601)."""
    from zoneinfo import ZoneInfo

    from lms.services.schedule import run_plan

    try:
        plan = run_plan(course_slug, run_slug)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    zone = ZoneInfo(plan.run.timezone)
    click.echo(f"# {plan.course.title}: {plan.run.title} ({plan.run.slug}, {plan.run.timezone})")
    for row in plan.rows:
        when = row.opens_at.astimezone(zone).isoformat() if row.opens_at else "on enrolment"
        click.echo(f"{when}  {row.module.slug}  {row.module.title}")
    if plan.run.ends_at:
        click.echo(f"{plan.run.ends_at.astimezone(zone).isoformat()}  (the course window closes)")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["learner", "tutor", "admin"]), default="learner", show_default=True)
@click.option("--password", default=None, help="Generated and printed when omitted.")
@click.option("--course", "course_slug", default=None, help="The course a tutor teaches.")
def create_user_command(email, name, role, password, course_slug) -> None:
    """Create an account (or give an existing one a role)."""
    try:
        user, generated = accounts.create_user(
            email=email, name=name, role=role, password=password, course_slug=course_slug, now=clock.now()
        )
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"{user.email}: {role}" + (f" of {course_slug}" if role == "tutor" else ""))
    if generated:
        click.echo(f"password: {generated}")


@demo_cli.command("setup")
def demo_setup_command() -> None:
    """Create the demo tutor, the demo learner and a demo run of each course."""
    accounts_ = demo.set_up_demo(now=clock.now())
    db.session.commit()
    click.echo("Demo runs: " + ", ".join(accounts_.runs))
    click.echo(f"Log in as the learner: {accounts_.learner_email} / {accounts_.password}")
    click.echo(f"Log in as the tutor:   {accounts_.tutor_email} / {accounts_.password}")


@badges_cli.command("list")
def badges_list_command() -> None:
    """Each badge's slug and name."""
    from lms.services import awards

    for badge in awards.list_badge_classes():
        click.echo(f"{badge.slug}  {badge.name}")


@badges_cli.command("award")
@click.option("--email", required=True)
@click.option("--badge", "badge_slug", required=True, help="A slug from 'flask badges list'.")
@click.option("--reason", required=True)
def badges_award_command(email, badge_slug, reason) -> None:
    """Award a badge by hand (a tutor's decision); prints the assertion's URL."""
    from lms.services import awards
    from lms.urls import external_url

    try:
        assertion, new = awards.award_by_hand(None, email=email, badge_slug=badge_slug, reason=reason, now=clock.now())
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    if not new:
        click.echo(f"{email} already holds this badge.")
    click.echo(external_url("badges.assertion", uid=assertion.uid, fmt=""))


@badges_cli.command("revoke")
@click.argument("assertion")
@click.option("--reason", required=True, help="Published with the revocation.")
def badges_revoke_command(assertion, reason) -> None:
    """Revoke an award, given its id or URL."""
    from lms.services import awards

    uid = assertion.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")
    try:
        awards.revoke_badge(None, uid, reason=reason, now=clock.now())
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"revoked {uid}: {reason}")


@scheduler_cli.command("run")
def scheduler_run_command() -> None:
    """Run the scheduler in this process until stopped (Ctrl+C)."""
    import logging

    from lms.jobs import JOBS, run_scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s scheduler %(levelname)s %(message)s")
    click.echo("Scheduler started: " + ", ".join(job.id for job in JOBS))
    try:
        run_scheduler(current_app._get_current_object())
    except (KeyboardInterrupt, SystemExit):
        click.echo("Scheduler stopped.")


@scheduler_cli.command("once")
@click.argument("job_ids", nargs=-1)
def scheduler_once_command(job_ids) -> None:
    """Run the jobs (all, or those named) once and exit: for cron or a check."""
    from lms.jobs import JOBS, run_job

    known = {job.id: job for job in JOBS}
    for job_id in job_ids:
        if job_id not in known:
            raise click.ClickException(f"Unknown job '{job_id}'. Jobs: {', '.join(known)}")
    for job in JOBS:
        if not job_ids or job.id in job_ids:
            click.echo(f"{job.id}: {run_job(current_app._get_current_object(), job)}")


def init_app(app: Flask) -> None:
    for group in (courses_cli, users_cli, demo_cli, badges_cli, scheduler_cli):
        app.cli.add_command(group)
