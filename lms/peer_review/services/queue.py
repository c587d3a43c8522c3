"""The live review queue: who gets which submission to review.

The queue hands each reviewer, in this order: their own live claim; else the
submission of their run with the fewest (finished reviews + live claims), oldest
first, never their own nor one they reviewed; submissions already at their quota
only when none needs reviews (extra reviews count for the author). A learner's
duties never wait on others: when nothing at all is left to review, their duty is
waived. Work still short of reviews after the fallback delay goes to the tutor
queue and is offered first to volunteers.

Finding the least loaded work must not cost a count per submission (thousands at
national scale, under the lock that serialises claims). So each submission keeps
``queue_load``, its load as the queue last counted it, and ``queue_load_until``,
when the first live claim in that count expires. The stored load is never more than
the real one until then: it only lags behind (rows inserted in bulk, a late review
of an expired claim), and whatever lowers a load is made to count again first (a
claim expiring, by its time; a review hidden or restored, by the hook at the end).
An index on (assignment, run, queue_load, submitted_at, id) yields the candidates in
stored order and each is counted exactly: once the best exact load among them is no
worse than the stored load of the last, nothing further down can beat it; otherwise
their stored loads are corrected and the search goes on.

Each reviewer is first offered work in a language they read (``users.reads_languages``, else
their interface language), together with work whose language is not stated and work that has
waited longer than the assignment's claim timeout since it was submitted: from then on it is in
the usual order for everyone, so no work is stranded for want of readers. That preference is a
filter on the same index walk (the reader's languages are a short bound list, at most the shipped
languages); only when it finds nothing does a second walk offer work in other languages."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from sqlalchemy import Row, and_, bindparam, event, exists, func, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from lms.activities.services import get_activity_page
from lms.core.completion import ProgressResult, record_work
from lms.core.db import UTCDateTime
from lms.core.errors import DomainError, NotFound
from lms.core.extensions import db
from lms.core.i18n import default_language, gettext, is_language
from lms.courses.services.content import lock_activity
from lms.peer_review.models import Review, Submission

if TYPE_CHECKING:
    from lms.accounts.models import User

FIRST_BATCH, MAX_BATCH = 8, 256  # candidates counted at once: the first batch nearly always decides
COUNT_AGAIN = datetime(1970, 1, 1, tzinfo=timezone.utc)  # a queue_load_until that is always past

# The queue's statements, built once. Parameter names avoid the table's column names, which
# UPDATE reserves for its own values.
_submissions, _reviews = Submission.__table__, Review.__table__
_NOW = bindparam("now", type_=UTCDateTime())
_LIVE = (_reviews.c.status == "claimed") & (_reviews.c.expires_at > _NOW)
_LOAD = select(func.count()).where(
    _reviews.c.submission_id == _submissions.c.id, ((_reviews.c.status == "done") & _reviews.c.hidden_at.is_(None)) | _LIVE,
).scalar_subquery()
_FIRST_EXPIRY = select(func.min(_reviews.c.expires_at)).where(_reviews.c.submission_id == _submissions.c.id, _LIVE).scalar_subquery()
_OPEN_TO_REVIEWER = and_(
    _submissions.c.activity_id == bindparam("for_activity"), _submissions.c.run_id == bindparam("for_run"),
    _submissions.c.hidden_at.is_(None), _submissions.c.enrolment_id != bindparam("own_enrolment"),
    ~exists().where(_reviews.c.submission_id == _submissions.c.id, _reviews.c.reviewer_id == bindparam("reviewer"),
                    _reviews.c.status == "done"),
)


# Where the reviewer stands on this assignment, in one statement: their own submission, its
# waiver, the reviews they finished (visible) and their live claim, if any.
_reviewed = _submissions.alias("reviewed")
_LIVE_CLAIM = (select(_reviews.c.id).join(_reviewed, _reviewed.c.id == _reviews.c.submission_id)
               .where(_reviews.c.reviewer_id == bindparam("reviewer"), _LIVE, _reviewed.c.activity_id == bindparam("for_activity"))
               .limit(1))
_GIVEN = (select(func.count()).select_from(_reviews).join(_reviewed, _reviewed.c.id == _reviews.c.submission_id)
          .where(_reviews.c.reviewer_id == bindparam("reviewer"), _reviews.c.status == "done", _reviews.c.hidden_at.is_(None),
                 _reviewed.c.activity_id == bindparam("for_activity")))
_STANDING = (select(_submissions.c.id, _submissions.c.duties_waived_at, _GIVEN.scalar_subquery().label("given"),
                    _LIVE_CLAIM.scalar_subquery().label("live_claim"))
             .where(_submissions.c.activity_id == bindparam("for_activity"), _submissions.c.enrolment_id == bindparam("own_enrolment")))
_WAIVE = (update(_submissions).values(duties_waived_at=_NOW)
          .where(_submissions.c.activity_id == bindparam("for_activity"), _submissions.c.enrolment_id == bindparam("own_enrolment")))


def _in_stored_order(*only):
    return (select(_submissions.c.id, _submissions.c.queue_load, _submissions.c.submitted_at, _LOAD.label("load"))
            .where(_OPEN_TO_REVIEWER, *only).order_by(_submissions.c.queue_load, _submissions.c.submitted_at, _submissions.c.id)
            .limit(bindparam("batch")))


# Work this reviewer reads, or in no stated language, or that has waited past the claim timeout.
_FOR_THIS_READER = (_submissions.c.language.is_(None) | _submissions.c.language.in_(bindparam("reads", expanding=True))
                    | (_submissions.c.submitted_at <= bindparam("waited_since", type_=UTCDateTime())))
_UNQUEUED = _submissions.c.tutor_queue_at.is_(None)
_ANY_IN_STORED_ORDER = _in_stored_order()
_READ_IN_STORED_ORDER = _in_stored_order(_FOR_THIS_READER)
_UNQUEUED_IN_STORED_ORDER = _in_stored_order(_UNQUEUED)
_UNQUEUED_READ_IN_STORED_ORDER = _in_stored_order(_UNQUEUED, _FOR_THIS_READER)
# The tutor queue is the work left short after the fallback delay: few, counted exactly.
_BEST_TUTOR_QUEUED = (select(_submissions.c.id, _LOAD.label("load"))
                      .where(_OPEN_TO_REVIEWER, _submissions.c.tutor_queue_at.is_not(None))
                      .order_by(_LOAD, _submissions.c.submitted_at, _submissions.c.id).limit(1))
_COUNT_AGAIN = update(_submissions).values(queue_load=_LOAD, queue_load_until=_FIRST_EXPIRY)
_COUNT_AGAIN_ALL = _COUNT_AGAIN.where(
    _submissions.c.activity_id == bindparam("for_activity"), _submissions.c.run_id == bindparam("for_run"))
_COUNT_AGAIN_DUE = _COUNT_AGAIN_ALL.where(_submissions.c.queue_load_until <= _NOW)
_COUNT_AGAIN_THESE = _COUNT_AGAIN.where(_submissions.c.id.in_(bindparam("these", expanding=True)))
_TAKE = _COUNT_AGAIN.values(locked_at=func.coalesce(_submissions.c.locked_at, _NOW)).where(
    _submissions.c.id == bindparam("taken"))


def _best_in_stored_order(statement, params: dict) -> Row | None:
    """The candidate with the least (exact load, submitted at, id), correcting stored loads on the way."""
    batch = FIRST_BATCH
    while True:
        rows = db.session.execute(statement, {**params, "batch": batch}).all()
        if not rows:
            return None
        best = min(rows, key=lambda row: (row.load, row.submitted_at, row.id))
        last = rows[-1]
        if len(rows) < batch or (best.load, best.submitted_at, best.id) <= (last.queue_load, last.submitted_at, last.id):
            return best
        wrong = [row.id for row in rows if row.load != row.queue_load]
        if 2 * len(wrong) > len(rows):  # stored loads far behind (work inserted in bulk): count them all, once
            db.session.execute(_COUNT_AGAIN_ALL, params)
        else:
            db.session.execute(_COUNT_AGAIN_THESE, {"these": wrong, "now": params["now"]})
        batch = min(batch * 4, MAX_BATCH)


def _best_read_first(read, anything, params: dict) -> Row | None:
    """The best work this reviewer reads (or anyone may take by now); else the best of the rest."""
    return _best_in_stored_order(read, params) or _best_in_stored_order(anything, params)


def _choose(params: dict, must_receive: int, *, volunteer: bool) -> int | None:
    """The submission to hand out (see the module's docstring), or None if there is none."""
    db.session.execute(_COUNT_AGAIN_DUE, params)  # claims counted in stored loads that have expired since
    if not volunteer:  # least loaded first: the best is the answer, needing reviews or not
        best = _best_read_first(_READ_IN_STORED_ORDER, _ANY_IN_STORED_ORDER, params)
        return best.id if best else None
    # The tutor queue holds work that waited days (the fallback delay): offered to every volunteer alike.
    queued = db.session.execute(_BEST_TUTOR_QUEUED, params).first()
    if queued and queued.load < must_receive:
        return queued.id
    unqueued = _best_read_first(_UNQUEUED_READ_IN_STORED_ORDER, _UNQUEUED_IN_STORED_ORDER, params)
    if unqueued and unqueued.load < must_receive:
        return unqueued.id
    chosen = queued or unqueued
    return chosen.id if chosen else None


def claim_next(user: User, course_slug: str, module_slug: str, activity_slug: str, *, now: datetime) -> tuple[Review | None, ProgressResult]:
    """Give the learner something to review, or waive their duty if nothing is left.

    Claims for one assignment are serialised (a row lock on PostgreSQL, an immediate
    write transaction on SQLite), so two learners asking at once never over-claim. The
    page's checks (enrolment, release, the run's window) and where the learner stands
    are read before the lock; inside it, five short indexed statements."""
    page = get_activity_page(user, course_slug, module_slug, activity_slug, now=now)
    if page.activity.kind != "assignment":
        raise NotFound(gettext("This activity is not a peer-reviewed assignment."))
    if page.window_closed:
        raise DomainError(gettext("This run has closed: nothing new can be reviewed."))
    spec, enrolment = page.activity.spec, page.place.enrolment
    params = {"for_activity": page.activity.id, "for_run": page.place.run.id, "own_enrolment": enrolment.id,
              "reviewer": user.id, "now": now, "reads": reading_languages(user),
              "waited_since": now - timedelta(hours=spec.get("claim_timeout_hours", 2))}
    standing = db.session.execute(_STANDING, params).first()
    if standing is None:
        raise DomainError(gettext("Submit your own work first; then you can review your peers."))
    if standing.live_claim is not None:  # asking again: the same claim, no lock, no write
        return db.session.get(Review, standing.live_claim), ProgressResult()
    # as AssignmentPage.duties_done: enough reviews given, or waived when nothing was left
    duties_done = standing.given >= spec["must_give"] or standing.duties_waived_at is not None
    lock_activity(page.activity.id)
    current = db.session.scalar(_LIVE_CLAIM, params)  # a twin request may have claimed while this one waited
    if current is not None:
        return db.session.get(Review, current), ProgressResult()
    chosen = _choose(params, spec["must_receive"], volunteer=duties_done)
    if chosen is None:
        if not duties_done:
            db.session.execute(_WAIVE, params)  # nothing left to review: the learner is not held back
            return None, record_work(enrolment, page.state.module, now=now)
        return None, ProgressResult()
    return _take(chosen, user.id, enrolment.id, spec, now, volunteer=duties_done), ProgressResult()


def reading_languages(user: User) -> list[str]:
    """The shipped languages a reviewer reads: those listed on their account, else their interface
    language (at most the shipped languages: a short list bound to the claim's statement)."""
    listed = [code for code in (user.reads_languages or ()) if is_language(code)]
    return sorted(set(listed)) or [user.language if is_language(user.language) else default_language()]


def claim(submission: Submission, user: User, enrolment_id: int | None, spec: dict, now: datetime, *, volunteer: bool, by_tutor: bool = False) -> Review:
    review = _take(submission.id, user.id, enrolment_id, spec, now, volunteer=volunteer, by_tutor=by_tutor)
    if inspect(submission).persistent:
        db.session.expire(submission, ["locked_at", "queue_load", "queue_load_until"])  # written by _take
    return review


_CLAIM_COLUMNS = ("submission_id", "reviewer_id", "reviewer_enrolment_id", "status", "claimed_at", "expires_at",
                  "reminded_at", "volunteer", "by_tutor")


@functools.cache
def _claim_statement(dialect: str):
    """INSERT a claim, or make the reviewer's earlier row (an expired claim) a claim again."""
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(_reviews)
    upsert = insert.on_conflict_do_update(
        index_elements=["submission_id", "reviewer_id"],
        set_={name: insert.excluded[name] for name in _CLAIM_COLUMNS[3:]},
    )
    return select(Review).from_statement(upsert.returning(*_reviews.c))  # the row as an entity, in one statement


def _take(submission_id: int, user_id: int, enrolment_id: int | None, spec: dict, now: datetime, *, volunteer: bool,
          by_tutor: bool = False) -> Review:
    """Claim the submission, lock it against edits and count its load afresh: two statements."""
    expires = now + timedelta(hours=spec.get("claim_timeout_hours", 2))
    row = dict(zip(_CLAIM_COLUMNS, (submission_id, user_id, enrolment_id, "claimed", now, expires, None, volunteer, by_tutor)))
    review = db.session.scalars(_claim_statement(db.session.get_bind().dialect.name), row,
                                execution_options={"populate_existing": True}).one()
    db.session.execute(_TAKE, {"taken": submission_id, "now": now})
    return review


@event.listens_for(Session, "before_flush")
def _count_again_when_a_review_is_hidden_or_restored(session: Session, _context, _instances) -> None:
    """Hiding a finished review lowers its submission's load: the queue must count it again
    before trusting the stored load, whoever hid it (tutoring's moderation today)."""
    changed = {row.submission_id for row in session.dirty
               if isinstance(row, Review) and inspect(row).attrs.hidden_at.history.has_changes()}
    if changed:
        session.execute(update(_submissions).where(_submissions.c.id.in_(sorted(changed))).values(queue_load_until=COUNT_AGAIN))
