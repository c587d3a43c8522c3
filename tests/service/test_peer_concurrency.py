"""Many learners asking for work at the same instant never over-claim a submission."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import select

from lms.core.extensions import db
from lms.peer_review.models import Review
from lms.accounts.models import User
from lms.peer_review import services as peer_review
from tests.conftest import NOW
from tests.peer_helpers import PLACE, author_of, learner, submit


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
