"""The tutors' view of a programme: each learner's progress across its courses, a keyset page of 50
counted in SQL (one statement for the rows, two counts), whatever the cohort's size; and the
learning record's programme lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, literal, select
from sqlalchemy.orm import aliased

from lms.core.extensions import db
from lms.core.keyset import Cursor, Page, after_cursor, before_cursor, make_page, order
from lms.programmes import queries
from lms.programmes.models import Programme, ProgrammeEnrolment
from lms.programmes.services.programme_file import ProgrammeSpec
from lms.programmes.services.workshops import taught_programme

PAGE_SIZE = 50


@dataclass(frozen=True)
class LearnerRow:
    id: int  # the programme enrolment's
    user_id: int
    name: str
    email: str
    enrolled_at: datetime
    completed_at: datetime | None
    required_done: int
    electives_done: int
    in_progress: int
    modules_done: int
    workshops: int
    placement: str | None  # None: not submitted


@dataclass(frozen=True)
class LearnersPage:
    programme: Programme
    spec: ProgrammeSpec
    page: Page[LearnerRow]


def list_learners(tutor, programme_slug: str, cursor: Cursor = Cursor(), *, size: int = PAGE_SIZE) -> LearnersPage:
    """The programme's learners in the order they enrolled, for its tutors; NotFound for anyone else."""
    programme, spec = taught_programme(tutor, programme_slug)
    electives = spec.electives.courses if spec.electives else ()
    at = aliased(ProgrammeEnrolment)
    keys = [(ProgrammeEnrolment.enrolled_at, select(at.enrolled_at).where(at.id == cursor.row_id).scalar_subquery()),
            (ProgrammeEnrolment.id, literal(cursor.row_id or 0))]
    query = queries.learners_page_query(programme, spec.required, electives)
    beyond = after_cursor(keys, cursor)
    if beyond is not None:
        query = query.where(beyond)
    rows = [LearnerRow(*row) for row in db.session.execute(query.order_by(*order(keys, cursor)).limit(size))]
    if cursor.backwards:
        rows.reverse()
    live = (ProgrammeEnrolment.programme_id == programme.id, ProgrammeEnrolment.withdrawn_at.is_(None))
    total = db.session.scalar(select(func.count(ProgrammeEnrolment.id)).where(*live)) or 0
    before = db.session.scalar(select(func.count(ProgrammeEnrolment.id)).where(*live, before_cursor(keys, cursor))) \
        if cursor.row_id else 0
    return LearnersPage(programme, spec, make_page(rows, lambda row: row.id, cursor=cursor,
                                                   rows_before_cursor=before or 0, total=total))


@dataclass(frozen=True)
class ProgrammeRecordEntry:
    slug: str
    title: str
    enrolled_at: datetime
    completed_at: datetime | None
    hours: float | None
    award_uid: str | None
    certificate_uid: str | None


def record_of(user_id: int) -> list[ProgrammeRecordEntry]:
    """The learner's programmes, for their learning record: newest first; hours once completed."""
    rows = db.session.execute(
        select(ProgrammeEnrolment, Programme).join(Programme, Programme.id == ProgrammeEnrolment.programme_id)
        .where(ProgrammeEnrolment.user_id == user_id, ProgrammeEnrolment.withdrawn_at.is_(None))
        .order_by(ProgrammeEnrolment.enrolled_at.desc(), ProgrammeEnrolment.id.desc())).all()
    entries = []
    for enrolment, programme in rows:
        hours = (programme.spec or {}).get("hours") if enrolment.completed_at else None
        entries.append(ProgrammeRecordEntry(programme.slug, programme.title, enrolment.enrolled_at, enrolment.completed_at,
                                            float(hours) if hours is not None else None, enrolment.award_uid,
                                            enrolment.certificate_uid))
    return entries
