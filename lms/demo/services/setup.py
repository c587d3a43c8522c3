"""Demo data for ``make run``: a tutor, a learner with real progress, a cohort of generated
learners, a run of each course placed so that some modules are open today and some are not, and
the tutor's announcement to the first course's run; then the learner's programme, Riverside
Library (a coordinator, staff sharing their completions, an application for the STEM Award waiting
for the demo assessor) and the learner's learning record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from lms.accounts.services import get_user_by_email, set_password
from lms.admin.services import create_user
from lms.core.extensions import db
from lms.courses.services import content, runs
from lms.courses.services.staffing import make_tutor
from lms.demo.services import news, talk, work
from lms.demo.services.cohort import cohort_email, make_cohort
from lms.demo.services.organisation import set_up_organisation
from lms.demo.services.programme import Letter, set_up_programme
from lms.demo.services.record import set_up_record
from lms.learning import services as learning
from lms.organisations.services import add_assessor

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Course, Run

DEMO_TUTOR = ("tutor@example.org", "Demo Tutor")
DEMO_LEARNER = ("learner@example.org", "Demo Learner")
DEMO_COORDINATOR = ("coordinator@example.org", "Demo Coordinator")
DEMO_ASSESSOR = ("assessor@example.org", "Demo Assessor")
DEMO_PASSWORD = "demo-password-2017"
LIBRARY_COURSE = "stem-outreach-libraries"  # the demo learner completed it: the programme's first course
STAFF, NEWCOMER = (1, 4), 10  # cohort members (in the libraries course's cohort) on Riverside Library's staff
COHORT_SIZE = 30  # in the first course's demo run; the next courses' runs get a dozen of them
MAIN_COURSE = "stem-careers"  # first: the tutor's large cohort and announcement are in it


@dataclass(frozen=True)
class DemoAccounts:
    tutor_email: str
    learner_email: str
    password: str
    runs: list[str]
    cohort: int  # generated learners new this time
    coordinator_email: str = DEMO_COORDINATOR[0]
    assessor_email: str = DEMO_ASSESSOR[0]
    skipped: tuple[str, ...] = ()  # content files not imported yet, so their part of the demo is left out
    letters: tuple[Letter, ...] = ()  # to send once the demo is committed (the placement supervisor's link)


def set_up_demo(*, now: datetime) -> DemoAccounts:
    """Idempotent: running it again resets the demo passwords and keeps the runs, the
    learner's work and the cohort."""
    courses = sorted(content.list_live_courses(), key=lambda course: course.slug != MAIN_COURSE)
    tutor, learner, coordinator, assessor = (_demo_account(*person, now=now)
                                             for person in (DEMO_TUTOR, DEMO_LEARNER, DEMO_COORDINATOR, DEMO_ASSESSOR))
    created, cohort = [], 0
    for offset, course in enumerate(courses):
        make_tutor(tutor, course.slug)
        run = _demo_run(course, now)
        db.session.flush()
        # One course after another, an hour apart, as a person would: their posts stay within the posting limit.
        studied = now - timedelta(hours=len(courses) - 1 - offset)
        _demo_progress(learner, course.slug, run, studied)
        cohort += make_cohort(run, course.slug, size=COHORT_SIZE if offset == 0 else 12, offset=offset * 3, now=now)
        _demo_conversation(tutor, learner, course.slug, run, studied)
        if offset == 0:
            news.send_welcome(tutor, course.slug, run, now=now)
        created.append(f"{course.slug}/{run.slug}")
    skipped, letters = _routes_and_settings(learner, tutor, coordinator, assessor, [c.slug for c in courses], now=now)
    return DemoAccounts(DEMO_TUTOR[0], DEMO_LEARNER[0], DEMO_PASSWORD, created, cohort, skipped=skipped, letters=letters)


def _demo_account(email: str, name: str, *, now: datetime) -> User:
    user, _ = create_user(email=email, name=name, role="learner", password=DEMO_PASSWORD, course_slug=None, now=now)
    user.timezone = "Europe/Brussels"
    set_password(user, DEMO_PASSWORD)
    return user


def _routes_and_settings(learner: User, tutor: User, coordinator: User, assessor: User, course_slugs: list[str], *,
                         now: datetime) -> tuple[tuple[str, ...], tuple[Letter, ...]]:
    """The learner completes the libraries course (all of it is open: it is self-paced), the first
    of their programme; Riverside Library and its application; the assessor; the learner's record.
    Returns what could not be made (content not imported) and the letters to send."""
    skipped, letters = [], []
    if LIBRARY_COURSE in course_slugs:
        work.complete_course(learner, LIBRARY_COURSE, now=now)
        missing, letter = set_up_programme(learner, tutor, now=now)
        skipped.append(missing)
        letters.extend([letter] if letter else [])
        staff = [get_user_by_email(cohort_email(index)) for index in STAFF]
        newcomer = get_user_by_email(cohort_email(NEWCOMER))
        upload_dir = Path()  # the demo attaches no file to anything
        skipped.append(set_up_organisation(coordinator, learner, staff, newcomer, upload_dir=upload_dir, now=now))
    add_assessor(assessor.email, actor_id=None, now=now)
    skipped.append(set_up_record(learner, upload_dir=Path(), now=now))
    return tuple(name for name in skipped if name), tuple(letters)


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
    """Real progress through the same services a learner's clicks use: where an open module
    has peer-reviewed work, that module done and the learner's plan submitted (early, so the
    cohort's first reviewer reviews it and it awaits one more review); the first two open
    modules done (every page, the quiz answered, the reflection written), so they earn their
    badges; and half of the next one read, the place to continue. Running it again changes nothing."""
    learning.enrol(learner, run.id, course_slug=course_slug, now=run.starts_at)
    place = learning.get_place(learner, course_slug, now=now)
    opened = [state for state in place.modules if state.is_open]
    peer_work = next((state for state in opened[3:] if work.has_assignment(state.module)), None)
    if peer_work is not None:
        opens_at = peer_work.opens_at or place.enrolment.enrolled_at
        work.do_module(learner, course_slug, peer_work.module, now=min(now, opens_at + timedelta(hours=2)))
    for state in opened[:2]:
        work.do_module(learner, course_slug, state.module, now=now)
    if len(opened) > 2:
        work.read_units(learner, course_slug, opened[2].module, share=0.5, now=now)


def _demo_conversation(tutor: User, learner: User, course_slug: str, run: Run, now: datetime) -> None:
    """In the first open module with discussion prompts: the tutor welcomes the demo learner in
    their thread, and the learner replies to a peer's (each once, however often it runs)."""
    place = learning.get_place(learner, course_slug, now=now)
    state = next((state for state in place.modules if state.is_open and work.has_prompts(state.module)), None)
    if state is not None:
        talk.welcome(tutor, learner, course_slug, run.slug, state.module, now=now)
        talk.reply_to_a_peer(learner, course_slug, state.module, now=now)
