"""A tutor's announcements to a run: write (Markdown, sanitised like learners' writing), preview
with the number of recipients, send now or at a chosen time, change or cancel before it goes.

Exactly once: the right to send is one conditional UPDATE (``sent_at`` set where it is still
NULL), so of two clicks, two retries or two schedulers only one goes on; the recipients are chosen
then, by the stored learner filter, in one ``INSERT ... SELECT`` into the notification ledger,
whose unique (learner, key) would hold even if two did. The words are stored once (notifications'
``store_text``); each learner's row names them by id. E-mail follows each learner's choices and
language (notifications' delivery)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite

from lms.cohort.models import Announcement
from lms.cohort.queries import announcements as queries
from lms.cohort.services.access import TaughtRun, taught_run
from lms.cohort.services.learners import LearnerFilter, count_learners, learner_ids
from lms.core.errors import DomainError, NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext, is_language
from lms.core.keyset import PAGE_SIZE, TOP, Cursor, Page, make_page
from lms.core.render import render_markdown
from lms.notifications import services as notifications

SUBJECT_MAX = 200
BODY_MAX = 10_000  # an announcement, not a course module
SCHEDULE_HORIZON = timedelta(days=366)
LATEST_SHOWN = 3  # on a learner's course page and dashboard, per run
_TOKEN = re.compile(r"[0-9a-f]{32}")
# nh3 escapes '"', '<' and '>' inside attribute values, so an id attribute ends at the next '"'.
_ID_ATTRIBUTE = re.compile(r'(<[a-zA-Z][^<>]*?) id="[^"]*"')


class AlreadySent(DomainError):
    """The announcement went before this change arrived; ``announcement_id`` names it, when known."""

    http_status = 409

    def __init__(self, message: str | None = None, announcement_id: int | None = None):
        super().__init__(message or gettext("This announcement has already been sent: it can no longer be changed."))
        self.announcement_id = announcement_id


@dataclass(frozen=True)
class Draft:
    """What a tutor wrote: subject, Markdown body, its language, and which learners it is for."""

    subject: str
    body: str
    language: str
    learner_filter: LearnerFilter


@dataclass(frozen=True)
class AnnouncementPage:
    """One announcement as its tutors see it: the recipients it would reach now (or reached)."""

    taught: TaughtRun
    announcement: Announcement
    recipients: int

    @property
    def learner_filter(self) -> LearnerFilter:
        return LearnerFilter(search=self.announcement.search, status=self.announcement.status)

    @property
    def state(self) -> str:
        if self.announcement.sent_at is not None:
            return "sent"
        return "scheduled" if self.announcement.scheduled_for is not None else "draft"


@dataclass(frozen=True)
class RunAnnouncements:
    taught: TaughtRun
    page: Page[Announcement]


@dataclass(frozen=True)
class Received:
    """An announcement as a learner received it (from their ledger row)."""

    id: int
    run_id: int
    subject: str
    html: str
    author: str
    sent_at: datetime
    language: str  # the announcement's own


def render_body(body: str) -> str:
    """The body as HTML a page may show: the submissions' allow-list (no images, no embeds), and no
    ids (a heading's anchor must not clash with the page's own ids)."""
    return _ID_ATTRIBUTE.sub(r"\1", render_markdown(body, media=False))


def _checked(draft: Draft) -> Draft:
    subject, body = " ".join(draft.subject.split()), draft.body.strip()
    if not subject or len(subject) > SUBJECT_MAX:
        raise ValidationError("subject", gettext("Write a subject of at most %(max)d characters.", max=SUBJECT_MAX))
    if not body or len(body) > BODY_MAX:
        raise ValidationError("body", gettext("Write a message of at most %(max)d characters.", max=BODY_MAX))
    if not is_language(draft.language):
        raise ValidationError("language", gettext("Choose a language from the list."))
    return Draft(subject, body, draft.language, draft.learner_filter)


def _content(draft: Draft, now: datetime) -> dict:
    return {"subject": draft.subject, "body": draft.body, "html": render_body(draft.body), "language": draft.language,
            "status": draft.learner_filter.status, "search": draft.learner_filter.search, "updated_at": now}


def save_new(tutor, course_slug: str, run_slug: str, *, token: str, draft: Draft, now: datetime) -> int:
    """Keep a new draft and return its id. ``token`` comes with the form: the same form sent twice
    (a double click, a reload) keeps one draft, holding what was sent last; once that draft has
    gone, AlreadySent (naming it) and nothing changes."""
    taught = taught_run(tutor, course_slug, run_slug)
    if not _TOKEN.fullmatch(token or ""):
        raise ValidationError("token", gettext("That form had expired. Please try again."))
    content = _content(_checked(draft), now)
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(Announcement).values(run_id=taught.run.id, author_id=tutor.id, token=token, created_at=now,
                                                 **content)
    saved = db.session.execute(insert.on_conflict_do_update(index_elements=["run_id", "token"], set_=content,
                                                            where=Announcement.sent_at.is_(None))
                               .returning(Announcement.id)).scalar_one_or_none()
    if saved is None:  # the draft this form made has been sent since: the conditional update did nothing
        raise AlreadySent(gettext("This announcement had already been sent, so your changes were not saved. "
                                  "Here it is as it went out."), queries.by_token(taught.run.id, token).id)
    return saved


def _unsent(taught: TaughtRun, announcement_id: int, **values) -> None:
    """Change an announcement that has not gone yet (in one conditional UPDATE): AlreadySent if it has."""
    own = queries.one_of_run(taught.run.id, announcement_id)
    if own is None:
        raise NotFound(gettext("No such announcement."))
    changed = db.session.execute(
        update(Announcement).where(Announcement.id == announcement_id, Announcement.sent_at.is_(None)).values(**values),
        execution_options={"synchronize_session": False}).rowcount
    if not changed:
        raise AlreadySent()


def update_draft(tutor, course_slug: str, run_slug: str, announcement_id: int, *, draft: Draft, now: datetime) -> None:
    """Change what a draft or scheduled announcement says, or whom it is for (its time stays)."""
    taught = taught_run(tutor, course_slug, run_slug)
    _unsent(taught, announcement_id, **_content(_checked(draft), now))


def schedule(tutor, course_slug: str, run_slug: str, announcement_id: int, *, at: datetime, now: datetime) -> None:
    """Send it at ``at`` (the learners are chosen then)."""
    taught = taught_run(tutor, course_slug, run_slug)
    if at <= now:
        raise ValidationError("send_at", gettext("Choose a time in the future."))
    if at > now + SCHEDULE_HORIZON:
        raise ValidationError("send_at", gettext("Choose a time within the next year."))
    _unsent(taught, announcement_id, scheduled_for=at, updated_at=now)


def cancel_schedule(tutor, course_slug: str, run_slug: str, announcement_id: int, *, now: datetime) -> None:
    """Back to a draft: it goes only when sent again."""
    taught = taught_run(tutor, course_slug, run_slug)
    _unsent(taught, announcement_id, scheduled_for=None, updated_at=now)


def delete_draft(tutor, course_slug: str, run_slug: str, announcement_id: int) -> None:
    taught = taught_run(tutor, course_slug, run_slug)
    if queries.one_of_run(taught.run.id, announcement_id) is None:
        raise NotFound(gettext("No such announcement."))
    gone = db.session.execute(delete(Announcement).where(Announcement.id == announcement_id, Announcement.sent_at.is_(None)),
                              execution_options={"synchronize_session": False}).rowcount
    if not gone:
        raise AlreadySent()


def get_announcement(tutor, course_slug: str, run_slug: str, announcement_id: int, *, now: datetime) -> AnnouncementPage:
    """One announcement with the learners it reaches: counted now while it waits (one COUNT), as
    recorded once sent."""
    taught = taught_run(tutor, course_slug, run_slug)
    found = queries.one_of_run(taught.run.id, announcement_id)
    if found is None:
        raise NotFound(gettext("No such announcement."))
    if found.sent_at is not None:
        return AnnouncementPage(taught, found, found.recipients or 0)
    learner_filter = LearnerFilter(search=found.search, status=found.status)
    return AnnouncementPage(taught, found, count_learners(taught, learner_filter, now=now))


def list_announcements(tutor, course_slug: str, run_slug: str, *, cursor: Cursor = TOP,
                       size: int = PAGE_SIZE) -> RunAnnouncements:
    """The run's announcements, newest first, a keyset page at a time: two statements."""
    taught = taught_run(tutor, course_slug, run_slug)
    total, before, known = queries.count_of_run(taught.run.id, cursor)
    cursor = cursor if known else TOP
    rows = queries.page_of_run(taught.run.id, cursor, size)
    return RunAnnouncements(taught, make_page(rows, lambda row: row.id, cursor=cursor,
                                              rows_before_cursor=before if known else 0, total=total))


