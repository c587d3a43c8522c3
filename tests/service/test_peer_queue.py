"""The live review queue: order, exclusions, expiry, volunteers, fallback, duties, results."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.core.errors import DomainError, ValidationError
from lms.core.extensions import db
from lms.learning.models import ModuleProgress
from lms.peer_review.models import Submission
from lms.peer_review import services as peer_review
from tests.conftest import NOW
from tests.factories import make_course_tutor
from tests.peer_helpers import PLACE, author_of, claim, learner, read_page, review, submit

MINUTE = timedelta(minutes=1)


def submitted(count: int, start=NOW):
    people = []
    for index in range(count):
        person = learner(start, name=f"Learner {index}")
        submit(person, start + index * MINUTE)
        people.append(person)
    return people


def test_reviewing_needs_your_own_submission_first(peer_course):
    newcomer = learner(NOW)
    with pytest.raises(DomainError, match="Submit your own work first"):
        claim(newcomer, NOW)


def test_queue_gives_the_oldest_submission_among_the_least_reviewed_never_your_own(peer_course):
    a, b, c, d = submitted(4)
    first = claim(d, NOW + 10 * MINUTE)
    assert author_of(first) == a.id  # all at zero: the oldest
    second = claim(c, NOW + 10 * MINUTE)
    assert author_of(second) == b.id  # a has a live claim now: b has the fewest
    third = claim(a, NOW + 10 * MINUTE)
    assert author_of(third) == c.id
    assert author_of(claim(b, NOW + 10 * MINUTE)) == d.id  # a and c have a claim each, d none


def test_an_unfinished_claim_is_handed_back_to_its_holder(peer_course):
    a, b = submitted(2)
    held = claim(b, NOW + MINUTE)
    assert claim(b, NOW + 30 * MINUTE).id == held.id


def test_an_expired_claim_returns_to_the_queue(peer_course):
    a, b, c = submitted(3)
    assert author_of(claim(b, NOW)) == a.id
    # While b's claim is live, a carries a load of 1, so c gets b's work.
    assert author_of(claim(c, NOW + 10 * MINUTE)) == b.id
    # Two hours later b's claim has expired: a is back to zero and the oldest.
    late = learner(NOW, name="Late")
    submit(late, NOW + 5 * MINUTE)
    assert author_of(claim(late, NOW + timedelta(hours=2, minutes=1))) == a.id


def test_nobody_reviews_the_same_work_twice(peer_course):
    a, b, c = submitted(3)
    first = review(c, NOW + MINUTE)
    second = review(c, NOW + 2 * MINUTE)
    assert author_of(first) != author_of(second)
    assert {author_of(first), author_of(second)} == {a.id, b.id}
    # c has reviewed both others: nothing left for them but volunteering is exhausted too.
    assert claim(c, NOW + 3 * MINUTE) is None


def test_work_with_enough_reviews_and_claims_waits_while_others_need_them(peer_course):
    a, b, c, d = submitted(4)
    review(b, NOW + MINUTE)  # a: 1 review
    review(c, NOW + MINUTE)  # b: 1 review... queue picks the least loaded, oldest first
    loads = {}
    for submission in db.session.scalars(select(Submission)):
        loads[submission.id] = len(peer_review.counted_reviews(submission.id))
    assert sorted(loads.values()) == [0, 0, 1, 1]
    got = claim(d, NOW + 2 * MINUTE)
    assert len(peer_review.counted_reviews(got.submission_id)) == 0


def test_a_learner_with_nothing_to_review_is_not_held_back(peer_course):
    (first,) = submitted(1)
    read_page(first, NOW)
    assert claim(first, NOW + MINUTE) is None
    row = db.session.scalar(select(ModuleProgress))
    assert row.completed_at is not None  # their own duties are done: the queue had nothing
    view = peer_review.get_assignment_page(first, *PLACE, now=NOW + MINUTE)
    assert view.duties_done and view.submission.duties_waived_at is not None


def test_completion_follows_my_duties_not_the_reviews_i_receive(peer_course):
    a, b, c = submitted(3)
    read_page(a, NOW)
    review(a, NOW + MINUTE)
    assert db.session.scalar(select(ModuleProgress.completed_at).where(ModuleProgress.enrolment_id == 1)) is None
    review(a, NOW + 2 * MINUTE)
    view = peer_review.get_assignment_page(a, *PLACE, now=NOW + 3 * MINUTE)
    assert view.given == 2 and view.duties_done
    assert len(view.received) == 0  # nobody has reviewed a yet, and a is complete anyway
    assert db.session.scalar(select(ModuleProgress.completed_at).where(ModuleProgress.enrolment_id == 1)) is not None


def test_volunteers_get_work_from_the_tutor_queue_first(peer_course):
    a, b, c, d = submitted(4)
    for reviewer in (b, c):
        review(reviewer, NOW + MINUTE)
        review(reviewer, NOW + MINUTE)
    # d's work is the one still short of reviews after three days: it goes to the tutor queue.
    escalated = peer_review.escalate_unreviewed(now=NOW + timedelta(days=3, minutes=10))
    db.session.commit()
    queued = db.session.scalars(select(Submission).where(Submission.tutor_queue_at.is_not(None))).all()
    assert escalated.recorded == len(queued) >= 1
    # b has done their duties: as a volunteer they are offered tutor-queue work first.
    offered = claim(b, NOW + timedelta(days=3, minutes=20))
    assert db.session.get(Submission, offered.submission_id).tutor_queue_at is not None
    assert offered.volunteer


def test_escalation_waits_for_the_fallback_delay_and_happens_once(peer_course):
    submitted(2)
    assert peer_review.escalate_unreviewed(now=NOW + timedelta(days=2)).recorded == 0
    assert peer_review.escalate_unreviewed(now=NOW + timedelta(days=3, hours=1)).recorded == 2
    assert peer_review.escalate_unreviewed(now=NOW + timedelta(days=4)).recorded == 0


def test_results_are_the_median_per_criterion_and_shown_after_my_own_duties(peer_course):
    a, b, c, d = submitted(4)
    for reviewer, scores in ((b, [3, 2]), (c, [1, 0]), (d, [2, 2])):
        got = claim(reviewer, NOW + MINUTE)
        while author_of(got) != a.id:  # steer each reviewer to a's work
            peer_review.submit_review(reviewer, got.id, scores=[1, 1], comments=["Fine, thank you.", ""], feedback="", now=NOW)
            db.session.commit()
            got = claim(reviewer, NOW + 2 * MINUTE)
        peer_review.submit_review(reviewer, got.id, scores=scores, comments=["Specific comment.", ""], feedback="", now=NOW)
        db.session.commit()
    view = peer_review.get_assignment_page(a, *PLACE, now=NOW + timedelta(hours=1))
    assert view.results is None  # a has not reviewed anyone yet
    review(a, NOW + timedelta(hours=1))
    review(a, NOW + timedelta(hours=1))
    view = peer_review.get_assignment_page(a, *PLACE, now=NOW + timedelta(hours=2))
    assert view.results.medians == [2.0, 2.0] and view.results.counted == 3


def test_a_review_needs_every_level_and_long_enough_comments(peer_course):
    a, b = submitted(2)
    held = claim(b, NOW + MINUTE)
    with pytest.raises(ValidationError, match="Choose a level for “Steps”"):
        peer_review.submit_review(b, held.id, scores=[2, None], comments=["Clear goals here.", ""], feedback="", now=NOW)
    with pytest.raises(ValidationError, match=r"Write at least 10 characters about “Goals” \(you wrote 4\)"):
        peer_review.submit_review(b, held.id, scores=[2, 1], comments=["Good", ""], feedback="", now=NOW)


def test_a_submission_can_be_edited_until_its_first_review_starts(peer_course):
    a, b = submitted(2)
    submit(a, NOW + MINUTE, text="A better plan with six clear steps.")
    claim(b, NOW + 2 * MINUTE)
    with pytest.raises(DomainError, match="can no longer be changed"):
        submit(a, NOW + 3 * MINUTE, text="Sneaky change after the review began.")


def test_tutor_override_replaces_the_result_with_a_reason(peer_course):
    a, b, c = submitted(3)
    review(a, NOW)
    review(a, NOW)
    tutor = make_course_tutor("peer", now=NOW)
    submission_id = db.session.scalar(select(Submission.id).where(Submission.enrolment_id == 1))
    with pytest.raises(ValidationError):
        peer_review.override_result(tutor, submission_id, scores=[3, 2], reason=" ", now=NOW)
    peer_review.override_result(tutor, submission_id, scores=[3, 2], reason="Excellent, underrated by peers.", now=NOW)
    db.session.commit()
    results = peer_review.get_assignment_page(a, *PLACE, now=NOW).results
    assert results.overridden and results.medians == [3.0, 2.0] and results.reason == "Excellent, underrated by peers."
