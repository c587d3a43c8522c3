"""The run's one moderation queue, for its tutors: the open reports of discussion posts beside the
open flags of peer review work, oldest first, with one set of decisions (hide, restore, dismiss,
and peer review's reassign where a review was flagged), each with a reason and an audit row,
and the run's history of decisions.

Each decision goes through the service that owns the thing decided on (discussions' ``decide``,
peer review's ``moderate``): they settle the reports, tell the learner whose words were hidden and
write the audit row. This module only finds the item in the run and passes the decision on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from lms.cohort.queries import moderation as queries
from lms.cohort.services.access import TaughtRun, taught_run
from lms.core.errors import NotFound, ValidationError
from lms.core.i18n import gettext
from lms.core.keyset import PAGE_SIZE, Cursor, Page, make_page
from lms.discussions.services import moderation as discussions
from lms.peer_review import services as peer_review

QUEUE_PREFIX, HISTORY_PREFIX = "", "history_"
_ITEM = re.compile(r"(report|flag|post)-([0-9]{1,10})")


@dataclass(frozen=True)
class Cursors:
    queue: Cursor
    history: Cursor

    def args(self, but: str) -> dict[str, int]:
        """The query string of the list that is not ``but`` (it stays where it is)."""
        return self.history.args(HISTORY_PREFIX) if but == "queue" else self.queue.args(QUEUE_PREFIX)

    def query(self) -> dict[str, int]:
        """The query string that brings both lists back where they were."""
        return {**self.queue.args(QUEUE_PREFIX), **self.history.args(HISTORY_PREFIX)}

    @classmethod
    def from_args(cls, args) -> Cursors:
        return cls(Cursor.from_args(args, QUEUE_PREFIX), Cursor.from_args(args, HISTORY_PREFIX))


@dataclass(frozen=True)
class ModerationPage:
    taught: TaughtRun
    open_reports: int  # of discussion posts
    open_flags: int  # of peer review work
    queue: Page
    history: Page
    cursors: Cursors


def moderation_page(user, course_slug: str, run_slug: str, *, cursors: Cursors, size: int = PAGE_SIZE) -> ModerationPage:
    """The queue and the history, a keyset page of each: the same few statements for any run."""
    taught = taught_run(user, course_slug, run_slug)
    run_id = taught.run.id
    counted = queries.counts(run_id, cursors.queue, cursors.history)
    queue = make_page(queries.queue_page(run_id, cursors.queue, size), lambda row: row.key, cursor=cursors.queue,
                      rows_before_cursor=counted.queue_before, total=counted.reports + counted.flags, prefix=QUEUE_PREFIX)
    history = make_page(queries.history_page(run_id, cursors.history, size), lambda row: row.id, cursor=cursors.history,
                        rows_before_cursor=counted.history_before, total=counted.history, prefix=HISTORY_PREFIX)
    return ModerationPage(taught, counted.reports, counted.flags, queue, history, cursors)


@dataclass(frozen=True)
class Decided:
    action: str  # hide, restore, dismiss, reassign
    target: str  # post, submission, review
    changed: bool  # False: decided already (a second click, another tutor)
    told: bool  # the learner whose words were hidden (or restored) was told


def parse_item(raw: str | None) -> tuple[str, int]:
    """An item of the page, as its buttons name it: ``report-12`` (a discussion report), ``flag-7``
    (a peer review flag) or ``post-31`` (a post the history lists)."""
    found = _ITEM.fullmatch(raw or "")
    if found is None or int(found.group(2)) >= 2**31:
        raise ValidationError("item", gettext("Choose a report in the list."))
    return found.group(1), int(found.group(2))


def decide(user, course_slug: str, run_slug: str, *, item: str, action: str, reason: str, now: datetime) -> Decided:
    """Carry out a tutor's decision on an item of the run's queue or history."""
    taught = taught_run(user, course_slug, run_slug)
    kind, item_id = parse_item(item)
    if kind == "flag":
        return _decide_flag(user, taught, item_id, action, reason, now=now)
    if action not in discussions.QUEUE_ACTIONS:
        raise ValidationError("action", gettext("Unknown moderation action."))
    ids = {"report_id": item_id} if kind == "report" else {"post_id": item_id}
    outcome = discussions.decide(user, run_id=taught.run.id, action=action, reason=reason, now=now, **ids)
    return Decided(action, "post", outcome.changed, outcome.author_told)


def _decide_flag(user, taught: TaughtRun, flag_id: int, action: str, reason: str, *, now: datetime) -> Decided:
    found = queries.flag_in_run(flag_id)
    if found is None or found.run_id != taught.run.id:
        raise NotFound(gettext("No such flag."))
    target = "review" if found.review_id else "submission"
    if action == "restore" and not found.hidden:
        return Decided(action, target, False, False)  # restored already
    if action in ("hide", "reassign", "dismiss") and found.resolved_at is not None:
        return Decided(action, target, False, False)  # this report was decided already
    outcome = peer_review.moderate(user, flag_id, action, reason=reason, now=now)
    return Decided(action, outcome.target, True, outcome.owner_told)
