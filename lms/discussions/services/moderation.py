"""Moderation of discussions: reports, hiding and restoring posts, pinning and locking threads,
endorsing an answer, and the posting limit.

Every decision is one conditional UPDATE (``... WHERE pinned_at IS NULL``): of two clicks, or two
tutors at once, one changes the row and writes the audit row (``core.moderation``); the other
finds it done and writes nothing. A learner reports a post once (unique reporter and post). The
course's tutors and admins moderate, during the run and after it; for anyone else a tutor's
action is Not found. Learners' reports (and helpful marks) stop with the course window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import or_, update

from lms.core.db import insert_ignoring_duplicates, lock_row
from lms.core.errors import DomainError, NotFound, ValidationError
from lms.core.extensions import db
from lms.core.filters import relative
from lms.core.i18n import gettext, lazy_gettext
from lms.core.moderation import record_moderation
from lms.discussions.models import Post, PostReport, Thread
from lms.discussions.queries import moderation as queries
from lms.discussions.services.access import Forum, post_forum, thread_forum
from lms.discussions.services import following
from lms.discussions.services.counters import refresh_thread
from lms.notifications.services import notify_user

REPORT_REASONS = {"inappropriate": lazy_gettext("Inappropriate"), "off_topic": lazy_gettext("Off-topic"),
                  "spam": lazy_gettext("Spam"), "other": lazy_gettext("Something else")}
NOTE_MAX = 2000  # a reporter's note, a tutor's reason
RECENT = timedelta(minutes=10)
DAY = timedelta(days=1)
DEFAULT_PER_10_MIN, DEFAULT_PER_DAY = 10, 100


class PostingLimit(DomainError):
    """Too many posts too fast; ``retry_at``: when the next one will be accepted."""

    http_status = 429

    def __init__(self, message: str, retry_at: datetime):
        super().__init__(message)
        self.retry_at = retry_at


class DiscussionClosed(DomainError):
    http_status = 403

    def __init__(self):
        super().__init__(gettext("This discussion is closed: it can still be read, but no longer changed."))


def _limits() -> tuple[int, int]:
    config = current_app.config if has_app_context() else {}
    return (int(config.get("DISCUSSION_POSTS_PER_10_MIN", DEFAULT_PER_10_MIN)),
            int(config.get("DISCUSSION_POSTS_PER_DAY", DEFAULT_PER_DAY)))


def check_posting_limit(author_id: int, *, now: datetime) -> None:
    """Raise a domain error when this person has posted too much too fast (posting calls it first).
    The counts come from the posts table, so every worker shares them; tutors and admins are exempt."""
    per_10_min, per_day = _limits()
    counts = queries.posts_since(author_id, day_start=now - DAY, recent_start=now - RECENT)
    if counts.exempt:
        return
    if counts.recent >= per_10_min:
        retry_at = (queries.nth_newest_since(author_id, now - RECENT, per_10_min) or now) + RECENT
        raise PostingLimit(gettext("You have written %(num)d posts in the last 10 minutes, the most allowed. "
                                   "You can post again %(when)s.", num=per_10_min, when=relative(retry_at, now)), retry_at)
    if counts.day >= per_day:
        retry_at = (queries.nth_newest_since(author_id, now - DAY, per_day) or now) + DAY
        raise PostingLimit(gettext("You have written %(num)d posts in the last 24 hours, the most allowed. "
                                   "You can post again %(when)s.", num=per_day, when=relative(retry_at, now)), retry_at)


def _not_found() -> NotFound:
    return NotFound(gettext("No such discussion."))


def find_post(user, course_slug: str | None, post_id: int, *, now: datetime) -> tuple[Forum, Thread, Post]:
    """A post its reader may see, at an address naming its course."""
    return post_forum(user, post_id, now=now, course_slug=course_slug)


def find_thread(user, course_slug: str | None, thread_id: int, *, now: datetime) -> tuple[Forum, Thread]:
    return thread_forum(user, thread_id, now=now, course_slug=course_slug)


def writable_post(user, course_slug: str | None, post_id: int, *, now: datetime) -> tuple[Forum, Thread, Post]:
    """A post a reader may mark or report: visible, and (for a learner) the window still open."""
    forum, thread, post = find_post(user, course_slug, post_id, now=now)
    if post.deleted_at is not None or post.hidden_at is not None:
        raise _not_found()
    if forum.read_only and not forum.moderates:
        raise DiscussionClosed()
    return forum, thread, post


@dataclass(frozen=True)
class Outcome:
    changed: bool  # False: it already was as asked (a second click, or another tutor was quicker)
    thread_id: int


def report_post(user, course_slug: str | None, post_id: int, *, reason: str, note: str, now: datetime) -> Outcome:
    """A reader reports someone else's post to the run's tutors; ``changed`` is False when they had
    reported it already (one report per reader and post: a double click stores one)."""
    forum, thread, post = writable_post(user, course_slug, post_id, now=now)
    if post.author_id == user.id:
        raise ValidationError("reason", gettext("This is your own post: edit or delete it instead of reporting it."))
    if reason not in REPORT_REASONS:
        raise ValidationError("reason", gettext("Choose why you report this post."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError("note", gettext("Write at most %(max)d characters.", max=NOTE_MAX))
    stored = db.session.execute(
        insert_ignoring_duplicates(PostReport, conflict_columns=["post_id", "reporter_id"])
        .values(post_id=post.id, run_id=forum.run.id, reporter_id=user.id, reason=reason, note=note, created_at=now)
        .returning(PostReport.id)).scalar_one_or_none()
    return Outcome(stored is not None, thread.id)


def moderated_thread(user, course_slug: str | None, thread_id: int, *, now: datetime) -> tuple[Forum, Thread]:
    """A thread for the course's tutors and admins; Not found for anyone else."""
    forum, thread = find_thread(user, course_slug, thread_id, now=now)
    if not forum.moderates:
        raise _not_found()  # a learner learns nothing of the tutors' tools
    return forum, thread


