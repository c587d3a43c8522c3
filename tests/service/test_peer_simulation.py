"""A cohort of 200 learners over three weeks: nobody is stranded.

Learners submit at random moments, come back every few days and do their reviews
when they can; some abandon a claim (it expires), some volunteer extra reviews;
the scheduler's fallback sweep runs every six hours."""

from __future__ import annotations

import heapq
import random
import statistics
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from lms.core.extensions import db
from lms.peer_review import services as peer_review
from lms.peer_review.models import Review, Submission
from tests.conftest import NOW
from tests.peer_helpers import GOOD_REVIEW, PLACE, learner, read_page, submit

pytestmark = pytest.mark.slow  # 200 learners over three weeks

LEARNERS = 200
SPREAD = timedelta(days=21)


def simulate(rng: random.Random, people: list) -> tuple[datetime, int, int]:
    """Every learner submits at a random moment in three weeks, reviews what they owe (or
    walks away from a claim), and some come back to volunteer; the scheduler's fallback
    sweep runs every six hours. Returns (last session, claims abandoned, volunteer reviews)."""
    start = NOW
    events: list[tuple] = []  # (time, sequence, kind, index)
    for index in range(LEARNERS):
        heapq.heappush(events, (start + SPREAD * rng.random(), index, "submit", index))
    sweep_at, sequence, abandoned, volunteered, last = start, LEARNERS, 0, 0, start
    while events:
        when, _, kind, index = heapq.heappop(events)
        while sweep_at <= when:
            peer_review.escalate_unreviewed(now=sweep_at)
            db.session.commit()
            sweep_at += timedelta(hours=6)
        user = people[index]
        if kind == "submit":
            read_page(user, when)
            submit(user, when, text=f"Plan number {index}: goals, steps, people and a timeline.")
        view = peer_review.get_assignment_page(user, *PLACE, now=when)
        volunteer = view.duties_done
        for _ in range(max(1 if volunteer else view.must_give - view.given, 0)):
            review, _ = peer_review.claim_next(user, *PLACE, now=when)
            db.session.commit()
            if review is None:
                break
            if rng.random() < 0.08:  # walks away; the claim will expire
                abandoned += 1
                break
            peer_review.submit_review(user, review.id, now=when, **GOOD_REVIEW)
            db.session.commit()
            volunteered += volunteer
        last = max(last, when)
        view = peer_review.get_assignment_page(user, *PLACE, now=when)
        if not view.duties_done or (rng.random() < 0.1 and kind != "volunteer"):
            sequence += 1
            later = when + timedelta(hours=rng.uniform(3, 72))
            heapq.heappush(events, (later, sequence, "volunteer" if view.duties_done else "return", index))
    return last, abandoned, volunteered


def test_two_hundred_learners_over_three_weeks_all_finish_and_every_submission_is_covered(peer_course):
    rng = random.Random(2017)
    people = [learner(NOW, name=f"Learner {i}") for i in range(LEARNERS)]
    last_session, abandoned, volunteered = simulate(rng, people)

    end = last_session + timedelta(days=4)
    peer_review.escalate_unreviewed(now=end)
    db.session.commit()

    submissions = db.session.scalars(select(Submission)).all()
    assert len(submissions) == LEARNERS
    waits, escalated = [], 0
    for submission in submissions:
        counted = peer_review.counted_reviews(submission.id)
        enough = len(counted) >= 2
        assert enough or submission.tutor_queue_at is not None, f"submission {submission.id} stranded"
        if enough:
            waits.append((counted[1].submitted_at - submission.submitted_at).total_seconds() / 3600)
        else:
            escalated += 1
            waits.append((submission.tutor_queue_at - submission.submitted_at).total_seconds() / 3600)

    # Nobody reviewed their own work or the same work twice.
    own = db.session.scalar(
        select(func.count()).select_from(Review).join(Submission, Submission.id == Review.submission_id)
        .where(Review.reviewer_enrolment_id == Submission.enrolment_id))
    assert own == 0
    pairs = db.session.execute(select(Review.submission_id, Review.reviewer_id)).all()
    assert len(pairs) == len(set(pairs))

    # Nobody's completion waited on others: every learner finished their own part.
    for user in people:
        assert peer_review.get_assignment_page(user, *PLACE, now=end).duties_done

    print(
        f"\npeer review simulation: {LEARNERS} learners over 21 days; "
        f"wait for {2} reviews (hours): median {statistics.median(waits):.1f}, longest {max(waits):.1f}; "
        f"{escalated} sent to the tutor queue; {abandoned} claims abandoned; {volunteered} volunteer reviews"
    )
