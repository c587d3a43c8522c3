"""Helpful marks: a learner marks another's post helpful once (a second click or two at once change
nothing), may take the mark back, never on their own post; the post's count follows; after the
course window learners can no longer mark."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from lms.discussions.models import HelpfulMark, Post
from lms.discussions.services import reactions
from lms.discussions.services.moderation import DiscussionClosed
from tests.conftest import NOW, meeting_at
from tests.discussions.moderation_helpers import count_of, fresh, thread_with_posts
from tests.factories import make_course_tutor, make_learner, run_of


@pytest.fixture
def replies(app, practice):
    ada = make_learner("practice", now=NOW, name="Ada Asker")
    ben = make_learner("practice", now=NOW, name="Ben Replier")
    cleo = make_learner("practice", now=NOW, name="Cleo Reader")
    thread, posts = thread_with_posts("practice", ada, ben, now=NOW)
    return ada, ben, cleo, thread, posts


def test_a_learner_marks_a_post_helpful_once_and_can_take_it_back(replies):
    ada, ben, cleo, thread, (question, answer) = replies
    first = reactions.mark_helpful(cleo, "practice", answer.id, helpful=True, now=NOW)
    again = reactions.mark_helpful(cleo, "practice", answer.id, helpful=True, now=NOW)  # a second click
    reactions.mark_helpful(ada, "practice", answer.id, helpful=True, now=NOW)
    db.session.commit()
    assert (first.changed, first.count, again.changed) == (True, 1, False)
    assert fresh(Post, answer.id).helpful_count == 2
    assert count_of(HelpfulMark, HelpfulMark.post_id == answer.id) == 2

    back = reactions.mark_helpful(cleo, "practice", answer.id, helpful=False, now=NOW)
    twice = reactions.mark_helpful(cleo, "practice", answer.id, helpful=False, now=NOW)
    db.session.commit()
    assert (back.changed, back.count, twice.changed) == (True, 1, False)
    assert fresh(Post, answer.id).helpful_count == 1


def test_nobody_marks_their_own_post(replies):
    _, ben, _, _, (_, answer) = replies
    with pytest.raises(ValidationError, match="your own post"):
        reactions.mark_helpful(ben, "practice", answer.id, helpful=True, now=NOW)
    db.session.rollback()
    assert fresh(Post, answer.id).helpful_count == 0


def test_outsiders_and_another_course_find_nothing(replies, peer_course):
    _, _, cleo, _, (_, answer) = replies
    outsider = make_learner("peer", now=NOW, name="Otto Outsider")
    with pytest.raises(NotFound):
        reactions.mark_helpful(outsider, "practice", answer.id, helpful=True, now=NOW)
    with pytest.raises(NotFound):  # the right reader, the address of another course
        reactions.mark_helpful(cleo, "peer", answer.id, helpful=True, now=NOW)
    db.session.rollback()
    assert fresh(Post, answer.id).helpful_count == 0


def test_after_the_window_learners_can_no_longer_mark_but_tutors_can(replies):
    _, _, cleo, _, (_, answer) = replies
    after = run_of("practice").ends_at + timedelta(days=1)
    with pytest.raises(DiscussionClosed, match="closed"):
        reactions.mark_helpful(cleo, "practice", answer.id, helpful=True, now=after)
    db.session.rollback()
    tutor = make_course_tutor("practice", now=NOW)
    assert reactions.mark_helpful(tutor, "practice", answer.id, helpful=True, now=after).count == 1


def test_a_hidden_or_removed_post_cannot_be_marked(replies):
    _, _, cleo, _, (question, answer) = replies
    answer.hidden_at, question.deleted_at = NOW, NOW
    db.session.commit()
    for post in (question, answer):
        with pytest.raises(NotFound):
            reactions.mark_helpful(cleo, "practice", post.id, helpful=True, now=NOW)


def test_two_clicks_at_once_count_once(app, replies):
    """Both requests have read the post before either inserts: the unique mark keeps one, and only
    the one that inserted moves the count."""
    _, _, cleo, _, (_, answer) = replies
    results, errors = [], []

    def click():
        with app.app_context():
            try:
                results.append(reactions.mark_helpful(cleo, "practice", answer.id, helpful=True, now=NOW).changed)
                db.session.commit()
            except Exception as error:  # noqa: BLE001  (reported below)
                errors.append(error)
            finally:
                db.session.remove()

    with meeting_at("INSERT INTO DISCUSSION_HELPFUL_MARKS"):
        clicks = [threading.Thread(target=click) for _ in range(2)]
        for each in clicks:
            each.start()
        for each in clicks:
            each.join(timeout=60)
    assert errors == [] and sorted(results) == [False, True]
    assert fresh(Post, answer.id).helpful_count == 1
