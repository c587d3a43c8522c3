"""Peer review reminders, tutor reviews, reassignment and reviewer disagreement."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.core.extensions import db
from lms.peer_review.models import Flag, Review, Submission
from lms.notifications.models import Notification
from lms.peer_review import services as peer_review
from tests.conftest import NOW
from tests.factories import make_course_tutor, make_submission_with_reviews
from tests.peer_helpers import claim, learner, review, submit


def kinds(user_id: int) -> list[str]:
    return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user_id).order_by(Notification.id)))


def test_author_is_told_when_a_review_arrives(peer_course):
    a, _ = make_submission_with_reviews(NOW, reviews=1)
    assert kinds(a.id) == ["review_received"]


def test_a_claim_about_to_expire_is_reminded_once(peer_course):
    a, b = learner(NOW), learner(NOW)
    submit(a, NOW)
    submit(b, NOW)
    claim(b, NOW)
    assert peer_review.remind_expiring_claims(now=NOW + timedelta(minutes=30)).recorded == 0
    assert peer_review.remind_expiring_claims(now=NOW + timedelta(minutes=95)).recorded == 1
    assert peer_review.remind_expiring_claims(now=NOW + timedelta(minutes=100)).recorded == 0
    db.session.commit()
    assert kinds(b.id) == ["claim_expiring"]


def test_open_duties_are_reminded_before_the_run_closes(peer_course):
    a, b, c = learner(NOW), learner(NOW), learner(NOW)
    submit(a, NOW)
    submit(b, NOW)
    review(b, NOW)
    review(b, NOW)  # b is done; a has reviewed nobody; c has not submitted
    ends = db.session.scalar(select(Submission.run_id))
    from lms.courses.models import Run

    closing = db.session.get(Run, ends).ends_at - timedelta(days=6)
    assert peer_review.remind_open_duties(now=closing).recorded == 2
    assert peer_review.remind_open_duties(now=closing + timedelta(hours=1)).recorded == 0
    db.session.commit()
    assert "review_duties" in kinds(a.id) and "review_duties" in kinds(c.id) and "review_duties" not in kinds(b.id)


def test_a_tutor_reviews_work_from_the_tutor_queue_and_it_counts(peer_course):
    a = learner(NOW)
    submit(a, NOW)
    peer_review.escalate_unreviewed(now=NOW + timedelta(days=3))
    tutor = make_course_tutor("peer", now=NOW)
    submission_id = db.session.scalar(select(Submission.id))
    held = peer_review.claim_as_tutor(tutor, submission_id, now=NOW + timedelta(days=3))
    peer_review.submit_review(tutor, held.id, scores=[3, 2], comments=["Clear goals, well done.", ""], feedback="", now=NOW)
    db.session.commit()
    (counted,) = peer_review.counted_reviews(submission_id)
    assert counted.by_tutor


def test_reassigning_a_flagged_review_puts_the_work_back_in_the_queue(peer_course):
    a, b, c = learner(NOW), learner(NOW), learner(NOW)
    for person in (a, b, c):
        submit(person, NOW)
    rude = review(b, NOW, comments=["Rude and useless remark.", ""])
    peer_review.flag(a, rude.id, target="review", reason="inappropriate", note="", now=NOW)
    tutor = make_course_tutor("peer", now=NOW)
    peer_review.moderate(tutor, db.session.scalar(select(Flag.id)), "reassign", reason="Rude, not a review.", now=NOW)
    db.session.commit()
    assert peer_review.counted_reviews(rude.submission_id) == []
    # The next reviewer is handed that work again, since it has the fewest reviews.
    assert claim(c, NOW).submission_id == rude.submission_id


def test_wide_disagreement_between_reviewers_is_marked_for_a_tutor():
    rubric = [{"criterion": "Goals", "levels": [{"points": p} for p in range(4)]},
              {"criterion": "Steps", "levels": [{"points": p} for p in range(3)]}]
    reviews = [Review(scores=[0, 1]), Review(scores=[3, 1])]
    assert peer_review.disagreements(reviews, rubric) == ["Goals"]
    assert peer_review.disagreements([Review(scores=[2, 1]), Review(scores=[3, 1])], rubric) == []
