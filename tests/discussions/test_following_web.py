"""Following through the site: the Follow button on a thread's page (a double click follows once),
posting follows, replies appear at once under Notifications (the bell counts them) with a link to
the reply, Unfollow stops them; nobody who may not read the thread can follow it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.core.extensions import db
from lms.discussions.models import Follow
from tests.conftest import NOW, csrf_from
from tests.discussions.builders import reply, start_thread
from tests.factories import make_learner_client, make_tutor_client

COURSE = "stem-careers"


def page(client, url: str) -> str:
    return " ".join(client.get(url).get_data(as_text=True).split())


def thread_url(thread_id: int) -> str:
    return f"/courses/{COURSE}/discussions/threads/{thread_id}"


def follow(client, thread_id: int, wanted: str = "1", *, token: str | None = None):
    token = token or csrf_from(client.get(thread_url(thread_id)).get_data(as_text=True))
    return client.post(thread_url(thread_id) + "/follow", data={"csrf_token": token, "follow": wanted})


def follows(thread_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Follow).where(Follow.thread_id == thread_id))


@pytest.fixture
def talk(app, courses):
    ada, ada_client = make_learner_client(app, now=NOW, name="Ada Lovelace")
    bea, bea_client = make_learner_client(app, now=NOW, name="Bea Brown")
    posted = start_thread(ada, title="Careers fairs", text="How do you organise yours?")
    return ada, ada_client, bea, bea_client, posted.thread.id


def test_the_author_follows_and_a_reader_follows_with_the_button_once_however_often_they_click(talk):
    ada, ada_client, bea, bea_client, thread_id = talk
    assert "You follow this discussion." in page(ada_client, thread_url(thread_id))
    shown = page(bea_client, thread_url(thread_id))
    assert "You follow this discussion." not in shown and ">Follow</button>" in shown

    token = csrf_from(bea_client.get(thread_url(thread_id)).get_data(as_text=True))
    answers = [follow(bea_client, thread_id, token=token) for _ in range(2)]  # a double click
    assert [answer.status_code for answer in answers] == [302, 302]
    assert answers[0].headers["Location"].endswith(f"{thread_url(thread_id)}#follow")
    assert follows(thread_id) == 2
    shown = page(bea_client, thread_url(thread_id))
    assert "You follow this discussion: new replies reach you under Notifications" in shown
    assert "You follow this discussion." in shown and ">Unfollow</button>" in shown


def test_a_reply_appears_at_once_under_notifications_with_a_link_to_it(talk):
    ada, ada_client, bea, bea_client, thread_id = talk
    assert 'class="count"' not in page(ada_client, "/dashboard")
    answer = reply(bea, thread_id, "We invite the parents who work in labs.")
    shown = page(ada_client, "/dashboard")
    assert '<span class="count">1<span class="visually-hidden"> unread</span>' in shown
    listing = page(ada_client, "/notifications")
    link = f'{thread_url(thread_id)}?after={answer.post.id - 1}#post-{answer.post.id}'
    assert f'Bea Brown replied in <a href="{link}">“Careers fairs”</a>' in listing
    assert "We invite the parents who work in labs." in listing
    assert f'id="post-{answer.post.id}"' in page(ada_client, link.split("#")[0])  # the link lands on the reply
    assert "replied" not in page(bea_client, "/notifications")  # not told of her own reply


def test_unfollowing_stops_the_replies(talk):
    ada, ada_client, bea, bea_client, thread_id = talk
    assert follow(ada_client, thread_id, "0").status_code == 302
    assert follow(ada_client, thread_id, "0").status_code == 302  # twice: still not following
    assert follows(thread_id) == 0
    assert "You no longer follow this discussion." in page(ada_client, thread_url(thread_id))
    reply(bea, thread_id, "We invite the parents who work in labs.")
    assert "Bea Brown replied" not in page(ada_client, "/notifications")
    assert follows(thread_id) == 1  # Bea, by posting


def test_an_expired_form_follows_nothing_and_says_so(talk):
    ada, ada_client, bea, bea_client, thread_id = talk
    answer = bea_client.post(thread_url(thread_id) + "/follow", data={"csrf_token": "stale", "follow": "1"})
    assert answer.status_code == 400 and follows(thread_id) == 1
    assert "expired" in " ".join(answer.get_data(as_text=True).split())


def test_nobody_who_may_not_read_the_thread_can_follow_it(app, talk, practice):
    ada, ada_client, bea, bea_client, thread_id = talk
    _, other_learner = make_learner_client(app, "practice", now=NOW)
    _, other_tutor = make_tutor_client(app, "practice", now=NOW)
    for client in (other_learner, other_tutor):
        token = csrf_from(client.get("/account").get_data(as_text=True))
        assert client.post(thread_url(thread_id) + "/follow", data={"csrf_token": token, "follow": "1"}).status_code == 404
    token = csrf_from(bea_client.get("/account").get_data(as_text=True))
    wrong_course = f"/courses/practice/discussions/threads/{thread_id}/follow"
    assert bea_client.post(wrong_course, data={"csrf_token": token, "follow": "1"}).status_code == 404
    assert bea_client.post(thread_url(2**31 - 1) + "/follow", data={"csrf_token": token}).status_code == 404
    assert bea_client.post(thread_url(2**31) + "/follow", data={"csrf_token": token}).status_code == 404
    signed_out = app.test_client()
    token = csrf_from(signed_out.get("/login").get_data(as_text=True))
    assert "/login" in signed_out.post(thread_url(thread_id) + "/follow", data={"csrf_token": token}).headers["Location"]
    assert follows(thread_id) == 1


def test_a_tutor_of_the_course_may_follow(app, talk):
    ada, ada_client, bea, bea_client, thread_id = talk
    tutor, tutor_client = make_tutor_client(app, COURSE, now=NOW)
    assert follow(tutor_client, thread_id).status_code == 302
    reply(bea, thread_id, "We invite the parents who work in labs.")
    assert "Bea Brown replied" in page(tutor_client, "/notifications")
