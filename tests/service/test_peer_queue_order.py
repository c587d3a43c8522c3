"""The queue finds the least loaded work through each submission's stored load, without counting
every submission: a claim runs a fixed handful of statements whatever the cohort, and the stored
load never misleads it (a review hidden by a tutor, work inserted in bulk, a claim expiring)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select, update

from lms.core.extensions import db
from lms.peer_review import services as peer_review
from lms.peer_review.models import Review, Submission
from tests.conftest import NOW
from tests.factories import make_course_tutor
from tests.peer_helpers import GOOD_REVIEW, author_of, claim, learner, submit

MINUTE = timedelta(minutes=1)
FRESH_CLAIM_BUDGET = 10  # the page's checks (3), where the learner stands (1), then the lock and five writes or reads
REPEATED_CLAIM_BUDGET = 5


def submitted(count: int, *, start=NOW, name: str = "Learner") -> list:
    people = []
    for index in range(count):
        person = learner(start, name=f"{name} {index}")
        submit(person, start + index * MINUTE)
        people.append(person)
    return people


def submission_of(user) -> Submission:
    from lms.learning.models import Enrolment

    return db.session.scalar(select(Submission).join(Enrolment, Enrolment.id == Submission.enrolment_id)
                             .where(Enrolment.user_id == user.id))


def tutor_review(tutor, submission: Submission, now=NOW) -> Review:
    """A finished review by a tutor, who may take any submission: loads exactly where a test wants them."""
    review = peer_review.claim_as_tutor(tutor, submission.id, now=now)
    peer_review.submit_review(tutor, review.id, now=now, **GOOD_REVIEW)
    db.session.commit()
    return review


def test_a_claim_runs_the_same_few_statements_whatever_the_number_of_submissions(app, peer_course, count_queries):
    for cohort in (4, 30):
        people = submitted(cohort, name=f"Cohort {cohort}")
        with count_queries() as fresh:
            first = claim(people[-1], NOW + 2 * cohort * MINUTE)
        with count_queries() as repeated:
            assert claim(people[-1], NOW + 2 * cohort * MINUTE).id == first.id
        assert len(fresh) <= FRESH_CLAIM_BUDGET, f"{len(fresh)} statements:\n" + "\n".join(fresh)
        assert len(repeated) <= REPEATED_CLAIM_BUDGET, f"{len(repeated)} statements:\n" + "\n".join(repeated)


def test_a_review_hidden_by_a_tutor_puts_its_work_back_at_its_place_in_the_queue(app, peer_course):
    older, *newer = submitted(11)
    tutor, other_tutor = make_course_tutor("peer", now=NOW), make_course_tutor("peer", now=NOW, name="Otto Tutor")
    unhelpful = tutor_review(tutor, submission_of(older))
    tutor_review(other_tutor, submission_of(older))
    for person in newer:
        tutor_review(tutor, submission_of(person))  # the oldest work has 2 reviews, the ten others 1 each
    report = peer_review.flag(older, unhelpful.id, target="review", reason="unhelpful", note="Says nothing.", now=NOW)
    db.session.commit()
    peer_review.moderate(tutor, report.id, "reassign", reason="Too short to help.", now=NOW + MINUTE)
    db.session.commit()
    # Every submission has one counted review now: the oldest work comes first again.
    (late,) = submitted(1, start=NOW + 20 * MINUTE, name="Late")
    assert author_of(claim(late, NOW + 30 * MINUTE)) == older.id


def test_work_inserted_in_bulk_is_still_handed_out_least_loaded_first(app, peer_course):
    people = submitted(12)
    tutors = [make_course_tutor("peer", now=NOW, name=f"Tutor {n}") for n in range(2)]
    # Reviews written straight into the table, as an import or bench/generate does: the stored
    # loads stay at 0 while the ten oldest submissions have two reviews each.
    db.session.execute(insert(Review), [
        {"submission_id": submission_of(person).id, "reviewer_id": tutor.id, "status": "done", "by_tutor": True,
         "claimed_at": NOW, "expires_at": NOW + 2 * 60 * MINUTE, "submitted_at": NOW, "scores": [2, 1],
         "comments": ["Fine.", ""], "feedback": ""}
        for person in people[:10] for tutor in tutors])
    db.session.execute(update(Submission).values(queue_load=0))
    db.session.commit()
    # people[10] and people[11] have no review: the oldest of them is next, then the other.
    assert author_of(claim(people[0], NOW + 30 * MINUTE)) == people[10].id
    assert author_of(claim(people[1], NOW + 30 * MINUTE)) == people[11].id
    assert author_of(claim(people[11], NOW + 30 * MINUTE)) == people[10].id


def test_once_a_claim_expires_its_work_counts_one_review_fewer(app, peer_course):
    people = submitted(10)
    tutor = make_course_tutor("peer", now=NOW)
    for person in people[:9]:
        tutor_review(tutor, submission_of(person))  # one review each, but the newest
    (claimer,) = submitted(1, start=NOW + 10 * MINUTE, name="Claimer")
    assert author_of(claim(claimer, NOW + 20 * MINUTE)) == people[9].id  # a claim for two hours
    # Three hours on, that claim has expired: the newest of the ten is back to no review, older than
    # the claimer's own work, which has none either.
    (late,) = submitted(1, start=NOW + 3 * 60 * MINUTE, name="Late")
    assert author_of(claim(late, NOW + 3 * 60 * MINUTE + MINUTE)) == people[9].id
