"""The posting limit: at most 10 posts in 10 minutes and 100 in 24 hours per person (settings
LMS_DISCUSSION_POSTS_PER_10_MIN and LMS_DISCUSSION_POSTS_PER_DAY), counted from the posts
themselves, so posts written through any worker count; the message says when the next post will
go; tutors and admins are not limited."""

from __future__ import annotations

from datetime import timedelta

import pytest

import config
from lms.core.extensions import db
from lms.discussions.services.moderation import PostingLimit, check_posting_limit
from tests.conftest import NOW
from tests.discussions.moderation_helpers import thread_with_posts, write_post
from tests.factories import make_course_tutor, make_learner, make_user


@pytest.fixture
def thread(app, practice):
    opener = make_learner("practice", now=NOW, name="Ada Asker")
    found, _ = thread_with_posts("practice", opener, now=NOW - timedelta(days=3))
    return found


def _posts(thread, author, times) -> None:
    for when in times:
        write_post(thread, author, "One more thought.", now=when)
    db.session.commit()


def test_the_defaults_are_ten_in_ten_minutes_and_a_hundred_a_day():
    assert (config.Config.DISCUSSION_POSTS_PER_10_MIN, config.Config.DISCUSSION_POSTS_PER_DAY) == (10, 100)


def test_the_eleventh_post_in_ten_minutes_waits_and_says_until_when(thread):
    ben = make_learner("practice", now=NOW, name="Ben Busy")
    _posts(thread, ben, [NOW - timedelta(minutes=9)] + [NOW - timedelta(minutes=1)] * 8)
    check_posting_limit(ben.id, now=NOW)  # the tenth may go
    _posts(thread, ben, [NOW])
    with pytest.raises(PostingLimit) as refused:
        check_posting_limit(ben.id, now=NOW)
    assert str(refused.value) == ("You have written 10 posts in the last 10 minutes, the most allowed. "
                                  "You can post again in 1 minute.")
    assert refused.value.retry_at == NOW + timedelta(minutes=1)  # when the oldest of the ten leaves the window
    assert refused.value.http_status == 429
    check_posting_limit(ben.id, now=NOW + timedelta(minutes=1, seconds=1))  # then it goes


def test_a_hundred_posts_in_a_day_wait_for_the_day_to_pass(thread):
    ben = make_learner("practice", now=NOW, name="Ben Busy")
    _posts(thread, ben, [NOW - timedelta(hours=20, minutes=minute) for minute in range(100)])
    with pytest.raises(PostingLimit) as refused:
        check_posting_limit(ben.id, now=NOW)
    assert str(refused.value) == ("You have written 100 posts in the last 24 hours, the most allowed. "
                                  "You can post again in 2 hours.")
    assert refused.value.retry_at == NOW + timedelta(hours=2, minutes=21)  # the oldest, 21 h 39 min ago, leaves the day
    # The posts of another learner, and posts older than a day, do not count.
    cleo = make_learner("practice", now=NOW, name="Cleo Calm")
    _posts(thread, cleo, [NOW - timedelta(days=1, minutes=minute) for minute in range(1, 120)])
    check_posting_limit(cleo.id, now=NOW)


def test_the_limits_are_settings(app, thread):
    app.config.update(DISCUSSION_POSTS_PER_10_MIN=2, DISCUSSION_POSTS_PER_DAY=3)
    ben = make_learner("practice", now=NOW, name="Ben Busy")
    _posts(thread, ben, [NOW - timedelta(minutes=30)] * 2)
    check_posting_limit(ben.id, now=NOW)
    _posts(thread, ben, [NOW - timedelta(minutes=5)] * 2)
    with pytest.raises(PostingLimit, match="2 posts in the last 10 minutes"):
        check_posting_limit(ben.id, now=NOW)
    with pytest.raises(PostingLimit, match="3 posts in the last 24 hours"):
        check_posting_limit(ben.id, now=NOW + timedelta(minutes=6))


def test_tutors_and_admins_are_not_limited(thread):
    tutor = make_course_tutor("practice", now=NOW)
    admin = make_user(email="admin@example.org", name="Ada Admin", now=NOW)
    admin.is_admin = True
    db.session.commit()
    for person in (tutor, admin):
        _posts(thread, person, [NOW] * 12)
        check_posting_limit(person.id, now=NOW)
