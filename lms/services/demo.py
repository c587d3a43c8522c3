"""Demo data for ``make run``: a tutor, a learner and a run of each course placed
so that some modules are open today and some are not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lms.extensions import db
from lms.models import Course, Run
from lms.services.accounts import create_user, make_tutor, set_password

DEMO_TUTOR = ("tutor@example.org", "Demo Tutor")
DEMO_LEARNER = ("learner@example.org", "Demo Learner")
DEMO_PASSWORD = "demo-password-2017"


@dataclass(frozen=True)
class DemoAccounts:
    tutor_email: str
    learner_email: str
    password: str
    runs: list[str]


def set_up_demo(*, now: datetime) -> DemoAccounts:
    """Idempotent: running it again resets the demo passwords and keeps the runs."""
    courses = db.session.scalars(select(Course).where(Course.archived_at.is_(None)).order_by(Course.slug)).all()
    tutor, _ = create_user(email=DEMO_TUTOR[0], name=DEMO_TUTOR[1], role="learner", password=DEMO_PASSWORD, course_slug=None, now=now)
    learner, _ = create_user(email=DEMO_LEARNER[0], name=DEMO_LEARNER[1], role="learner", password=DEMO_PASSWORD, course_slug=None, now=now)
    for user in (tutor, learner):
        user.timezone = "Europe/Brussels"
        set_password(user, DEMO_PASSWORD)
    created = []
    for course in courses:
        make_tutor(tutor, course.slug)
        created.append(_demo_run(course, now))
    return DemoAccounts(DEMO_TUTOR[0], DEMO_LEARNER[0], DEMO_PASSWORD, created)


def _demo_run(course: Course, now: datetime) -> str:
    """A run that started ten days ago on a Monday morning, so the first waves are open."""
    run = db.session.scalar(select(Run).where(Run.course_id == course.id, Run.slug == "demo"))
    template = db.session.scalar(select(Run).where(Run.course_id == course.id).order_by(Run.starts_at.desc()))
    if run is None:
        zone = ZoneInfo(template.timezone if template else "Europe/Brussels")
        local = (now - timedelta(days=10)).astimezone(zone)
        monday = (local - timedelta(days=local.weekday())).replace(hour=9, minute=0, second=0, microsecond=0)
        run = Run(
            course_id=course.id,
            slug="demo",
            title="Demo run",
            timezone=str(zone),
            starts_at=monday.astimezone(ZoneInfo("UTC")),
            ends_at=(monday + timedelta(weeks=8, days=3, hours=12)).astimezone(ZoneInfo("UTC")),
            release_mode=template.release_mode if template else "scheduled",
            release_initial=template.release_initial if template else 1,
            release_batch=template.release_batch if template else 1,
            release_every_days=template.release_every_days if template else 7,
        )
        db.session.add(run)
    return f"{course.slug}/{run.slug}"
