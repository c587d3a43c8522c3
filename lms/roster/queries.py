"""The roster's read-only window onto accounts, courses and learning: who has an account, who is
in a run (unenrolled included), a learner's place and progress, the runs of a course, and the
roster's own invitations. Reads only: learning writes enrolments, the services write invitations.

Lists that grow with a cohort are keyset pages (lms.core.keyset) and their counts come from
SQL; no statement binds a parameter per learner, except the look-ups of one uploaded file's
addresses, a bounded number of statements of at most lms.core.db.CHUNK addresses each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Integer, Row, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from lms.accounts.models import User
from lms.core.db import chunks, contains_text
from lms.core.extensions import db
from lms.core.keyset import Cursor, Key, after_cursor, before_cursor, order
from lms.courses.models import Course, Module, Run
from lms.learning.models import CourseCompletion, Enrolment
from lms.roster.models import Invitation

def user_ids_by_email(emails: Sequence[str]) -> dict[str, int]:
    """E-mail (as stored: normalised) -> account id, for the addresses that have an account."""
    found: dict[str, int] = {}
    for chunk in chunks(emails):
        for email, user_id in db.session.execute(select(User.email, User.id).where(User.email.in_(chunk))):
            found[email] = user_id
    return found


def invitations_for(run_id: int, emails: Sequence[str]) -> dict[str, tuple[int, datetime, datetime | None]]:
    """E-mail -> (invitation id, expires, accepted) of the run's invitations to these addresses."""
    found: dict[str, tuple] = {}
    for chunk in chunks(emails):
        for email, *rest in db.session.execute(select(
                Invitation.email, Invitation.id, Invitation.expires_at, Invitation.accepted_at)
                .where(Invitation.run_id == run_id, Invitation.email.in_(chunk))):
            found[email] = tuple(rest)
    return found


def run_summary(run_id: int, now: datetime) -> Row:
    """(enrolled, unenrolled, with a personal deadline, invitations waiting, invitations accepted): one statement."""
    in_run = select(func.count()).select_from(Enrolment).where(Enrolment.run_id == run_id)
    invited = select(func.count()).select_from(Invitation).where(Invitation.run_id == run_id)
    return db.session.execute(select(
        in_run.where(Enrolment.unenrolled_at.is_(None)).scalar_subquery(),
        in_run.where(Enrolment.unenrolled_at.is_not(None)).scalar_subquery(),
        in_run.where(Enrolment.unenrolled_at.is_(None), Enrolment.deadline_at.is_not(None)).scalar_subquery(),
        invited.where(Invitation.accepted_at.is_(None), Invitation.expires_at > now).scalar_subquery(),
        invited.where(Invitation.accepted_at.is_not(None)).scalar_subquery(),
    )).one()


def _matching(query, search: str):
    """People whose name or e-mail holds ``search`` (any case); LIKE's wildcards taken literally."""
    return query.where(contains_text([User.name, User.email], search)) if search else query


def _people_keys(run_id: int, cursor: Cursor) -> list[Key]:
    """A run's people by name, then enrolment (two Ada Lovelaces keep their places)."""
    at, who = aliased(Enrolment), aliased(User)
    name_at = select(who.name).join(at, at.user_id == who.id).where(at.id == cursor.row_id, at.run_id == run_id)
    return [(User.name, name_at.correlate(None).scalar_subquery()), (Enrolment.id, literal(cursor.row_id, Integer))]


def count_people(run_id: int, cursor: Cursor, search: str) -> Row:
    """(people in the run matching the search, unenrolled included; how many come before the cursor
    row; is the cursor row one of the run's enrolments: a stale or foreign cursor is not)."""
    keys = _people_keys(run_id, cursor)
    known = select(Enrolment.id).where(Enrolment.id == cursor.row_id, Enrolment.run_id == run_id).exists()
    query = (select(func.count(), func.count(case((before_cursor(keys, cursor), 1))), known.label("known"))
             .select_from(Enrolment).join(User, User.id == Enrolment.user_id).where(Enrolment.run_id == run_id))
    return db.session.execute(_matching(query, search)).one()


def people_page(run_id: int, cursor: Cursor, search: str, size: int) -> list[Row]:
    """One page of the run's people in the list's order: (enrolment id, user id, name, e-mail,
    enrolled, unenrolled, personal deadline, live modules completed)."""
    keys = _people_keys(run_id, cursor)
    query = (select(Enrolment.id, User.id.label("user_id"), User.name, User.email, Enrolment.enrolled_at,
                    Enrolment.unenrolled_at, Enrolment.deadline_at, Enrolment.modules_completed.label("completed"))
             .join(User, User.id == Enrolment.user_id).where(Enrolment.run_id == run_id))
    if (page_of := after_cursor(keys, cursor)) is not None:
        query = query.where(page_of)
    return db.session.execute(_matching(query, search).order_by(*order(keys, cursor)).limit(size)).all()


