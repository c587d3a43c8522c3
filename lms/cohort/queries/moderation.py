"""Read-only SQL for the run's one moderation queue: the open reports of its discussion posts and
the open flags of its peer review work, as one list (a UNION ALL), oldest first, and the run's
moderation history (``core.moderation``'s audit rows), newest first.

The two lists are keyset-paginated on their own cursors. An item of the queue has one key across
both kinds: a discussion report's id times 2, a flag's id times 2 plus 1, so the cursor in the
URL (``?after=<key>``) names either kind, and the cursor row's time comes from its own table
even when it has been decided since. Costs: the open reports through ``ix_discussion_reports_open``
(run, resolved), the open flags from the flags not yet resolved, each joined by primary key;
the history through ``ix_moderation_actions_run``; one statement counts everything the page says."""

from __future__ import annotations

from sqlalchemy import Integer, Row, String, and_, case, cast, func, literal, null, select, union_all

from lms.accounts.models import User
from lms.core.extensions import db
from lms.core.keyset import Cursor, Key, after_cursor, before_cursor, order
from lms.core.moderation import ModerationAction
from lms.discussions.models import Post, PostReport, Thread
from lms.peer_review.models import Flag, Review, Submission

EXCERPT = 240  # characters of what was reported shown in the queue


def _no(kind) -> object:
    return cast(null(), kind)


def _open_reports(run_id: int):
    return (select(
        (PostReport.id * 2).label("key"), literal("post", String).label("kind"), PostReport.id.label("report_id"),
        PostReport.created_at.label("created_at"), PostReport.reason.label("reason"), PostReport.note.label("note"),
        Post.id.label("post_id"), Post.thread_id.label("thread_id"), _no(Integer).label("submission_id"),
        func.substr(Post.text, 1, EXCERPT).label("excerpt"), Post.language.label("language"),
        Post.hidden_at.is_not(None).label("hidden"), User.name.label("author"))
        .join(Post, Post.id == PostReport.post_id).join(User, User.id == Post.author_id)
        .where(PostReport.run_id == run_id, PostReport.resolved_at.is_(None)))


def _open_flags(run_id: int):
    of_review = Flag.review_id.is_not(None)
    return (select(
        (Flag.id * 2 + 1).label("key"), case((of_review, literal("review", String)), else_=literal("submission", String)).label("kind"),
        Flag.id.label("report_id"), Flag.created_at.label("created_at"), Flag.reason.label("reason"), Flag.note.label("note"),
        _no(Integer).label("post_id"), _no(Integer).label("thread_id"), Flag.submission_id.label("submission_id"),
        case((of_review, func.substr(Review.feedback, 1, EXCERPT)), else_=func.substr(Submission.text, 1, EXCERPT)).label("excerpt"),
        case((of_review, _no(String)), else_=Submission.language).label("language"),
        case((of_review, Review.hidden_at.is_not(None)), else_=Submission.hidden_at.is_not(None)).label("hidden"),
        _no(String).label("author"))
        .join(Submission, Submission.id == Flag.submission_id).outerjoin(Review, Review.id == Flag.review_id)
        .where(Submission.run_id == run_id, Flag.resolved_at.is_(None)))


def _queue(run_id: int):
    return union_all(_open_reports(run_id), _open_flags(run_id)).subquery("queue")


def _queue_keys(queue, cursor: Cursor) -> list[Key]:
    """Oldest first, then by key. The cursor row's time is read from its own table (a report or a flag)."""
    row_id = cursor.row_id or 0
    if row_id % 2:
        at = select(Flag.created_at).where(Flag.id == row_id // 2).scalar_subquery()
    else:
        at = select(PostReport.created_at).where(PostReport.id == row_id // 2).scalar_subquery()
    return [(queue.c.created_at, at), (queue.c.key, literal(row_id, Integer))]


def _history_keys(cursor: Cursor) -> list[Key]:
    """Newest first: ids downwards (the negated id, so the keyset reads upwards)."""
    return [(-ModerationAction.id, literal(-(cursor.row_id or 0), Integer))]


def counts(run_id: int, queue_cursor: Cursor, history_cursor: Cursor) -> Row:
    """(open reports, open flags, queue items before the queue's cursor, history rows, history rows
    before its cursor): one statement of scalar subqueries."""
    reports = _open_reports(run_id).subquery()
    flags = _open_flags(run_id).subquery()
    queue = _queue(run_id)
    history = select(ModerationAction.id).where(ModerationAction.run_id == run_id)
    return db.session.execute(select(
        select(func.count()).select_from(reports).scalar_subquery().label("reports"),
        select(func.count()).select_from(flags).scalar_subquery().label("flags"),
        select(func.count()).select_from(queue).where(before_cursor(_queue_keys(queue, queue_cursor), queue_cursor))
        .scalar_subquery().label("queue_before"),
        select(func.count()).select_from(history.subquery()).scalar_subquery().label("history"),
        select(func.count()).select_from(history.where(before_cursor(_history_keys(history_cursor), history_cursor))
                                         .subquery()).scalar_subquery().label("history_before"),
    )).one()


def queue_page(run_id: int, cursor: Cursor, size: int) -> list[Row]:
    queue = _queue(run_id)
    keys = _queue_keys(queue, cursor)
    query = select(queue)
    if (page_of := after_cursor(keys, cursor)) is not None:
        query = query.where(page_of)
    rows = db.session.execute(query.order_by(*order(keys, cursor)).limit(size)).all()
    return rows[::-1] if cursor.backwards else rows


def history_page(run_id: int, cursor: Cursor, size: int) -> list[Row]:
    """The run's decisions: who, what (and where it is now: hidden or not), when, why."""
    action = ModerationAction
    post = and_(action.target_kind == "post", Post.id == action.target_id)
    review = and_(action.target_kind == "review", Review.id == action.target_id)
    thread_id = case((action.target_kind == "thread", action.target_id), else_=Post.thread_id)
    submission_id = case((action.target_kind == "submission", action.target_id), else_=Review.submission_id)
    hidden = case((action.target_kind == "post", Post.hidden_at.is_not(None)),
                  (action.target_kind == "review", Review.hidden_at.is_not(None)),
                  (action.target_kind == "submission", Submission.hidden_at.is_not(None)), else_=False)
    keys = _history_keys(cursor)
    query = (select(action.id, action.created_at, action.action, action.target_kind, action.target_id, action.reason,
                    action.report_id, User.name.label("actor"), thread_id.label("thread_id"), Thread.title.label("thread_title"),
                    submission_id.label("submission_id"), hidden.label("hidden"))
             .join(User, User.id == action.actor_id)
             .outerjoin(Post, post).outerjoin(Review, review)
             .outerjoin(Thread, Thread.id == thread_id).outerjoin(Submission, Submission.id == submission_id)
             .where(action.run_id == run_id))
    if (page_of := after_cursor(keys, cursor)) is not None:
        query = query.where(page_of)
    rows = db.session.execute(query.order_by(*order(keys, cursor)).limit(size)).all()
    return rows[::-1] if cursor.backwards else rows


def flag_in_run(flag_id: int) -> Row | None:
    """(run id, resolved at, is what it reports hidden now) of a peer review flag."""
    hidden = case((Flag.review_id.is_not(None), Review.hidden_at.is_not(None)), else_=Submission.hidden_at.is_not(None))
    return db.session.execute(
        select(Submission.run_id, Flag.resolved_at, hidden.label("hidden"), Flag.review_id)
        .join(Submission, Submission.id == Flag.submission_id).outerjoin(Review, Review.id == Flag.review_id)
        .where(Flag.id == flag_id)).first()
