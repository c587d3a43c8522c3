"""Claims: concurrent reviewers asking for a submission to review, each with its own HTTP
session against gunicorn, then the claims read back from the database.

A double claim is a claim the queue's rule forbids (lms/peer_review/services/queue.py):
- a reviewer holding two live claims on one assignment (one row per reviewer and
  submission is a unique constraint; the queue gives a reviewer back their own live claim);
- a claim that took a submission already at its ``must_receive`` (finished visible reviews +
  live claims) while another submission this reviewer could take (not their own, not one
  they reviewed) still needed reviews: a submission at its quota goes out only when none
  needs reviews. "While" is read from the review ids, handed out in the order the claims
  were serialised (each claim of the run is a new row).
Two reviewers who read the same load at once and both take the same submission, which a
lock failure causes, show up as the second kind: the generated data leaves one submission
in ten one review short of its quota, and those go first."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests
from appside import CSRF, Targets
from cohort import COURSE, PASSWORD
from drive import per_request


def _session(base: str, email: str, assignment_path: str) -> tuple[requests.Session, str]:
    http = requests.Session()
    token = CSRF.search(http.get(base + "/login").text).group(1)
    response = http.post(base + "/login", data={"email": email, "password": PASSWORD, "csrf_token": token},
                         allow_redirects=False)
    assert response.status_code == 302, f"log-in failed for {email}"
    return http, CSRF.search(http.get(base + assignment_path).text).group(1)


def _claim_all(base: str, claim_path: str, sessions: list, start: threading.Barrier, outcomes: list) -> None:
    start.wait()
    for http, token in sessions:
        response = http.post(base + claim_path, data={"csrf_token": token}, allow_redirects=False)
        location = response.headers.get("Location", "")
        outcomes.append("claimed" if response.status_code == 302 and "/reviews/" in location
                        else "nothing left" if response.status_code == 302 else f"HTTP {response.status_code}")


def run_claims(server, targets: Targets, reviewers: list[str], concurrency: int) -> dict:
    """Log every reviewer in (not timed), then ``concurrency`` threads each work through their
    share of reviewers, one claim each: claims per second from the first request to the last answer."""
    assignment_path = f"/courses/{COURSE}/modules/{targets.assignment_module}/assignments/{targets.assignment}"
    with ThreadPoolExecutor(concurrency) as pool:
        sessions = list(pool.map(lambda email: _session(server.base, email, assignment_path), reviewers))
    shares = [sessions[index::concurrency] for index in range(concurrency)]
    start, outcomes = threading.Barrier(concurrency + 1), []
    threads = [threading.Thread(target=_claim_all, args=(server.base, assignment_path + "/claim", share, start, outcomes))
               for share in shares]
    for thread in threads:
        thread.start()
    server.settle()
    before = server.snapshot()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    server.settle()
    claimed = outcomes.count("claimed")
    return {"rps": claimed / elapsed, "claims": claimed, "reviewers": len(reviewers), "concurrency": concurrency,
            "nothing_left": outcomes.count("nothing left"), "seconds": elapsed,
            "failed": len(outcomes) - claimed - outcomes.count("nothing left"),
            "outcomes": dict(Counter(outcomes))} | per_request(before, server.snapshot())


def _claims_state(targets: Targets):
    """Per submission of the assignment: (author enrolment, hidden?); the reviews; each reviewer's
    own submission and the ones they finished reviewing."""
    from lms.core.extensions import db
    from lms.learning.models import Enrolment
    from lms.peer_review.models import Review, Submission
    from sqlalchemy import select

    submissions = {sid: hidden for sid, hidden in db.session.execute(
        select(Submission.id, Submission.hidden_at.is_not(None)).where(Submission.activity_id == targets.assignment_id))}
    reviews = db.session.execute(
        select(Review.submission_id, Review.reviewer_id, Review.status, Review.hidden_at.is_not(None), Review.expires_at,
               Review.claimed_at, Review.id)
        .join(Submission, Submission.id == Review.submission_id).where(Submission.activity_id == targets.assignment_id)).all()
    own = dict(db.session.execute(select(Enrolment.user_id, Submission.id).join(Submission, Submission.enrolment_id == Enrolment.id)
                                  .where(Submission.activity_id == targets.assignment_id)).all())
    return submissions, reviews, own


def double_claims(app, targets: Targets, since) -> dict:
    """Count the double claims (module docstring) among the live claims taken since ``since``."""
    from lms.core import clock

    with app.app_context():
        now = clock.now()
        submissions, reviews, own = _claims_state(targets)
    base, taken, reviewed, per_reviewer = {}, {}, {}, {}
    for submission, reviewer, status, hidden, expires, claimed_at, review_id in reviews:
        if status == "done":
            reviewed.setdefault(reviewer, set()).add(submission)
        if (status == "done" and not hidden) or (status == "claimed" and expires > now and claimed_at < since):
            base[submission] = base.get(submission, 0) + 1
        elif status == "claimed" and expires > now:
            taken.setdefault(submission, []).append((review_id, reviewer))
            per_reviewer[reviewer] = per_reviewer.get(reviewer, 0) + 1
    quota, over_quota = targets.must_receive, []
    # The claim (by id: ids are handed out in the order the claims were serialised) that
    # brought each submission to its quota; a claim taken before it saw the submission still needing.
    reached = {s: float("-inf") for s in submissions}
    for submission, hidden in submissions.items():
        claims_in_order = sorted(taken.get(submission, []))
        short = quota - base.get(submission, 0)
        reached[submission] = (float("-inf") if hidden or short <= 0
                               else claims_in_order[short - 1][0] if short <= len(claims_in_order) else float("inf"))
        over_quota += [(review_id, reviewer, submission) for position, (review_id, reviewer) in enumerate(claims_in_order)
                       if position >= short]
    by_need = sorted(reached.items(), key=lambda item: item[1], reverse=True)

    def needed_elsewhere(review_id: int, reviewer: int, submission: int) -> bool:
        for other, until in by_need:
            if until <= review_id:
                return False
            if other not in (submission, own.get(reviewer)) and other not in reviewed.get(reviewer, ()):
                return True
        return False

    beyond = sum(needed_elsewhere(*claim) for claim in over_quota)
    twice = sum(count - 1 for count in per_reviewer.values() if count > 1)
    return {"double_claims": beyond + twice, "over_quota": beyond, "reviewer_twice": twice,
            "submissions_still_needing": sum(until == float("inf") for until in reached.values())}
