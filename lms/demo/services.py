"""Demo data for ``make run``: a tutor, a learner and a run of each course placed
so that some modules are open today and some are not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from lms.accounts.services import set_password
from lms.admin.services import create_user
from lms.courses.services import content, runs
from lms.courses.services.staffing import make_tutor

if TYPE_CHECKING:
    from lms.courses.models import Course

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
    courses = content.list_live_courses()
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
    zone = ZoneInfo(runs.latest_run_timezone(course.id) or "Europe/Brussels")
    local = (now - timedelta(days=10)).astimezone(zone)
    monday = (local - timedelta(days=local.weekday())).replace(hour=9, minute=0, second=0, microsecond=0)
    run = runs.ensure_run(
        course, slug="demo", title="Demo run", timezone=str(zone), starts_at=monday.astimezone(ZoneInfo("UTC")),
        ends_at=(monday + timedelta(weeks=8, days=3, hours=12)).astimezone(ZoneInfo("UTC")),
    )
    return f"{course.slug}/{run.slug}"
