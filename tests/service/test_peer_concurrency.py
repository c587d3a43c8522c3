"""Many learners asking for work at the same instant never over-claim a submission."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from lms.core.extensions import db
from lms.learning.models import Enrolment
from lms.peer_review.models import Review, Submission
from lms.accounts.models import User
from lms.peer_review import services as peer_review
from tests.conftest import NOW
from tests.factories import make_course_tutor
from tests.peer_helpers import GOOD_REVIEW, PLACE, author_of, learner, submit


def test_simultaneous_claims_spread_over_the_queue_instead_of_piling_on_one(app, peer_course):
    people = [learner(NOW, name=f"Learner {i}") for i in range(8)]
    for person in people:
        submit(person, NOW)
    ids = [person.id for person in people]
    start = threading.Barrier(len(ids))
    errors: list[BaseException] = []

    def ask(user_id: int) -> None:
        try:
            with app.app_context():
                user = db.session.get(User, user_id)
                start.wait()
                peer_review.claim_next(user, *PLACE, now=NOW)
                db.session.commit()
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=ask, args=(user_id,)) for user_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    db.session.expire_all()
    claims = db.session.scalars(select(Review)).all()
    assert len(claims) == 8
    per_submission = Counter(review.submission_id for review in claims)
    # Serialised claiming spreads eight claims over the least-loaded work: at most the last claimer,
    # whose own work may be the only one left at zero, lands on a submission that already has one.
    assert max(per_submission.values()) <= 2
    assert len(per_submission) >= 7
    assert all(review.reviewer_id != author_of(review) for review in claims)


def test_sixteen_reviewers_at_once_each_take_the_least_loaded_work_and_none_claims_twice(app, peer_course):
    """Sixteen claims at the same instant, on uneven loads (finished reviews, claims that have
    expired): replayed in the order they were taken, each went to the least loaded work its
    reviewer could take, oldest first, and each reviewer holds one live claim."""
    people = [learner(NOW, name=f"Learner {i}") for i in range(28)]
    for index, person in enumerate(people):
        submit(person, NOW + index * timedelta(minutes=1))
    for early in people[:4]:  # claims taken now, expired by the time the sixteen ask
        peer_review.claim_next(early, *PLACE, now=NOW)
        db.session.commit()
    tutor = make_course_tutor("peer", now=NOW)
    for person in people[4:12]:  # a finished review each, on some of the older work
        claimed = peer_review.claim_as_tutor(tutor, submission_of(person).id, now=NOW)
        peer_review.submit_review(tutor, claimed.id, now=NOW, **GOOD_REVIEW)
        db.session.commit()
    later = NOW + timedelta(hours=3)
    loads = {submission: exact_load(submission, later) for submission in db.session.scalars(select(Submission.id))}
    reviewers = people[12:]
    errors = claim_at_once(app, [person.id for person in reviewers], later)
    assert errors == []
    db.session.expire_all()
    taken = db.session.scalars(select(Review).where(Review.claimed_at == later).order_by(Review.id)).all()
    assert sorted(review.reviewer_id for review in taken) == sorted(person.id for person in reviewers)  # one each
    submitted_at = dict(db.session.execute(select(Submission.id, Submission.submitted_at)).all())
    for review in taken:
        open_to_reviewer = [s for s in loads if s != submission_of_user(review.reviewer_id)]
        best = min(open_to_reviewer, key=lambda s: (loads[s], submitted_at[s], s))
        assert review.submission_id == best, "a claim went to more loaded or newer work than the queue's rule allows"
        loads[review.submission_id] += 1


def claim_at_once(app, user_ids: list[int], now) -> list[BaseException]:
    start = threading.Barrier(len(user_ids))
    errors: list[BaseException] = []

    def ask(user_id: int) -> None:
        try:
            with app.app_context():
                user = db.session.get(User, user_id)
                db.session.rollback()  # hand the connection back: the pool holds 15, there are 16 of us
                start.wait(timeout=60)
                peer_review.claim_next(user, *PLACE, now=now)
                db.session.commit()
        except BaseException as error:  # noqa: BLE001 (reported by the caller)
            errors.append(error)

    threads = [threading.Thread(target=ask, args=(user_id,)) for user_id in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def exact_load(submission_id: int, now) -> int:
    """Finished visible reviews and live claims, counted plainly."""
    return sum(1 for review in db.session.scalars(select(Review).where(Review.submission_id == submission_id))
               if (review.status == "done" and review.hidden_at is None) or (review.status == "claimed" and review.expires_at > now))


def submission_of(user) -> Submission:
    return db.session.get(Submission, submission_of_user(user.id))


def submission_of_user(user_id: int) -> int:
    return db.session.scalar(select(Submission.id).join(Enrolment, Enrolment.id == Submission.enrolment_id)
                             .where(Enrolment.user_id == user_id))