def send_now(tutor, course_slug: str, run_slug: str, announcement_id: int, *, now: datetime) -> int | None:
    """Send it to the learners its filter selects now. Returns how many it reached, or None when it
    had already gone (a second click, another tutor, the scheduler): nothing more is sent."""
    taught = taught_run(tutor, course_slug, run_slug)
    if queries.one_of_run(taught.run.id, announcement_id) is None:
        raise NotFound(gettext("No such announcement."))
    return _send(taught, announcement_id, now=now)


def due(*, now: datetime, limit: int = 20) -> list[int]:
    """Scheduled announcements whose time has come (for the scheduler)."""
    return queries.due_ids(now=now, limit=limit)


def send_scheduled(announcement_id: int, *, now: datetime) -> int:
    """The scheduler's side: send a due announcement unless someone already has. Returns how many
    learners it reached (0 if it had gone)."""
    found = db.session.get(Announcement, announcement_id)
    if found is None:
        return 0
    course, run = queries.run_and_course(found.run_id)
    return _send(TaughtRun(course, run), announcement_id, now=now) or 0


def _send(taught: TaughtRun, announcement_id: int, *, now: datetime) -> int | None:
    """Win the right to send (the conditional UPDATE), then record one ledger row per chosen learner
    in one INSERT ... SELECT; the same transaction keeps the count."""
    claimed = db.session.execute(
        update(Announcement)
        .where(Announcement.id == announcement_id, Announcement.run_id == taught.run.id, Announcement.sent_at.is_(None))
        .values(sent_at=now)
        .returning(Announcement.subject, Announcement.body, Announcement.html, Announcement.language, Announcement.status,
                   Announcement.search, Announcement.author_id),
        execution_options={"synchronize_session": False}).one_or_none()
    if claimed is None:
        return None
    subject, body, html, language, status, search, author_id = claimed
    course, run = taught.course, taught.run
    # The words once, named by id in every learner's row (which keeps only what lists show).
    text_id = notifications.store_text(subject=subject, text=body, html=html, language=language, now=now)
    payload = {"course": course.slug, "course_title": course.title, "course_language": course.language, "run": run.slug,
               "run_id": run.id, "announcement": announcement_id, "author": queries.name_of(author_id),
               "subject": subject, "language": language, "text_id": text_id}
    recipients = notifications.notify_users(
        learner_ids(taught, LearnerFilter(search=search, status=status), now=now), kind=queries.KIND,
        key=queries.ledger_key(run.id, announcement_id), payload=payload, now=now)
    db.session.execute(update(Announcement).where(Announcement.id == announcement_id).values(recipients=recipients),
                       execution_options={"synchronize_session": False})
    return recipients


def latest_received(user_id: int, run_ids: list[int]) -> dict[int, list[Received]]:
    """Per run, the latest LATEST_SHOWN announcements this learner received: one statement."""
    found: dict[int, list[Received]] = {}
    for notification_id, created_at, payload in queries.latest_received(user_id, run_ids, per_run=LATEST_SHOWN):
        found.setdefault(payload["run_id"], []).append(Received(
            notification_id, payload["run_id"], payload["subject"], payload["html"], payload["author"], created_at,
            payload["language"]))
    return found
