"""The run's one moderation queue (/tutor/courses/<c>/runs/<r>/moderation): the open reports of
discussion posts and the open flags of peer review work together, oldest first, each with what
was reported, the reason and note, and the same decisions (hide, restore, dismiss; reassign for a
flagged review) with a reason; every decision is an audit row the History lists. Only the
course's tutors and admins reach it (anyone else: 404)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.core.extensions import db
from lms.discussions.models import Post, PostReport
from lms.discussions.services import moderation as discussions
from lms.peer_review import services as peer_review
from lms.peer_review.models import Flag, Review, Submission
from tests.conftest import NOW, csrf_from
from tests.discussions.moderation_helpers import audit_rows, fresh, notifications_of, thread_with_posts
from tests.factories import make_learner, make_submission_with_reviews, make_tutor_client, run_of

QUEUE = "/tutor/courses/peer/runs/cohort/moderation"


@pytest.fixture
def reported(app, peer_course):
    """In the peer course's run: a submission flagged by its reviewer, then its review flagged by
    its author, then a discussion reply reported by a learner, each a minute after the other."""
    author, submission = make_submission_with_reviews(NOW, reviews=1)
    review = db.session.scalar(select(Review).where(Review.submission_id == submission.id))
    reviewer_id = review.reviewer_id
    reviewer = db.session.get(type(author), reviewer_id)
    peer_review.flag(reviewer, review.id, target="submission", reason="plagiarism", note="Copied from a blog.",
                     now=NOW + timedelta(minutes=1))
    peer_review.flag(author, review.id, target="review", reason="inappropriate", note="Mocking words.",
                     now=NOW + timedelta(minutes=2))
    asker = make_learner("peer", now=NOW, name="Ada Asker")
    rude = make_learner("peer", now=NOW, name="Rudi Rude")
    thread, (_, reply) = thread_with_posts("peer", asker, rude, now=NOW, title="Open days")
    reply.text = "Buy my revision guides at example.com, cheap!"
    discussions.report_post(asker, "peer", reply.id, reason="spam", note="An advert.", now=NOW + timedelta(minutes=3))
    db.session.commit()
    return {"author": author, "reviewer": reviewer, "asker": asker, "rude": rude, "thread": thread, "reply": reply,
            "submission": submission, "review": review}


def _items(html: str) -> list[str]:
    return re.findall(r'<li id="item-([a-z]+-[0-9]+)"', html)


def _decide(client, item: str, action: str, reason: str = ""):
    token = csrf_from(client.get(QUEUE).get_data(as_text=True))
    return client.post(QUEUE, data={"csrf_token": token, "item": item, "action": action, "reason": reason})


def test_the_queue_shows_both_kinds_oldest_first_with_what_why_and_links(app, reported):
    _, tutor = make_tutor_client(app, "peer", now=NOW)
    html = tutor.get(QUEUE).get_data(as_text=True)
    flags = db.session.scalars(select(Flag).order_by(Flag.id)).all()
    report = db.session.scalar(select(PostReport))
    assert _items(html) == [f"flag-{flags[0].id}", f"flag-{flags[1].id}", f"report-{report.id}"]
    assert "1 discussion post reported" in html and "2 peer review flags" in html
    assert "Reported as: Plagiarism" in html and "The reporter's note: Copied from a blog." in html
    assert "Reported as: Spam" in html and "An advert." in html
    assert "Buy my revision guides at example.com, cheap!" in html  # what was reported
    reply_id = reported["reply"].id
    assert f'href="/courses/peer/discussions/threads/{reported["thread"].id}?after={reply_id - 1}#post-{reply_id}"' in html
    assert f'href="/tutor/submissions/{reported["submission"].id}"' in html
    assert "by Rudi Rude" in html
    # Reassign is offered for the flagged review only.
    assert html.count('value="reassign"') == 1
    assert 'href="/tutor/courses/peer/runs/cohort/moderation" aria-current="page"' in html  # in the run's pages


def test_hiding_a_reported_post_tells_its_author_settles_the_report_and_is_in_the_history(app, reported):
    tutor_user, tutor = make_tutor_client(app, "peer", now=NOW)
    report = db.session.scalar(select(PostReport))
    answer = _decide(tutor, f"report-{report.id}", "hide", "Advertising is not allowed here.")
    assert answer.status_code == 302
    html = tutor.get(QUEUE).get_data(as_text=True)
    assert "The post is hidden from learners; its author was told why." in html
    assert f"report-{report.id}" not in _items(html)
    assert fresh(Post, reported["reply"].id).hidden_at is not None
    assert fresh(PostReport, report.id).resolution == "hidden"
    [told] = notifications_of(reported["rude"].id, "post_hidden")
    assert told.payload["reason"] == "Advertising is not allowed here."
    history = html[html.index('id="history"'):]
    assert "Tess Tutor" in history and "Hidden" in history and "Advertising is not allowed here." in history
    assert audit_rows(run_of("peer").id) == [("hide", "post", reported["reply"].id, "Advertising is not allowed here.")]

    # The history offers to restore it, and restoring is recorded too.
    assert f'value="post-{reported["reply"].id}"' in history
    _decide(tutor, f"post-{reported['reply'].id}", "restore", "The link was to a free resource.")
    assert fresh(Post, reported["reply"].id).hidden_at is None
    assert audit_rows()[-1] == ("restore", "post", reported["reply"].id, "The link was to a free resource.")


def test_peer_review_flags_take_the_same_decisions_with_an_audit_row(app, reported):
    _, tutor = make_tutor_client(app, "peer", now=NOW)
    of_submission, of_review = db.session.scalars(select(Flag).order_by(Flag.id)).all()
    _decide(tutor, f"flag-{of_submission.id}", "dismiss", "Quotes are credited.")
    _decide(tutor, f"flag-{of_review.id}", "reassign", "Unkind words about the work.")
    html = tutor.get(QUEUE).get_data(as_text=True)
    assert "The review is hidden from the author of the work and the work goes back in the queue for another review; " \
           "the reviewer was told why." in html
    assert _items(html) == [f"report-{db.session.scalar(select(PostReport.id))}"]
    assert (fresh(Flag, of_submission.id).resolution, fresh(Flag, of_review.id).resolution) == ("dismissed", "reassigned")
    assert fresh(Review, reported["review"].id).hidden_at is not None
    assert fresh(Submission, reported["submission"].id).hidden_at is None
    assert notifications_of(reported["reviewer"].id, "work_hidden")
    assert audit_rows() == [("dismiss", "submission", reported["submission"].id, "Quotes are credited."),
                            ("reassign", "review", reported["review"].id, "Unkind words about the work.")]


def test_hiding_without_a_reason_says_so_at_the_report(app, reported):
    _, tutor = make_tutor_client(app, "peer", now=NOW)
    report = db.session.scalar(select(PostReport))
    answer = _decide(tutor, f"report-{report.id}", "hide", "   ")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert f'id="reason-report-{report.id}-error"' in html and "Give a reason for hiding it" in html
    assert fresh(Post, reported["reply"].id).hidden_at is None and audit_rows() == []


def test_a_double_click_decides_once(app, reported):
    _, tutor = make_tutor_client(app, "peer", now=NOW)
    report = db.session.scalar(select(PostReport))
    flag = db.session.scalar(select(Flag).order_by(Flag.id))
    token = csrf_from(tutor.get(QUEUE).get_data(as_text=True))
    for item, action in ((f"report-{report.id}", "hide"), (f"flag-{flag.id}", "dismiss")):
        for _ in range(2):
            tutor.post(QUEUE, data={"csrf_token": token, "item": item, "action": action, "reason": "Not for this course."})
    html = tutor.get(QUEUE).get_data(as_text=True)
    assert "This report was decided already; nothing was changed." in html
    assert [row[0] for row in audit_rows()] == ["hide", "dismiss"]
    assert len(notifications_of(reported["rude"].id, "post_hidden")) == 1


def test_learners_and_tutors_of_another_course_get_not_found(app, reported, practice):
    report = db.session.scalar(select(PostReport))
    _, learner = make_learner_client_for(app)
    _, other = make_tutor_client(app, "practice", now=NOW, name="Otto Other")
    for client in (learner, other):
        token = csrf_from(client.get("/account").get_data(as_text=True))
        assert client.get(QUEUE).status_code == 404
        assert client.post(QUEUE, data={"csrf_token": token, "item": f"report-{report.id}", "action": "hide",
                                        "reason": "Mine now."}).status_code == 404
    assert fresh(Post, reported["reply"].id).hidden_at is None and audit_rows() == []


def make_learner_client_for(app):
    from tests.factories import make_learner_client

    return make_learner_client(app, "peer", now=NOW, name="Lea Learner")


def test_an_item_of_another_run_is_not_found(app, reported, practice):
    """A tutor of both courses names, on one run's queue, a report of the other run: nothing happens."""
    tutor_user, tutor = make_tutor_client(app, "peer", now=NOW)
    from lms.courses.services.staffing import make_tutor

    make_tutor(tutor_user, "practice")
    db.session.commit()
    report = db.session.scalar(select(PostReport))
    token = csrf_from(tutor.get(QUEUE).get_data(as_text=True))
    other_queue = f"/tutor/courses/practice/runs/{run_of('practice').slug}/moderation"
    answer = tutor.post(other_queue, data={"csrf_token": token, "item": f"report-{report.id}", "action": "hide",
                                           "reason": "Wrong place."})
    assert answer.status_code == 404 and fresh(Post, reported["reply"].id).hidden_at is None