def moderated_post(user, course_slug: str | None, post_id: int, *, now: datetime) -> tuple[Forum, Thread, Post]:
    """A post for the course's tutors and admins; Not found for anyone else."""
    forum, thread, post = find_post(user, course_slug, post_id, now=now)
    if not forum.moderates:
        raise _not_found()
    return forum, thread, post


def _reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if len(reason) > NOTE_MAX:
        raise ValidationError("reason", gettext("Write at most %(max)d characters.", max=NOTE_MAX))
    return reason


def _audit(forum: Forum, user, kind: str, target_id: int, action: str, reason: str = "", report_id: int | None = None,
           *, now: datetime) -> None:
    record_moderation(run_id=forum.run.id, actor_id=user.id, target_kind=kind, target_id=target_id, action=action,
                      reason=reason, report_id=report_id, now=now)


def _set_thread_moment(user, course_slug: str | None, thread_id: int, column, on: bool, actions: tuple[str, str], *,
                       reason: str, now: datetime) -> bool:
    """Set (``on``) or clear a thread's moment column, audited as ``actions`` (on, off): True if it changed."""
    forum, thread = moderated_thread(user, course_slug, thread_id, now=now)
    reason = _reason(reason)
    changed = _set_once(Thread, thread.id, column, now if on else None)
    if changed:
        _audit(forum, user, "thread", thread.id, actions[0] if on else actions[1], reason, now=now)
    return changed


def set_pinned(user, course_slug: str | None, thread_id: int, *, pinned: bool, reason: str = "", now: datetime) -> bool:
    """Pin a thread at the top of its forum's list, or unpin it: True if that changed it."""
    return _set_thread_moment(user, course_slug, thread_id, Thread.pinned_at, pinned, ("pin", "unpin"), reason=reason, now=now)


def set_locked(user, course_slug: str | None, thread_id: int, *, locked: bool, reason: str = "", now: datetime) -> bool:
    """Lock a thread (it can be read, no longer replied to), or unlock it: True if that changed it."""
    return _set_thread_moment(user, course_slug, thread_id, Thread.locked_at, locked, ("lock", "unlock"), reason=reason, now=now)


def _set_once(model, row_id: int, column, value) -> bool:
    """Set a moment column (or clear it) unless it already is: one conditional UPDATE."""
    unset = column.is_(None) if value is not None else column.is_not(None)
    return bool(db.session.execute(update(model).where(model.id == row_id, unset).values({column.key: value})).rowcount)


def endorse(user, course_slug: str | None, post_id: int, *, endorsed: bool, reason: str = "", now: datetime) -> Outcome:
    """Endorse a reply as the thread's answer (one per thread: it replaces another), or take the
    endorsement back: True if that changed the thread."""
    forum, thread, post = moderated_post(user, course_slug, post_id, now=now)
    reason = _reason(reason)
    if endorsed:
        if post.deleted_at is not None or post.hidden_at is not None:
            raise ValidationError("post", gettext("A removed or hidden post cannot be endorsed."))
        if post.id == queries.first_post_id(thread.id):
            raise ValidationError("post", gettext("The opening post asks; endorse a reply that answers it."))
        query = update(Thread).where(Thread.id == thread.id, or_(Thread.endorsed_post_id.is_(None),
                                                                  Thread.endorsed_post_id != post.id))
        changed = bool(db.session.execute(query.values(endorsed_post_id=post.id)).rowcount)
    else:
        query = update(Thread).where(Thread.id == thread.id, Thread.endorsed_post_id == post.id)
        changed = bool(db.session.execute(query.values(endorsed_post_id=None)).rowcount)
    if changed:
        _audit(forum, user, "post", post.id, "endorse" if endorsed else "unendorse", reason, now=now)
    return Outcome(changed, thread.id)


@dataclass(frozen=True)
class Decision:
    """What a tutor's hide, restore or dismissal did."""

    changed: bool  # the post (or report) changed: False for a second click
    thread_id: int
    author_told: bool = False  # the post's author was told (of a hide, with the reason)
    reports_settled: int = 0


