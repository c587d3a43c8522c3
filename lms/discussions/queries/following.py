"""Following's read-only SQL: who is told of a reply (with the e-mail status each one's choice
gives), and what waits for the daily digest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, Select, and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from lms.accounts.models import User
from lms.core.access import CourseStaff
from lms.core.extensions import db
from lms.courses.models import Course, Run
from lms.discussions.models import Follow, Post, Thread
from lms.learning.models import Enrolment
from lms.notifications.models import Notification

REPLY, DIGEST = "discussion_reply", "discussion_digest"


def reply_facts(thread_id: int, author_id: int) -> Row:
    """(course id, slug, title, language, author's display name) for a reply's notification."""
    return db.session.execute(
        select(Course.id, Course.slug, Course.title, Course.language, User.name)
        .select_from(Thread).join(Run, Run.id == Thread.run_id).join(Course, Course.id == Run.course_id)
        .join(User, User.id == author_id).where(Thread.id == thread_id)).one()


def _reads_run(user_id, run_id: int, course_id: int, *, learners: bool = True):
    """``user_id`` (a column) may read the run's discussions: enrolled in it (not unenrolled) with
    no later active enrolment in another run of the course (access reads the latest), or a tutor
    of the course, or an admin (the caller joins User)."""
    later = aliased(Enrolment)
    later_run = aliased(Run)
    moved_on = (select(later.id).join(later_run, later_run.id == later.run_id)
                .where(later.user_id == user_id, later_run.course_id == course_id, later.run_id != run_id,
                       later.unenrolled_at.is_(None),
                       or_(later.enrolled_at > Enrolment.enrolled_at,
                           and_(later.enrolled_at == Enrolment.enrolled_at, later.id > Enrolment.id)))
                .correlate_except(later, later_run).exists())
    enrolled = (select(Enrolment.id).where(Enrolment.user_id == user_id, Enrolment.run_id == run_id,
                                           Enrolment.unenrolled_at.is_(None), ~moved_on).exists())
    tutor = select(CourseStaff.id).where(CourseStaff.user_id == user_id, CourseStaff.course_id == course_id).exists()
    return or_(enrolled, tutor, User.is_admin) if learners else or_(tutor, User.is_admin)


def followers_to_tell(thread_id: int, author_id: int, run_id: int, course_id: int, *, hidden: bool = False) -> Select:
    """(user id, e-mail status) of the thread's followers but the author who may still read it (only
    its tutors and admins when a tutor has hidden the thread); the
    status from their choice: each reply ("pending": the e-mail job sends it), a daily digest
    ("digest": left for the digest) or none ("skipped")."""
    status = case((User.discussion_email == "each", literal("pending")),
                  (User.discussion_email == "daily", literal("digest")), else_=literal("skipped"))
    return (select(Follow.user_id, status).join(User, User.id == Follow.user_id)
            .where(Follow.thread_id == thread_id, Follow.user_id != author_id,
                   _reads_run(Follow.user_id, run_id, course_id, learners=not hidden)))


def is_following(user_id: int, thread_id: int) -> bool:
    return db.session.scalar(select(Follow.id).where(Follow.user_id == user_id, Follow.thread_id == thread_id)) is not None


# --- The daily digest ---

def newest_notification_id() -> int:
    """The digest run's bound: replies recorded after it wait for the next run."""
    return db.session.scalar(select(func.max(Notification.id))) or 0


def _waiting(through: int):
    return and_(Notification.email_status == "digest", Notification.kind == REPLY, Notification.id <= through)


def users_waiting(*, after: int, through: int, limit: int) -> list[Row]:
    """The next ``limit`` users (by id, after ``after``) with replies waiting for a digest: (id,
    time zone, discussion e-mail choice)."""
    waiting = (select(Notification.user_id).where(_waiting(through), Notification.user_id > after).distinct()
               .order_by(Notification.user_id).limit(limit))
    return list(db.session.execute(
        select(User.id, User.timezone, User.discussion_email).where(User.id.in_(waiting)).order_by(User.id)))


def digests_since(first: int, last: int, *, since: datetime) -> set[str]:
    """The keys of the digests recorded since ``since`` for users ``first`` to ``last``."""
    return set(db.session.scalars(select(Notification.key).where(
        Notification.kind == DIGEST, Notification.user_id.between(first, last), Notification.created_at >= since)))


def replies_waiting(user_ids: list[int], *, through: int, listed: int) -> list[Row]:
    """For these users, their replies waiting for a digest whose posts are still shown (not removed
    by their author nor hidden by a tutor since), oldest first, at most ``listed`` each: (user id,
    payload, how many they have waiting), numbered and counted in SQL (window functions)."""
    numbered = select(
        Notification.user_id, Notification.id, Notification.payload,
        func.row_number().over(partition_by=Notification.user_id, order_by=Notification.id).label("number"),
        func.count().over(partition_by=Notification.user_id).label("waiting"),
    ).join(Post, Post.id == Notification.payload["post"].as_integer()).where(
        _waiting(through), Notification.user_id.in_(user_ids), Post.hidden_at.is_(None), Post.deleted_at.is_(None),
    ).subquery()
    return list(db.session.execute(
        select(numbered.c.user_id, numbered.c.payload, numbered.c.waiting)
        .where(numbered.c.number <= listed).order_by(numbered.c.user_id, numbered.c.id)))
