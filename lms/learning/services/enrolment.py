"""Joining a run of a course."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from lms.accounts.services import get_user_by_email
from lms.core.errors import DomainError, EnrolmentClosed, NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.courses.services import content
from lms.courses.services.runs import featured_runs, is_enrolment_open
from lms.learning import queries
from lms.learning.models import CourseCompletion, Enrolment, ModuleProgress, UnitProgress

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Run


def enrol(user: User, run_id: int, *, course_slug: str, now: datetime, by_tutor: bool = False) -> Enrolment:
    """Enrol ``user`` in the run; enrolling twice returns the first enrolment, and someone a
    tutor had unenrolled comes back with their work. A tutor (``by_tutor``) may enrol people
    after enrolment has closed."""
    run = content.get_run_of(course_slug, run_id)
    existing = _find(user.id, run.id)
    if existing and existing.unenrolled_at is None:
        return existing
    if not by_tutor and not is_enrolment_open(run, now):
        raise EnrolmentClosed(gettext("This run has ended; enrolment is closed."))
    if existing:
        existing.unenrolled_at = None
        return existing
    enrolment = Enrolment(user_id=user.id, run_id=run.id, enrolled_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(enrolment)
    except IntegrityError:  # the other click won the race
        return _find(user.id, run.id)
    return enrolment


def _find(user_id: int, run_id: int) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.run_id == run_id))


def latest_enrolment(user_id: int, run_ids: list[int], *, active_only: bool = False) -> Enrolment | None:
    """The user's latest enrolment among these runs (with ``active_only``, one a tutor has not unenrolled)."""
    query = select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.run_id.in_(run_ids))
    if active_only:
        query = query.where(Enrolment.unenrolled_at.is_(None))
    return db.session.scalar(query.order_by(Enrolment.enrolled_at.desc()).limit(1))


def enrolled_user_ids(run_id: int, *, before=None):
    """A one-column select of the run's learners (those enrolled before ``before``, if given)."""
    query = select(Enrolment.user_id).where(Enrolment.run_id == run_id, Enrolment.unenrolled_at.is_(None))
    return query.where(Enrolment.enrolled_at < before) if before is not None else query


def count_enrolled(run_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Enrolment).where(
        Enrolment.run_id == run_id, Enrolment.unenrolled_at.is_(None)))


def enrol_by_email(email: str, course_slug: str, run_slug: str | None, *, now: datetime) -> tuple[Enrolment, Run, bool]:
    """For the command line: enrol the account with this e-mail in the named run, or in the
    run a newcomer would join now. Returns the enrolment, its run and whether it is new."""
    user = _user(email)
    run = _run(course_slug, run_slug, now=now)
    existing = _find(user.id, run.id)
    if existing is not None and existing.unenrolled_at is None:
        return existing, run, False
    return enrol(user, run.id, course_slug=course_slug, now=now), run, True


def unenrol_by_email(email: str, course_slug: str, run_slug: str | None) -> Run:
    """For the command line: take the learner out of the named run (or their latest in the
    course). Pages read go with the enrolment; recorded work (quiz answers, reflections, peer
    work, awards) is never deleted, so an enrolment that holds any stays, and this says so."""
    user = _user(email)
    runs = {run.id: run for run in _runs(course_slug)}
    enrolments = [e for e in db.session.scalars(select(Enrolment).where(
        Enrolment.user_id == user.id, Enrolment.run_id.in_(runs))).all() if run_slug in (None, runs[e.run_id].slug)]
    if not enrolments:
        if run_slug:
            raise NotFound(gettext("%(email)s is not enrolled in %(course)s / %(run)s.", email=email, course=course_slug,
                                   run=run_slug))
        raise NotFound(gettext("%(email)s is not enrolled in %(course)s.", email=email, course=course_slug))
    enrolment = max(enrolments, key=lambda e: (e.enrolled_at, e.id))
    # Every badge and certificate comes from a completed module or course, and awards point at
    # the learner and run rather than the enrolment: a completion is recorded work too.
    completed = db.session.scalar(select(func.count()).select_from(ModuleProgress).where(
        ModuleProgress.enrolment_id == enrolment.id, ModuleProgress.completed_at.is_not(None)))
    if completed or db.session.scalar(select(func.count()).select_from(CourseCompletion).where(
            CourseCompletion.enrolment_id == enrolment.id)):
        raise DomainError(gettext("%(email)s has completed modules in this run (and may hold their badges), "
                                  "which are kept; the enrolment stays.", email=email))
    try:
        with db.session.begin_nested():
            for model in (UnitProgress, ModuleProgress, CourseCompletion):
                db.session.execute(delete(model).where(model.enrolment_id == enrolment.id))
            db.session.delete(enrolment)
    except IntegrityError:  # another feature's rows point at it: work that is kept
        raise DomainError(gettext("%(email)s has work recorded in this run (quiz answers, reflections, peer work or "
                                  "awards), which is kept; the enrolment stays.", email=email)) from None
    return runs[enrolment.run_id]


def _user(email: str) -> User:
    user = get_user_by_email(email)
    if user is None:
        raise NotFound(gettext("No account with the e-mail %(email)s.", email=email))
    return user


def _runs(course_slug: str) -> list[Run]:
    runs = queries.runs_of_course(course_slug)
    if not runs:
        raise NotFound(gettext("No course '%(course)s' with a run ('flask courses sync' loads the course files).",
                               course=course_slug))
    return runs


def _run(course_slug: str, run_slug: str | None, *, now: datetime) -> Run:
    """The named run, or else the open one that starts first."""
    runs = _runs(course_slug)
    if run_slug is not None:
        named = next((run for run in runs if run.slug == run_slug), None)
        if named is None:
            raise NotFound(gettext("No run '%(run)s' of %(course)s. Its runs: %(runs)s.", run=run_slug, course=course_slug,
                                   runs=", ".join(run.slug for run in runs)))
        return named
    joinable = featured_runs(runs, now)
    if not joinable:
        raise EnrolmentClosed(gettext("No run of %(course)s is open for enrolment now; name one with --run.",
                                      course=course_slug))
    return joinable[0]