def _invitation_keys(run_id: int, cursor: Cursor) -> list[Key]:
    at = aliased(Invitation)
    email_at = select(at.email).where(at.id == cursor.row_id, at.run_id == run_id)
    return [(Invitation.email, email_at.correlate(None).scalar_subquery()), (Invitation.id, literal(cursor.row_id, Integer))]


def _waiting(run_id: int, now: datetime):
    return (Invitation.run_id == run_id, Invitation.accepted_at.is_(None), Invitation.expires_at > now)


def count_invitations(run_id: int, now: datetime, cursor: Cursor) -> Row:
    """(invitations waiting for an answer, how many come before the cursor row, is the cursor row
    one of the run's invitations)."""
    keys = _invitation_keys(run_id, cursor)
    at = aliased(Invitation)
    known = select(at.id).where(at.id == cursor.row_id, at.run_id == run_id).exists()
    return db.session.execute(select(func.count(), func.count(case((before_cursor(keys, cursor), 1))), known.label("known"))
                              .select_from(Invitation).where(*_waiting(run_id, now))).one()


def invitations_page(run_id: int, now: datetime, cursor: Cursor, size: int) -> list[Row]:
    """One page of the invitations waiting for an answer, by address: (id, e-mail, invited, expires, sent, attempts)."""
    keys = _invitation_keys(run_id, cursor)
    query = select(Invitation.id, Invitation.email, Invitation.invited_at, Invitation.expires_at, Invitation.sent_at,
                   Invitation.attempts).where(*_waiting(run_id, now))
    if (page_of := after_cursor(keys, cursor)) is not None:
        query = query.where(page_of)
    return db.session.execute(query.order_by(*order(keys, cursor)).limit(size)).all()


def learner_in_run(run_id: int, user_id: int) -> Row | None:
    """(user, enrolment, modules completed, course completed) of someone enrolled (or once
    enrolled) in the run; None for anyone else. One statement. Modules completed are the live
    ones, as learning keeps them on the enrolment (the learner list and the exports count them so)."""
    finished = select(CourseCompletion.completed_at).where(CourseCompletion.enrolment_id == Enrolment.id).correlate(Enrolment)
    return db.session.execute(
        select(User, Enrolment, Enrolment.modules_completed, finished.scalar_subquery()).join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.run_id == run_id, User.id == user_id)
    ).first()


def runs_of_course_for(course_id: int, user_id: int) -> list[Row]:
    """(run, is the user enrolled in it, unenrolled included) for each run of the course, by start."""
    mine = select(Enrolment.id).where(Enrolment.run_id == Run.id, Enrolment.user_id == user_id).correlate(Run).exists()
    return db.session.execute(select(Run, mine).where(Run.course_id == course_id).order_by(Run.starts_at, Run.id)).all()


def count_live_modules(course_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Module).where(
        Module.course_id == course_id, Module.archived_at.is_(None)))


def invitation_by_token_hash(token_hash: str) -> Row | None:
    """(invitation, run, course) for a link's token, by its hash."""
    return db.session.execute(
        select(Invitation, Run, Course).join(Run, Run.id == Invitation.run_id).join(Course, Course.id == Run.course_id)
        .where(Invitation.token_hash == token_hash)
    ).first()


def due_invitations(now: datetime, limit: int, max_attempts: int) -> list[int]:
    """Ids of invitations to send now: not sent, not answered, not expired, not held by a sender
    (or waiting after a failure), and tried fewer than ``max_attempts`` times."""
    return list(db.session.scalars(
        select(Invitation.id).where(
            Invitation.sent_at.is_(None), Invitation.accepted_at.is_(None), Invitation.expires_at > now,
            Invitation.attempts < max_attempts, or_(Invitation.claimed_until.is_(None), Invitation.claimed_until <= now))
        .order_by(Invitation.id).limit(limit)))


def invitation_letters(invitation_ids: Sequence[int]) -> list[Row]:
    """What each invitation's e-mail says: (invitation, course slug, course title, course language,
    run title, inviting tutor's name or None), in id order."""
    inviter = aliased(User)
    return db.session.execute(
        select(Invitation, Course.slug, Course.title, Course.language, Run.title, inviter.name)
        .join(Run, Run.id == Invitation.run_id).join(Course, Course.id == Run.course_id)
        .outerjoin(inviter, inviter.id == Invitation.invited_by_id)
        .where(Invitation.id.in_(invitation_ids)).order_by(Invitation.id)
    ).all()
