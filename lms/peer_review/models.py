from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db


class Submission(db.Model):
    """A learner's work for a peer-reviewed assignment: one per learner and assignment."""

    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("activity_id", "enrolment_id"), Index("ix_submissions_activity_run", "activity_id", "run_id"),
        # The review queue's order (services/queue.py): least loaded, oldest first, found by index.
        Index("ix_submissions_queue", "activity_id", "run_id", "queue_load", "submitted_at", "id"),
        Index("ix_submissions_queue_recount", "activity_id", "run_id", "queue_load_until"),
        Index("ix_submissions_tutor_queue", "activity_id", "run_id", "tutor_queue_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"))
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))  # reviewers come from the same run
    text: Mapped[str] = mapped_column(Text)  # the author's Markdown
    html: Mapped[str] = mapped_column(Text)  # rendered and sanitised
    # The language the work is written in (the author says; their interface language by
    # default): reviewers who read it are offered it first.
    language: Mapped[str | None] = mapped_column(String(16))
    attachment_key: Mapped[str | None] = mapped_column(String(64))
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    attachment_size: Mapped[int | None]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # first review started: no more edits
    duties_waived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # nothing was left to review
    tutor_queue_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # still short of reviews after the delay
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    override_scores: Mapped[list[int] | None] = mapped_column(JSON)
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    override_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Kept by the review queue (services/queue.py): the load (finished visible reviews + live
    # claims) as last counted, never more than the load until queue_load_until, when a counted
    # claim expires (or a review's visibility changed): then the queue counts again.
    queue_load: Mapped[int] = mapped_column(default=0, server_default="0")
    queue_load_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Review(db.Model):
    """A claim on a submission that becomes a review when submitted.

    One row per reviewer and submission (unique), so nobody reviews the same work twice;
    an expired claim is the same row, claimable again."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("submission_id", "reviewer_id"),
        Index("ix_reviews_submission_status", "submission_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reviewer_enrolment_id: Mapped[int | None] = mapped_column(ForeignKey("enrolments.id"))  # None for a tutor
    status: Mapped[str] = mapped_column(String(16))  # claimed, done
    volunteer: Mapped[bool] = mapped_column(default=False)
    by_tutor: Mapped[bool] = mapped_column(default=False)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    scores: Mapped[list[int] | None] = mapped_column(JSON)  # points per criterion
    comments: Mapped[list[str] | None] = mapped_column(JSON)
    feedback: Mapped[str | None] = mapped_column(Text)
    helpfulness: Mapped[int | None]  # 1-5, from the author
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Flag(db.Model):
    """A report from the page where someone saw a submission or a review."""

    __tablename__ = "flags"
    __table_args__ = (UniqueConstraint("reporter_id", "submission_id", "review_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"))
    reason: Mapped[str] = mapped_column(String(16))  # inappropriate, plagiarism, unhelpful
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution: Mapped[str | None] = mapped_column(String(16))  # hidden, restored, reassigned, dismissed
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
