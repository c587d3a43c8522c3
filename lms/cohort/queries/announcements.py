"""Read-only SQL for announcements: a run's list (keyset pages, newest first), one of them, the
scheduled ones that are due, and what learners were sent (from the notification ledger)."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import Integer, Row, Select, bindparam, case, func, literal, select

from lms.accounts.models import User
from lms.cohort.models import Announcement
from lms.core.extensions import db
from lms.core.keyset import Cursor, Key, after_cursor, before_cursor, order
from lms.courses.models import Course, Run
from lms.notifications.models import Notification, NotificationText

KIND = "announcement"


def ledger_key(run_id: int, announcement_id: int) -> str:
    """The announcement's key in the notification ledger: one row per learner, whoever sends it."""
    return f"{KIND}:{run_id}:{announcement_id}"


def one_of_run(run_id: int, announcement_id: int) -> Announcement | None:
    return db.session.scalar(select(Announcement).where(Announcement.id == announcement_id, Announcement.run_id == run_id))


def by_token(run_id: int, token: str) -> Announcement | None:
    return db.session.scalar(select(Announcement).where(Announcement.run_id == run_id, Announcement.token == token)
                             .execution_options(populate_existing=True))


def _keys(cursor: Cursor) -> list[Key]:
    """Newest first: ids downwards (the negated id, so the keyset reads upwards)."""
    return [(-Announcement.id, literal(-(cursor.row_id or 0), Integer))]


def count_of_run(run_id: int, cursor: Cursor) -> Row:
    """(the run's announcements, those before the cursor row, is the cursor one of them): one statement."""
    keys = _keys(cursor)
    found = select(Announcement.id).where(Announcement.id == cursor.row_id, Announcement.run_id == run_id).exists()
    return db.session.execute(
        select(func.count(), func.count(case((before_cursor(keys, cursor), 1))), found.label("found"))
        .select_from(Announcement).where(Announcement.run_id == run_id)
    ).one()


def page_of_run(run_id: int, cursor: Cursor, size: int) -> list[Announcement]:
    keys = _keys(cursor)
    query = select(Announcement).where(Announcement.run_id == run_id)
    if (page_of := after_cursor(keys, cursor)) is not None:
        query = query.where(page_of)
    rows = list(db.session.scalars(query.order_by(*order(keys, cursor)).limit(size)))
    return rows[::-1] if cursor.backwards else rows


def due_ids(*, now: datetime, limit: int) -> list[int]:
    """Scheduled announcements whose time has come and that nobody has sent, oldest time first."""
    return list(db.session.scalars(
        select(Announcement.id).where(Announcement.sent_at.is_(None), Announcement.scheduled_for.is_not(None),
                                      Announcement.scheduled_for <= now)
        .order_by(Announcement.scheduled_for, Announcement.id).limit(limit)))


def name_of(user_id: int) -> str:
    return db.session.scalar(select(User.name).where(User.id == user_id)) or ""


def run_and_course(run_id: int) -> tuple[Course, Run]:
    course, run = db.session.execute(select(Course, Run).join(Run, Run.course_id == Course.id).where(Run.id == run_id)).one()
    return course, run


def latest_received(user_id: int, run_ids: list[int], *, per_run: int) -> list[tuple[int, datetime, dict]]:
    """The ``per_run`` latest announcements ``user_id`` received in each of these runs, newest first:
    (notification id, created_at, payload with its ``html``). One statement over the learner's own
    ledger rows, joining the words they name (rows from before carry them inline)."""
    if not run_ids:
        return []
    rows = db.session.execute(_latest_received(), {"user_id": user_id, "run_ids": run_ids, "per_run": per_run})
    return [(row_id, created_at, payload if html is None else {**payload, "html": html})
            for row_id, created_at, payload, html in rows]


@cache
def _latest_received() -> Select:
    """Built once: the dashboard asks on every visit, and building this window over JSON fields
    cost far more than running it (about 1.5 ms against a few microseconds)."""
    run = Notification.payload["run_id"].as_integer()
    rank = func.row_number().over(partition_by=run, order_by=(Notification.created_at.desc(), Notification.id.desc()))
    ranked = (select(Notification.id, Notification.created_at, Notification.payload, rank.label("rank"))
              .where(Notification.user_id == bindparam("user_id"), Notification.kind == KIND,
                     run.in_(bindparam("run_ids", expanding=True))).subquery())
    return (select(ranked.c.id, ranked.c.created_at, ranked.c.payload, NotificationText.html)
            .outerjoin(NotificationText, NotificationText.id == ranked.c.payload["text_id"].as_integer())
            .where(ranked.c.rank <= bindparam("per_run"))
            .order_by(ranked.c.created_at.desc(), ranked.c.id.desc()))
