"""Programmes' read-only window onto other features' tables: courses and runs, learners' enrolments
and course completions (learning), course badges (awards), workshops attended (events), the
courses' tutors (core). Nothing here writes."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import aliased

from lms.accounts.models import User
from lms.awards.models import Assertion
from lms.core.access import CourseStaff
from lms.core.extensions import db
from lms.courses.models import BadgeClass, Course, Module, Run
from lms.events.models import Event, Registration
from lms.learning.models import CourseCompletion, Enrolment
from lms.programmes.models import PlacementRecord, Programme, ProgrammeEnrolment, WorkshopAttendance


@dataclass(frozen=True)
class CourseFacts:
    id: int
    slug: str
    title: str
    language: str
    modules: int  # the modules a learner must complete (the course's rule, else all live ones)
    minutes: int  # the live modules' estimated minutes


@dataclass(frozen=True)
class LearnerCourse:
    """One of a learner's enrolments in a course, with its run and its completion if any."""

    course_id: int
    enrolment_id: int
    run_id: int
    run_title: str
    run_starts_at: datetime
    enrolled_at: datetime
    unenrolled_at: datetime | None
    modules_completed: int
    completed_at: datetime | None


def courses_by_slug(slugs: Collection[str]) -> dict[str, CourseFacts]:
    """The live courses among ``slugs`` with their module counts and minutes: one statement."""
    if not slugs:
        return {}
    live = and_(Module.course_id == Course.id, Module.archived_at.is_(None))
    count = select(func.count(Module.id)).where(live).correlate(Course).scalar_subquery()
    minutes = select(func.coalesce(func.sum(Module.estimated_minutes), 0)).where(live).correlate(Course).scalar_subquery()
    rows = db.session.execute(select(Course.id, Course.slug, Course.title, Course.language, Course.modules_needed,
                                     count, minutes)
                              .where(Course.slug.in_(sorted(slugs)), Course.archived_at.is_(None)))
    return {row[1]: CourseFacts(row[0], row[1], row[2], row[3], min(row[4] or row[5], row[5]), int(row[6] or 0))
            for row in rows}


def learner_courses(user_id: int, course_ids: Collection[int]) -> list[LearnerCourse]:
    """Every enrolment of the learner in these courses (any run), oldest first."""
    if not course_ids:
        return []
    rows = db.session.execute(
        select(Run.course_id, Enrolment.id, Run.id, Run.title, Run.starts_at, Enrolment.enrolled_at, Enrolment.unenrolled_at,
               Enrolment.modules_completed, CourseCompletion.completed_at)
        .join(Run, Run.id == Enrolment.run_id)
        .outerjoin(CourseCompletion, CourseCompletion.enrolment_id == Enrolment.id)
        .where(Enrolment.user_id == user_id, Run.course_id.in_(sorted(course_ids)))
        .order_by(Enrolment.enrolled_at, Enrolment.id))
    return [LearnerCourse(*row) for row in rows]


def runs_of(course_ids: Collection[int]) -> list[Run]:
    if not course_ids:
        return []
    return list(db.session.scalars(select(Run).where(Run.course_id.in_(sorted(course_ids))).order_by(Run.starts_at, Run.id)))


def course_badges(user_id: int, course_ids: Collection[int]) -> list[tuple[str, str, int]]:
    """(assertion uid, badge name, course id) of the learner's live course badges in these courses."""
    if not course_ids:
        return []
    return [tuple(row) for row in db.session.execute(
        select(Assertion.uid, BadgeClass.name, BadgeClass.course_id)
        .join(BadgeClass, BadgeClass.id == Assertion.badge_class_id)
        .where(Assertion.user_id == user_id, Assertion.revoked_at.is_(None), BadgeClass.module_id.is_(None),
               BadgeClass.course_id.in_(sorted(course_ids)))
        .order_by(Assertion.issued_on, Assertion.id))]


def events_attended(programme_slug: str, user_ids: Collection[int]) -> list[tuple[int, str, datetime]]:
    """(user id, event title, when it started) of the workshops (events linked to the programme)
    these learners attended, as the events feature recorded it."""
    if not user_ids:
        return []
    return [tuple(row) for row in db.session.execute(
        select(Registration.user_id, Event.title, Event.starts_at).join(Event, Event.id == Registration.event_id)
        .where(Event.programme_slug == programme_slug, Registration.user_id.in_(sorted(user_ids)),
               Registration.attended_at.is_not(None))
        .order_by(Event.starts_at, Event.id))]


