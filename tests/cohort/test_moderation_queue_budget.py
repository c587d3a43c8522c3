"""The moderation queue costs the same for 3 open reports and a history of 3 decisions as for 120
of each: the same statements, none binding a parameter per report, post or decision (a keyset
page of each list, and one statement of counts)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.core.moderation import ModerationAction, record_moderation
from lms.discussions.models import PostReport
from lms.peer_review import services as peer_review
from lms.peer_review.models import Review
from tests.conftest import NOW
from tests.discussions.moderation_helpers import thread_with_posts, write_post
from tests.factories import make_learner, make_submission_with_reviews, make_tutor_client, run_of

QUEUE = "/tutor/courses/peer/runs/cohort/moderation"
BUDGET = 6  # the log-in, the run, the tutor's right; the counts, a page of the queue, a page of the history


def test_the_queue_costs_the_same_for_3_reports_as_for_120(app, peer_course, record_sql):
    author, submission = make_submission_with_reviews(NOW, reviews=1)
    review = db.session.scalar(select(Review).where(Review.submission_id == submission.id))
    peer_review.flag(author, review.id, target="review", reason="inappropriate", note="Unkind.", now=NOW - timedelta(seconds=1))
    asker = make_learner("peer", now=NOW, name="Ada Asker")
    reporter = make_learner("peer", now=NOW, name="Rita Reporter")
    thread, _ = thread_with_posts("peer", asker, now=NOW)
    tutor_user, tutor = make_tutor_client(app, "peer", now=NOW)
    run_id = run_of("peer").id

    def grow(start: int, stop: int) -> None:
        for number in range(start, stop):
            post = write_post(thread, asker, f"Post number {number}.", now=NOW)
            db.session.add(PostReport(post_id=post.id, run_id=run_id, reporter_id=reporter.id, reason="spam", note="",
                                      created_at=NOW + timedelta(seconds=number)))
            record_moderation(run_id=run_id, actor_id=tutor_user.id, target_kind="thread", target_id=thread.id, action="pin",
                              now=NOW + timedelta(seconds=number))
        db.session.commit()

    def visit(url: str = QUEUE) -> list[tuple[str, int]]:
        with record_sql() as seen:
            response = tutor.get(url)
        assert response.status_code == 200
        return seen

    grow(0, 3)
    small = visit()
    grow(3, 120)
    large = visit()
    assert db.session.scalar(select(func.count()).select_from(PostReport)) == 120
    assert db.session.scalar(select(func.count()).select_from(ModerationAction)) == 120
    assert len(small) == BUDGET, "\n\n".join(statement for statement, _ in small)
    assert [statement for statement, _ in large] == [statement for statement, _ in small]
    assert [count for _, count in large] == [count for _, count in small]  # no parameter per report

    html = tutor.get(QUEUE).get_data(as_text=True)
    assert "Open reports 1–50 of 121" in html and "Decisions 1–50 of 120" in html
    first = re.findall(r'<li id="item-([a-z]+-[0-9]+)"', html)
    assert first[0].startswith("flag-")  # the oldest: the flag, a second before the first report
    after = re.search(r'rel="next" href="([^"#]+)#queue"', html).group(1).replace("&amp;", "&")
    later = tutor.get(after).get_data(as_text=True)
    assert "Open reports 51–100 of 121" in later and "Decisions 1–50 of 120" in later  # the history stays where it was
    second = re.findall(r'<li id="item-([a-z]+-[0-9]+)"', later)
    assert len(second) == 50 and not set(first) & set(second)
    with record_sql() as seen:
        tutor.get(after)
    assert len(seen) == len(small)
