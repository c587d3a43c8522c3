"""What peer review holds about a person, for privacy's export and erasure.

Peer work stays where other learners' results depend on it: the reviews a person wrote keep
their scores and words (the reviewed learner keeps their grade), their own submission row stays
for the reviews it received, and both then point at an anonymised account. Their own words and
files go."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import column, literal_column, select, table, update

from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.courses.services.content import join_activity_context
from lms.peer_review.models import Flag, Review, Submission

BATCH = 500
PLACE = (literal_column("courses.slug"), literal_column("modules.slug"), literal_column("activities.slug"),
         literal_column("activities.title"))
PLACE_KEYS = ("course", "module", "activity", "activity_title")
# Learning's enrolments, named as plain SQL (its models are learning's own): the person's enrolment ids.
_ENROLMENTS = table("enrolments", column("id"), column("user_id"))

README = {
    "submissions.json": lazy_gettext("Your work for peer-reviewed assignments, and the reviews it received "
                                     "(scores and comments, without the reviewers' names)."),
    "reviews_written.json": lazy_gettext("The reviews you wrote: your scores and comments, without the name of the person reviewed."),
    "reports.json": lazy_gettext("The peer work you reported to the tutors, and why."),
    "uploads/": lazy_gettext("The files you attached to your work, under the names you gave them."),
}


def _mine(user_id: int):
    return select(_ENROLMENTS.c.id).where(_ENROLMENTS.c.user_id == user_id)


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "submissions.json", _submissions(user_id)
    yield "reviews_written.json", _reviews_written(user_id)
    yield "reports.json", _reports(user_id)


def _submissions(user_id: int) -> Iterator[dict]:
    query = join_activity_context(select(Submission, *PLACE), Submission.activity_id).where(
        Submission.enrolment_id.in_(_mine(user_id))).order_by(Submission.id)
    for submission, *place in db.session.execute(query.execution_options(yield_per=BATCH)):
        received = db.session.execute(
            select(Review.scores, Review.comments, Review.feedback, Review.submitted_at, Review.by_tutor)
            .where(Review.submission_id == submission.id, Review.status == "done").order_by(Review.submitted_at)).all()
        yield {**dict(zip(PLACE_KEYS, place)), "text": submission.text, "language": submission.language,
               "attachment": submission.attachment_name, "submitted_at": submission.submitted_at,
               "updated_at": submission.updated_at, "hidden_at": submission.hidden_at,
               "override_scores": submission.override_scores,
               "reviews_received": [{"scores": r.scores, "comments": r.comments, "feedback": r.feedback,
                                     "by_tutor": r.by_tutor, "submitted_at": r.submitted_at} for r in received]}


def _reviews_written(user_id: int) -> Iterator[dict]:
    query = (join_activity_context(select(Review, *PLACE).join(Submission, Submission.id == Review.submission_id),
                                   Submission.activity_id)
             .where(Review.reviewer_id == user_id).order_by(Review.id))
    for review, *place in db.session.execute(query.execution_options(yield_per=BATCH)):
        yield {**dict(zip(PLACE_KEYS, place)), "status": review.status, "claimed_at": review.claimed_at,
               "submitted_at": review.submitted_at, "scores": review.scores, "comments": review.comments,
               "feedback": review.feedback, "helpfulness_rated_by_author": review.helpfulness}


def _reports(user_id: int) -> Iterator[dict]:
    query = select(Flag.reason, Flag.note, Flag.created_at, Flag.resolution).where(Flag.reporter_id == user_id).order_by(Flag.id)
    for row in db.session.execute(query.execution_options(yield_per=BATCH)):
        yield row._asdict()


def _attachments(user_id: int):
    return (select(Submission.id, Submission.attachment_key, Submission.attachment_name)
            .where(Submission.enrolment_id.in_(_mine(user_id)), Submission.attachment_key.is_not(None)).order_by(Submission.id))


def files(user_id: int) -> Iterator[tuple[str, object]]:
    folder = Path(current_app.config["UPLOAD_DIR"])
    for submission_id, key, name in db.session.execute(_attachments(user_id)):
        path = folder / key
        if path.is_file():
            yield f"uploads/submission-{submission_id}-{Path(name or 'attachment').name}", path


def erase(user_id: int, *, now: datetime) -> list[Path]:
    """Returns the attachments to delete from disk once the erasure is committed."""
    folder = Path(current_app.config["UPLOAD_DIR"])
    doomed = [folder / key for _, key, _ in db.session.execute(_attachments(user_id))]
    db.session.execute(update(Submission).where(Submission.enrolment_id.in_(_mine(user_id))).values(
        text="", html="", language=None, attachment_key=None, attachment_name=None, attachment_type=None,
        attachment_size=None, updated_at=now))
    # Their emptied work leaves the review queue (hidden, as withdrawn work is): no peer is handed a blank
    # page to review. The reviews it already received, and peers' progress from giving them, stay.
    db.session.execute(update(Submission).where(Submission.enrolment_id.in_(_mine(user_id)), Submission.hidden_at.is_(None))
                       .values(hidden_at=now))
    # Work they had claimed to review and not finished goes back to the queue now, not when the claim runs out.
    db.session.execute(update(Review).where(Review.reviewer_id == user_id, Review.status == "claimed", Review.expires_at > now)
                       .values(expires_at=now))
    db.session.execute(update(Flag).where(Flag.reporter_id == user_id).values(note=""))
    return doomed
