"""Builders for peer review tests: learners of the peer fixture course who submit and review."""

from __future__ import annotations

from datetime import datetime

from lms.core.extensions import db
from lms.peer_review.models import Review
from lms.peer_review import services as peer_review
from tests.factories import make_learner

PLACE = ("peer", "plan", "plan")  # course, module, assignment
GOOD_REVIEW = {"scores": [2, 1], "comments": ["Goals are clear enough.", ""], "feedback": "Nice work."}


def learner(now: datetime, name: str = "Ada Learner"):
    """A learner of the peer fixture course."""
    return make_learner("peer", now=now, name=name)


def submit(user, now: datetime, text: str = "My plan has five clear steps.") -> None:
    peer_review.save_submission(user, *PLACE, text=text, upload=None, upload_dir=None, max_bytes=0, now=now)
    db.session.commit()


def claim(user, now: datetime) -> Review | None:
    review, _ = peer_review.claim_next(user, *PLACE, now=now)
    db.session.commit()
    return review


def review(user, now: datetime, **overrides) -> Review | None:
    """Claim the next piece of work and review it at once."""
    claimed = claim(user, now)
    if claimed is None:
        return None
    peer_review.submit_review(user, claimed.id, now=now, **{**GOOD_REVIEW, **overrides})
    db.session.commit()
    return claimed


def author_of(review_row: Review) -> int:
    from lms.learning.models import Enrolment
    from lms.peer_review.models import Submission

    submission = db.session.get(Submission, review_row.submission_id)
    return db.session.get(Enrolment, submission.enrolment_id).user_id


def read_page(user, now: datetime) -> None:
    """Mark the module's only page as read (the module's other rule)."""
    from lms.learning.services.pages import complete_unit

    complete_unit(user, "peer", "plan", "write-your-plan", now=now)
    db.session.commit()
