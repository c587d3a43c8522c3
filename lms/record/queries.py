"""Record's read-only window onto other features' tables: a learner's enrolments with their
course, run and completion, their reflections with the activity and course they answer, the events
they attended. One statement each, whatever the number of entries; plus the standards a learner
tags with."""

from __future__ import annotations

from sqlalchemy import Row, func, select

from lms.activities.models import Reflection
from lms.core.extensions import db
from lms.courses.models import Activity, Course, Module, Run
from lms.events.models import Event, Registration
from lms.learning.models import CourseCompletion, Enrolment
from lms.record.models import EntryTag, Standard, StandardsFramework

# A course's declared study time: its live modules' estimated minutes.
_COURSE_MINUTES = (select(func.coalesce(func.sum(Module.estimated_minutes), 0))
                   .where(Module.course_id == Course.id, Module.archived_at.is_(None))
                   .correlate(Course).scalar_subquery())


def course_entries(user_id: int) -> list[Row]:
    """Every enrolment of the learner that is theirs to show: enrolled now, or completed before leaving."""
    return db.session.execute(
        select(Enrolment.id.label("enrolment_id"), Enrolment.enrolled_at, Enrolment.unenrolled_at,
               Course.slug.label("course_slug"), Course.title.label("course_title"), Course.language.label("course_language"),
               Run.title.label("run_title"), CourseCompletion.completed_at, _COURSE_MINUTES.label("minutes"))
        .join(Run, Run.id == Enrolment.run_id).join(Course, Course.id == Run.course_id)
        .outerjoin(CourseCompletion, CourseCompletion.enrolment_id == Enrolment.id)
        .where(Enrolment.user_id == user_id)
        .where((Enrolment.unenrolled_at.is_(None)) | (CourseCompletion.completed_at.is_not(None)))
        .order_by(Enrolment.id)).all()


def reflection_entries(user_id: int) -> list[Row]:
    """The learner's own reflections with the activity's title and course."""
    return db.session.execute(
        select(Reflection.id, Reflection.text, Reflection.submitted_at, Reflection.updated_at,
               Activity.title.label("activity_title"), Course.title.label("course_title"),
               Course.slug.label("course_slug"), Course.language.label("course_language"))
        .join(Enrolment, Enrolment.id == Reflection.enrolment_id).join(Activity, Activity.id == Reflection.activity_id)
        .join(Module, Module.id == Activity.module_id).join(Course, Course.id == Module.course_id)
        .where(Enrolment.user_id == user_id).order_by(Reflection.id)).all()


def attended_events(user_id: int) -> list[Row]:
    """The events (workshops) the learner attended, as their organisers or their code recorded it."""
    return db.session.execute(
        select(Registration.id, Registration.attended_at, Event.slug, Event.title, Event.kind, Event.starts_at,
               Event.ends_at)
        .join(Event, Event.id == Registration.event_id)
        .where(Registration.user_id == user_id, Registration.attended_at.is_not(None))
        .order_by(Registration.id)).all()


def live_frameworks() -> list[StandardsFramework]:
    return list(db.session.scalars(select(StandardsFramework).where(StandardsFramework.archived_at.is_(None))
                                   .order_by(StandardsFramework.title, StandardsFramework.id)))


def live_standards(framework_id: int) -> list[Standard] | None:
    """A live framework's live standards in file order, or None if there is no such framework."""
    rows = db.session.execute(
        select(StandardsFramework.id, Standard).outerjoin(
            Standard, (Standard.framework_id == StandardsFramework.id) & Standard.archived_at.is_(None))
        .where(StandardsFramework.id == framework_id, StandardsFramework.archived_at.is_(None))
        .order_by(Standard.position, Standard.id)).all()
    if not rows:
        return None
    return [standard for _, standard in rows if standard is not None]


def tags_of(user_id: int) -> list[Row]:
    """Every tag of the learner's record with its standard and framework (archived ones too:
    what a learner tagged stays on their record)."""
    return db.session.execute(
        select(EntryTag.entry_kind, EntryTag.entry_ref, Standard.id.label("standard_id"), Standard.code,
               Standard.title, Standard.position, StandardsFramework.id.label("framework_id"),
               StandardsFramework.title.label("framework_title"))
        .join(Standard, Standard.id == EntryTag.standard_id)
        .join(StandardsFramework, StandardsFramework.id == Standard.framework_id)
        .where(EntryTag.user_id == user_id)
        .order_by(StandardsFramework.title, Standard.position, Standard.id)).all()
