"""`flask demo setup` gives the demo tutor a run whose overview has something to show: learners
at every stage, modules completed, badges, peer work waiting, activity week by week, and an
announcement the learners received; run again, nothing is sent twice."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.accounts.services import get_user_by_email
from lms.cohort.services import announcements, overview
from lms.core.extensions import db
from lms.demo.services.news import SUBJECT
from lms.notifications.models import Notification
from tests.cli.test_demo_cli import demo_setup
from tests.factories import log_in


def test_the_demo_tutors_overview_shows_a_cohort_at_every_stage(runner, courses, app):
    demo_setup(runner)
    tutor = get_user_by_email("tutor@example.org")
    figures = overview.run_overview(tutor, "stem-careers", "demo", now=app.config["FIXED_NOW"]).figures
    totals = figures.totals
    assert totals.enrolled == 31 and 0 < totals.started < totals.enrolled
    assert totals.badges > 0 and totals.waiting > 0 and totals.active > 0
    modules_done = [step.count for step in figures.funnel if step.kind == "module"]
    assert modules_done[0] > modules_done[2] > 0  # fewer at each step: a funnel
    assert sum(week.active for week in figures.weeks) > 0 and sum(week.completions for week in figures.weeks) > 0


def test_the_demo_learners_received_the_tutors_announcement_once(runner, courses, app):
    demo_setup(runner)
    tutor = get_user_by_email("tutor@example.org")
    listed = announcements.list_announcements(tutor, "stem-careers", "demo")
    [sent] = list(listed.page.rows)
    assert sent.subject == SUBJECT and sent.recipients == 31
    delivered = db.session.scalar(select(func.count()).select_from(Notification).where(Notification.kind == "announcement"))
    demo_setup(runner)
    assert db.session.scalar(select(func.count()).select_from(Notification).where(Notification.kind == "announcement")) \
        == delivered == 31
    client = app.test_client()
    log_in(client, "learner@example.org", "demo-password-2017")
    assert SUBJECT in client.get("/dashboard").get_data(as_text=True)
