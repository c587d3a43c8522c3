"""Learners' work: submitting and editing it, and who may download its attachment."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from lms.activities.services import count_words
from lms.core.access import can_teach
from lms.core.completion import record_work
from lms.core.errors import DomainError, NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext, is_language, ngettext
from lms.core.render import render_markdown
from lms.peer_review import queries
from lms.peer_review.models import Review, Submission
from lms.peer_review.services.pages import AssignmentPage, get_assignment_page
from lms.peer_review.uploads import Upload, check, write

if TYPE_CHECKING:
    from lms.accounts.models import User


def save_submission(
    user: User, course_slug: str, module_slug: str, activity_slug: str, *, text: str, upload: Upload | None,
    upload_dir: Path, max_bytes: int, now: datetime, language: str | None = None,
) -> AssignmentPage:
    """Create or edit the learner's submission; editing stops once a review has started. The
    attachment is checked first and written only once this request's row is settled, so a
    twin request that lost the race to create it leaves no file behind. ``language``: what the
    work is written in (one of the shipped languages); unsaid, it stays as it was, or is the
    author's interface language for new work."""
    view = get_assignment_page(user, course_slug, module_slug, activity_slug, now=now)
    if view.page.window_closed:
        raise DomainError(gettext("This run has closed: nothing new can be submitted."))
    if not view.editable:
        raise DomainError(gettext("A peer has started reviewing your work, so it can no longer be changed."))
    if language is not None and not is_language(language):
        raise ValidationError("language", gettext("Choose the language your work is written in."))
    text = text.strip()
    needed, written = view.spec.get("min_words", 0), count_words(text)
    if not text or written < needed:
        raise ValidationError("text", ngettext("Write at least %(num)d word; you have %(written)d so far.",
                                               "Write at least %(num)d words; you have %(written)d so far.", needed,
                                               written=written))
    fields = {"text": text, "html": render_markdown(text, media=False), "updated_at": now}
    if language is not None or view.submission is None or view.submission.language is None:
        fields["language"] = language or (user.language if is_language(user.language) else None)
    attachment = None
    if upload is not None:
        if not view.spec.get("attachment"):
            raise ValidationError("attachment", gettext("This assignment takes no attachment."))
        attachment = check(upload, max_bytes=max_bytes)
    submission, ours = (view.submission, True) if view.submission else _first_submission(view, fields, now=now)
    if ours:
        if attachment is not None:
            fields.update(zip(("attachment_key", "attachment_name", "attachment_type", "attachment_size"),
                              write(attachment, upload_dir)))
        for name, value in fields.items():
            setattr(submission, name, value)
    view.submission = submission
    record_work(view.page.place.enrolment, view.page.state.module, now=now)
    return view


def _first_submission(view: AssignmentPage, fields: dict, *, now: datetime) -> tuple[Submission, bool]:
    """Insert the learner's first submission; returns it and whether this request inserted it.
    When a twin request (a second tab, a double click) inserted it first, this one answers
    with that row as it stands, so both answer alike: the unique (activity, enrolment) pair
    keeps one row, as for reflections and quiz attempts."""
    place = view.page.place
    submission = Submission(activity_id=view.page.activity.id, enrolment_id=place.enrolment.id, run_id=place.run.id,
                            submitted_at=now, **fields)
    try:
        with db.session.begin_nested():
            db.session.add(submission)
        return submission, True
    except IntegrityError:
        twin = db.session.scalar(select(Submission).where(
            Submission.activity_id == view.page.activity.id, Submission.enrolment_id == place.enrolment.id))
        if twin is None:
            raise  # not a twin: another constraint failed, which no message here would explain
    if twin.locked_at is not None:
        raise DomainError(gettext("A peer has started reviewing your work, so it can no longer be changed."))
    return twin, False


def attachment_for(user: User, submission_id: int) -> tuple[Submission, str]:
    """The author, anyone given the work to review, and the course's tutors may download it.
    Returns the submission and the file name to offer: reviewers get a neutral one,
    since a file name often carries its author's name."""
    row = queries.submission_with_author_and_course(submission_id)
    if row is None or row[0].attachment_key is None:
        raise NotFound(gettext("No such attachment."))
    submission, author_id, course_id = row
    holds_it = db.session.scalar(select(Review.id).where(Review.submission_id == submission.id, Review.reviewer_id == user.id))
    if user.id == author_id or can_teach(user, course_id):
        return submission, submission.attachment_name
    if holds_it and submission.hidden_at is None:
        return submission, anonymous_attachment_name(submission)
    raise NotFound(gettext("No such attachment."))


def anonymous_attachment_name(submission: Submission) -> str:
    return f"submission-{submission.id}{Path(submission.attachment_name or '').suffix}"


def follow_enrolment(enrolment_id: int, run_id: int) -> int:
    """A tutor moved this enrolment to another run (lms.roster): its work goes with it, since
    reviewers come from the author's run. Work still waiting for reviews joins the new run's
    queue, where its author now is; reviews already received stay attached to it; reviews the
    author wrote stay on the old run's work (they count through the reviewer's enrolment).
    Returns how many submissions moved."""
    return db.session.execute(update(Submission).where(Submission.enrolment_id == enrolment_id, Submission.run_id != run_id)
                              .values(run_id=run_id), execution_options={"synchronize_session": False}).rowcount