def teaches_any(user_id: int, course_ids: Collection[int]) -> bool:
    if not course_ids:
        return False
    return db.session.scalar(select(CourseStaff.id).where(CourseStaff.user_id == user_id,
                                                          CourseStaff.course_id.in_(sorted(course_ids))).limit(1)) is not None


def user_names(user_ids: Collection[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(sorted(user_ids)))).all())


def user_email(user_id: int) -> tuple[str, str, str, str] | None:
    """(name, e-mail, language, time zone) of an account."""
    row = db.session.execute(select(User.name, User.email, User.language, User.timezone).where(User.id == user_id)).first()
    return tuple(row) if row else None


def _completed_count(slugs: Collection[str], user_id_column) -> Select:
    """How many of these courses the learner completed, in any run (a correlated scalar)."""
    return (select(func.count(func.distinct(Run.course_id)))
            .select_from(CourseCompletion).join(Enrolment, Enrolment.id == CourseCompletion.enrolment_id)
            .join(Run, Run.id == Enrolment.run_id).join(Course, Course.id == Run.course_id)
            .where(Enrolment.user_id == user_id_column, Course.slug.in_(sorted(slugs) or [""]))
            .scalar_subquery())


def learners_page_query(programme: Programme, required: Collection[str], electives: Collection[str]) -> Select:
    """One row per learner of the programme, with their progress across its courses counted in SQL:
    required and elective courses completed (any run), courses in progress, modules completed in
    them, workshops confirmed or attended, and the placement's state."""
    member = ProgrammeEnrolment.user_id
    courses = sorted({*required, *electives}) or [""]
    active = (select(Enrolment.id).join(Run, Run.id == Enrolment.run_id).join(Course, Course.id == Run.course_id)
              .outerjoin(CourseCompletion, CourseCompletion.enrolment_id == Enrolment.id)
              .where(Enrolment.user_id == member, Course.slug.in_(courses), Enrolment.unenrolled_at.is_(None)))
    in_progress = select(func.count()).select_from(active.where(CourseCompletion.id.is_(None)).subquery()).scalar_subquery()
    modules = (select(func.coalesce(func.sum(Enrolment.modules_completed), 0)).join(Run, Run.id == Enrolment.run_id)
               .join(Course, Course.id == Run.course_id)
               .where(Enrolment.user_id == member, Course.slug.in_(courses)).scalar_subquery())
    confirmed = (select(func.count(WorkshopAttendance.id))
                 .where(WorkshopAttendance.programme_id == programme.id, WorkshopAttendance.user_id == member)
                 .scalar_subquery())
    attended = (select(func.count(Registration.id)).join(Event, Event.id == Registration.event_id)
                .where(Event.programme_slug == programme.slug, Registration.user_id == member,
                       Registration.attended_at.is_not(None)).scalar_subquery())
    placement = aliased(PlacementRecord)
    return (select(ProgrammeEnrolment.id, ProgrammeEnrolment.user_id, User.name, User.email, ProgrammeEnrolment.enrolled_at,
                   ProgrammeEnrolment.completed_at, _completed_count(required, member).label("required_done"),
                   _completed_count(electives, member).label("electives_done"), in_progress.label("in_progress"),
                   modules.label("modules_done"), (confirmed + attended).label("workshops"),
                   placement.status.label("placement"))
            .join(User, User.id == member)
            .outerjoin(placement, and_(placement.programme_id == ProgrammeEnrolment.programme_id,
                                       placement.user_id == member))
            .where(ProgrammeEnrolment.programme_id == programme.id, ProgrammeEnrolment.withdrawn_at.is_(None)))


def incomplete_enrolments(after_id: int, limit: int) -> list[tuple[int, int, str]]:
    """(enrolment id, user id, programme slug) of live programme enrolments not complete, or
    complete with their badge or certificate missing: what the sweep looks at."""
    return [tuple(row) for row in db.session.execute(
        select(ProgrammeEnrolment.id, ProgrammeEnrolment.user_id, Programme.slug)
        .join(Programme, Programme.id == ProgrammeEnrolment.programme_id)
        .where(ProgrammeEnrolment.id > after_id, Programme.archived_at.is_(None), ProgrammeEnrolment.withdrawn_at.is_(None),
               or_(ProgrammeEnrolment.completed_at.is_(None), ProgrammeEnrolment.award_uid.is_(None),
                   ProgrammeEnrolment.certificate_uid.is_(None)))
        .order_by(ProgrammeEnrolment.id).limit(limit))]

