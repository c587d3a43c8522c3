"""Demo data for ``make run``: a tutor, a learner with real progress, and a run of each
course placed so that some modules are open today and some are not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from lms.accounts.services import set_password
from lms.activities import services as activities
from lms.admin.services import create_user
from lms.core.extensions import db
from lms.courses.services import content, runs
from lms.courses.services.staffing import make_tutor
from lms.learning import services as learning

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Course, Module, Run

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
        run = _demo_run(course, now)
        db.session.flush()
        _demo_progress(learner, course.slug, run, now)
        created.append(f"{course.slug}/{run.slug}")
    return DemoAccounts(DEMO_TUTOR[0], DEMO_LEARNER[0], DEMO_PASSWORD, created)


def _demo_run(course: Course, now: datetime) -> Run:
    """A run that started ten days ago on a Monday morning, so the first waves are open."""
    zone = ZoneInfo(runs.latest_run_timezone(course.id) or "Europe/Brussels")
    local = (now - timedelta(days=10)).astimezone(zone)
    monday = (local - timedelta(days=local.weekday())).replace(hour=9, minute=0, second=0, microsecond=0)
    run = runs.ensure_run(
        course, slug="demo", title="Demo run", timezone=str(zone), starts_at=monday.astimezone(ZoneInfo("UTC")),
        ends_at=(monday + timedelta(weeks=8, days=3, hours=12)).astimezone(ZoneInfo("UTC")),
    )
    return run


def _demo_progress(learner: User, course_slug: str, run: Run, now: datetime) -> None:
    """Real progress through the same services a learner's clicks use: the first module done
    (every page, its quiz answered right, its reflection written), so it earns its badge, and
    half of the next open module read. Running it again changes nothing."""
    learning.enrol(learner, run.id, course_slug=course_slug, now=run.starts_at)
    opened = [state.module for state in learning.get_place(learner, course_slug, now=now).modules if state.is_open]
    for index, module in enumerate(opened[:2]):
        units = learning.get_module_page(learner, course_slug, module.slug, now=now, with_checklist=False).units
        for unit in units if index == 0 else units[: len(units) // 2]:
            learning.complete_unit(learner, course_slug, module.slug, unit.unit.slug, now=now)
        if index == 0:
            _demo_activities(learner, course_slug, module, now)


def _demo_activities(learner: User, course_slug: str, module: Module, now: datetime) -> None:
    for activity in content.live_activities(module.id):
        if activity.kind == "quiz":
            right = [[i for i, option in enumerate(q["options"]) if option["correct"]] for q in activity.spec["questions"]]
            activities.submit_quiz(learner, course_slug, module.slug, activity.slug, answers=right, attempt_number=1, now=now)
        elif activity.kind == "reflection" and not _reflected(learner, course_slug, module, activity, now):
            words = max(activity.spec.get("min_words", 0), 1)
            text = " ".join(["Our school will invite engineers and scientists to talk with pupils."] * (words // 10 + 1))
            activities.submit_reflection(learner, course_slug, module.slug, activity.slug, text=text, now=now)


def _reflected(learner: User, course_slug: str, module: Module, activity, now: datetime) -> bool:
    return activities.get_activity_page(learner, course_slug, module.slug, activity.slug, now=now).reflection is not None
