"""The run's learners as SQL: who is enrolled, what each has completed, when each was last
active, the filters the learner list, the exports and the announcements share, and one keyset
page of the list. Read-only.

Costs (a run of n learners): every statement reads the run's enrolments (n rows, through
``run_id``), each joined to its user by primary key; nothing reads progress rows: the modules
completed are kept on the enrolment (``modules_completed``, indexed with the run for the
"modules completed" order and the "behind" filter), the last activity too. A search is a
substring (``lower(...) LIKE '%...%'``), which no B-tree serves: it scans those n rows, and no
more. A page is the COUNT over the n rows (the list's place: "51–100 of N") and a top-50 sort."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

from sqlalchemy import ColumnElement, Integer, Row, Select, and_, case, exists, false, func, literal, select, true
from sqlalchemy.orm import aliased

from lms.accounts.models import User
from lms.core.db import UTCDateTime, contains_text
from lms.core.extensions import db
from lms.core.keyset import Cursor, Key, beyond
from lms.learning.models import CourseCompletion, Enrolment

NEVER = datetime(1970, 1, 1, tzinfo=timezone.utc)  # "never active" sorts first
SORTS = ("name", "email", "enrolled", "active", "done")


def modules_completed(enrolment=Enrolment) -> ColumnElement[int]:
    """The learner's live modules completed, as learning's progress keeps it on the enrolment
    (counted again whenever a module completes)."""
    return enrolment.modules_completed


def completed_course() -> ColumnElement[bool]:
    return exists().where(CourseCompletion.enrolment_id == Enrolment.id).correlate(Enrolment)


def course_completed_at() -> ColumnElement[datetime]:
    return (select(CourseCompletion.completed_at).where(CourseCompletion.enrolment_id == Enrolment.id)
            .correlate(Enrolment).scalar_subquery())


def modules_due(due_by_enrolment: Sequence[datetime], due_for_all: int, *, ended_at: datetime | None = None,
                all_modules: int = 0) -> ColumnElement[int]:
    """How many modules the learner should have completed by now: ``due_for_all`` (a run's
    schedule, the same for everyone), or, on a paced run, k when the enrolment is no later
    than ``due_by_enrolment[k-1]`` (the cut-offs, one per module, earliest enrolment last).
    Given ``ended_at`` (now, the run having ended), ``all_modules`` for everyone but learners
    whose personal deadline is still ahead."""
    if not due_by_enrolment:
        due = literal(due_for_all, Integer)
    else:
        whens = [(Enrolment.enrolled_at <= cutoff, k) for k, cutoff in reversed(list(enumerate(due_by_enrolment, 1)))]
        due = case(*whens, else_=due_for_all)
    if ended_at is None:
        return due
    return case((Enrolment.deadline_at > ended_at, due), else_=all_modules)


def search_clause(search: str) -> ColumnElement[bool]:
    """Name or e-mail holding ``search``, whatever the case (a scan of the run's learners)."""
    return contains_text([User.name, User.email], search)


def status_clause(status: str, *, inactive_before: datetime, due: ColumnElement[int] | None) -> ColumnElement[bool] | None:
    """The learners in ``status``; None for everyone. Completed learners are neither behind nor
    inactive: they have nothing left to do."""
    done = modules_completed()
    if status == "completed":
        return completed_course()
    if status == "not_started":
        return and_(Enrolment.last_active_at.is_(None), done == 0, ~completed_course())
    if status == "inactive":
        return and_(func.coalesce(Enrolment.last_active_at, Enrolment.enrolled_at) <= inactive_before, ~completed_course())
    if status == "behind" and due is not None:
        return and_(done < due, ~completed_course())
    return None


def enrolled(run_id: int, *columns) -> Select:
    """The run's enrolments joined to their users: SELECT ``columns`` (users.id by default). Learners
    a tutor unenrolled are left out (their rows and work stay)."""
    return (select(*(columns or (User.id,))).select_from(Enrolment).join(User, User.id == Enrolment.user_id)
            .where(Enrolment.run_id == run_id, Enrolment.unenrolled_at.is_(None)))


def _sort_column(sort: str, enrolment, user) -> ColumnElement:
    if sort == "email":
        return func.lower(user.email)
    if sort == "enrolled":
        return enrolment.enrolled_at
    if sort == "active":
        return func.coalesce(enrolment.last_active_at, literal(NEVER, UTCDateTime()))
    if sort == "done":
        return modules_completed(enrolment)
    return func.lower(user.name)


def sort_keys(run_id: int, sort: str, cursor: Cursor) -> list[Key]:
    """The list's order: the sorted column, then the enrolment (unique), each with its value at the cursor row."""
    at, who = aliased(Enrolment), aliased(User)
    value_at = (select(_sort_column(sort, at, who)).select_from(at).join(who, who.id == at.user_id)
                .where(at.id == cursor.row_id, at.run_id == run_id))
    return [(_sort_column(sort, Enrolment, User), value_at.correlate(None).scalar_subquery()),
            (Enrolment.id, literal(cursor.row_id, Integer))]


def count_page_place(run_id: int, conditions: Sequence[ColumnElement[bool]], keys: list[Key], cursor: Cursor,
                     *, descending: bool) -> Row:
    """(the run's learners, those matching, of them those before the cursor row in the list's
    order, is the cursor one of the run's enrolments): one pass over the run's enrolments."""
    matching = and_(true(), *conditions)
    before = beyond(keys, backwards=not descending) if cursor.row_id is not None else false()
    found = select(Enrolment.id).where(Enrolment.id == cursor.row_id, Enrolment.run_id == run_id,
                                       Enrolment.unenrolled_at.is_(None)).exists()
    return db.session.execute(enrolled(
        run_id, func.count(), func.count(case((matching, 1))), func.count(case((and_(matching, before), 1))),
        found.label("found"),
    )).one()


def learner_page(run_id: int, conditions: Sequence[ColumnElement[bool]], keys: list[Key],
                 cursor: Cursor, *, descending: bool, due: ColumnElement[int], size: int) -> list[Row]:
    """One page of matching learners in the list's order (walking back from a ``before`` cursor,
    the rows come reversed): enrolment id, user id, name, e-mail, enrolled, last active, modules
    completed, modules due, course completed at."""
    backwards = cursor.backwards != descending
    query = enrolled(run_id, Enrolment.id.label("enrolment_id"), User.id.label("user_id"), User.name, User.email,
                     Enrolment.enrolled_at, Enrolment.last_active_at, modules_completed().label("done"),
                     due.label("due"), course_completed_at().label("completed_at")).where(*conditions)
    if cursor.row_id is not None:
        query = query.where(beyond(keys, backwards=cursor.backwards != descending))
    return db.session.execute(
        query.order_by(*(column.desc() if backwards else column.asc() for column, _ in keys)).limit(size)
    ).all()