def hide_post(user, course_slug: str | None, post_id: int, *, reason: str, now: datetime,
              report_id: int | None = None) -> Decision:
    """Hide a post from learners, with a reason its author is told (through the ledger). Its open
    reports are settled; hiding a thread's first post hides the thread from the lists."""
    forum, thread, post = moderated_post(user, course_slug, post_id, now=now)
    reason = _reason(reason)
    if not reason:
        raise ValidationError("reason", gettext("Give a reason for hiding it: the author of the post will read it."))
    lock_row(Thread, thread.id)  # the thread's counters are recounted after a reply being written meanwhile
    if post.deleted_at is not None:  # its author removed it: nobody sees its words, nothing to hide or tell
        changed = False
    else:
        changed = _set_once(Post, post.id, Post.hidden_at, now)
    settled = _settle_reports(post.id, "hidden", user.id, now=now)
    told = False
    if changed:
        if post.id == queries.first_post_id(thread.id):
            _set_once(Thread, thread.id, Thread.hidden_at, now)
        db.session.execute(update(Thread).where(Thread.id == thread.id, Thread.endorsed_post_id == post.id)
                           .values(endorsed_post_id=None))
        refresh_thread(thread.id)
        following.withdraw_reply(thread, post)
        told = _tell_author(forum, thread, post, user, reason, now=now)
    if changed or settled:
        _audit(forum, user, "post", post.id, "hide", reason, report_id, now=now)
    return Decision(changed, thread.id, told, settled)


def restore_post(user, course_slug: str | None, post_id: int, *, reason: str = "", now: datetime,
                 report_id: int | None = None) -> Decision:
    """Show a hidden post again (its thread too, when it opens it); open reports are settled."""
    forum, thread, post = moderated_post(user, course_slug, post_id, now=now)
    reason = _reason(reason)
    lock_row(Thread, thread.id)
    changed = _set_once(Post, post.id, Post.hidden_at, None)
    settled = _settle_reports(post.id, "restored", user.id, now=now)
    if changed:
        if post.id == queries.first_post_id(thread.id):
            _set_once(Thread, thread.id, Thread.hidden_at, None)
        refresh_thread(thread.id)
    if changed or settled:
        _audit(forum, user, "post", post.id, "restore", reason, report_id, now=now)
    return Decision(changed, thread.id, False, settled)


def _settle_reports(post_id: int, resolution: str, tutor_id: int, *, now: datetime) -> int:
    """Settle every open report of the post with this decision (they asked about the same post)."""
    return db.session.execute(update(PostReport).where(PostReport.post_id == post_id, PostReport.resolved_at.is_(None))
                              .values(resolved_at=now, resolution=resolution, resolved_by_id=tutor_id)).rowcount or 0


def _tell_author(forum: Forum, thread: Thread, post: Post, tutor, reason: str, *, now: datetime) -> bool:
    if post.author_id == tutor.id:
        return False
    course = forum.course
    payload = {"course": course.slug, "course_title": course.title, "course_language": course.language,
               "run": forum.run.slug, "thread": thread.id, "thread_title": thread.title, "post": post.id,
               "reason": reason[:NOTE_MAX]}
    notify_user(post.author_id, kind="post_hidden", key=f"post_hidden:{post.id}:{now.isoformat()}", payload=payload, now=now)
    return True


QUEUE_ACTIONS = ("hide", "restore", "dismiss")


def decide(user, *, run_id: int, action: str, reason: str, now: datetime, report_id: int | None = None,
           post_id: int | None = None) -> Decision:
    """The moderation queue's decision on a report of the run (``report_id``), or on a post the
    history lists (``post_id``, to restore it): hide, restore, or dismiss the report."""
    if report_id is not None:
        report = db.session.get(PostReport, report_id)
        if report is None or report.run_id != run_id:
            raise NotFound(gettext("No such report."))
        post_id = report.post_id
    post = db.session.get(Post, post_id) if post_id is not None else None
    if post is None or post.run_id != run_id:
        raise NotFound(gettext("No such post."))
    if action == "hide":
        return hide_post(user, None, post.id, reason=reason, now=now, report_id=report_id)
    if action == "restore":
        return restore_post(user, None, post.id, reason=reason, now=now, report_id=report_id)
    if action == "dismiss" and report_id is not None:
        return _dismiss(user, post.id, report_id, reason=reason, now=now)
    raise ValidationError("action", gettext("Unknown moderation action."))


def _dismiss(user, post_id: int, report_id: int, *, reason: str, now: datetime) -> Decision:
    """The report asked for nothing to be done: it is settled, the post stays as it is."""
    forum, thread, _ = moderated_post(user, None, post_id, now=now)
    reason = _reason(reason)
    changed = bool(db.session.execute(
        update(PostReport).where(PostReport.id == report_id, PostReport.resolved_at.is_(None))
        .values(resolved_at=now, resolution="dismissed", resolved_by_id=user.id)).rowcount)
    if changed:
        _audit(forum, user, "post", post_id, "dismiss", reason, report_id, now=now)
    return Decision(changed, thread.id, False, int(changed))
