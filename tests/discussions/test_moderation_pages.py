"""The moderation and helpful buttons on a thread's page, as people press them: a learner marks a
reply helpful (the page says so and counts it, a double click counts once) and reports one (once);
tutors pin, lock, endorse, hide and restore from the page; learners and tutors of another course
get Not found for every tutor's button; after the course window learners' buttons are gone and
refused; the posting limit answers a reply with its message and keeps the text."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from lms.core.extensions import db
from lms.discussions.models import HelpfulMark, Post, PostReport, Thread
from tests.conftest import NOW, csrf_from
from tests.discussions.builders import reply, start_thread
from tests.discussions.moderation_helpers import audit_rows, count_of, fresh, notifications_of
from tests.factories import log_in, make_course_tutor, make_learner, make_learner_client, make_tutor_client, run_of

COURSE = "practice"


@pytest.fixture
def talk(app, practice, peer_course):
    ada = make_learner(COURSE, now=NOW, name="Ada Asker")
    ben = make_learner(COURSE, now=NOW, name="Ben Replier")
    opened = start_thread(ada, course_slug=COURSE, title="Careers fairs", text="Who runs a careers fair?")
    answer = reply(ben, opened.thread.id, text="We do, every March.")
    return ada, ben, opened.thread, opened.post, answer.post


def thread_url(thread) -> str:
    return f"/courses/{COURSE}/discussions/threads/{thread.id}"


def press(client, thread, url: str, data: dict | None = None, *, follow: bool = True):
    """Press a button of the thread's page: its CSRF token, then the form."""
    token = csrf_from(client.get(thread_url(thread)).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **(data or {})}, follow_redirects=follow)


def post_tools(html: str, post_id: int) -> str:
    """The words of one post's actions."""
    block = html[html.index(f'id="post-{post_id}"'):]
    block = block[block.index('class="post-actions"'):block.index("</article>")]
    return " ".join(re.sub(r"<[^>]+>", " ", block).split())


def test_a_learner_marks_a_reply_helpful_once_and_sees_it(app, talk):
    ada, ben, thread, question, answer = talk
    cleo, client = make_learner_client(app, COURSE, now=NOW, name="Cleo Reader")
    page = client.get(thread_url(thread)).get_data(as_text=True)
    assert "Helpful" in post_tools(page, answer.id) and "found this helpful" not in page
    helpful = f"/courses/{COURSE}/discussions/posts/{answer.id}/helpful"
    token = csrf_from(page)
    first = client.post(helpful, data={"csrf_token": token, "on": "1"})
    client.post(helpful, data={"csrf_token": token, "on": "1"})  # the double click
    assert first.status_code == 302 and first.location.endswith(f"#post-{answer.id}")
    page = client.get(first.location).get_data(as_text=True)
    tools = post_tools(page, answer.id)
    assert "1 found this helpful" in tools and "Marked helpful" in tools
    assert count_of(HelpfulMark) == 1 and fresh(Post, answer.id).helpful_count == 1

    page = press(client, thread, helpful, {"on": "0"}).get_data(as_text=True)  # taken back
    assert "found this helpful" not in post_tools(page, answer.id) and fresh(Post, answer.id).helpful_count == 0
    # Their own post has no Helpful button, and marking it by hand is refused with a reason.
    log_in(own := app.test_client(), ben.email)
    assert "Helpful" not in post_tools(own.get(thread_url(thread)).get_data(as_text=True), answer.id)
    refused = press(own, thread, helpful, {"on": "1"}).get_data(as_text=True)
    assert "This is your own post" in refused and fresh(Post, answer.id).helpful_count == 0


def test_a_learner_reports_a_post_once(app, talk):
    _, _, thread, _, answer = talk
    cleo, client = make_learner_client(app, COURSE, now=NOW, name="Cleo Reader")
    report = f"/courses/{COURSE}/discussions/posts/{answer.id}/report"
    assert f'href="{report}"' in client.get(thread_url(thread)).get_data(as_text=True)
    form = client.get(report).get_data(as_text=True)
    assert "Why do you report this post?" in form and "We do, every March." in form
    refused = client.post(report, data={"csrf_token": csrf_from(form), "note": "It is an advert."})
    assert refused.status_code == 422 and "Choose why you report this post." in refused.get_data(as_text=True)
    assert "It is an advert." in refused.get_data(as_text=True)  # what was typed stays
    done = client.post(report, data={"csrf_token": csrf_from(form), "reason": "spam", "note": "It is an advert."},
                       follow_redirects=True).get_data(as_text=True)
    assert "Thank you: the tutors will look at this post." in done
    assert "Reported" in post_tools(done, answer.id) and f'href="{report}"' not in done
    again = client.post(report, data={"csrf_token": csrf_from(form), "reason": "other", "note": ""}, follow_redirects=True)
    assert "You had already reported this post" in again.get_data(as_text=True)
    assert count_of(PostReport) == 1


def test_a_tutor_pins_locks_endorses_hides_and_restores_from_the_page(app, talk):
    ada, ben, thread, question, answer = talk
    _, tutor = make_tutor_client(app, COURSE, now=NOW)
    base = f"/courses/{COURSE}/discussions"
    page = press(tutor, thread, f"{base}/threads/{thread.id}/pin", {"on": "1"}).get_data(as_text=True)
    assert "The thread is pinned at the top of its forum." in page and "Unpin" in page
    page = press(tutor, thread, f"{base}/threads/{thread.id}/lock", {"on": "1"}).get_data(as_text=True)
    assert "The thread is locked" in page and "Unlock" in page
    page = press(tutor, thread, f"{base}/posts/{answer.id}/endorse", {"on": "1"}).get_data(as_text=True)
    assert "Endorsed by a tutor" in post_tools(page, answer.id) and "Take the endorsement back" in page
    top = tutor.get(thread_url(thread)).get_data(as_text=True)
    assert "Endorse as the answer" not in post_tools(top, question.id) and "Hide" in post_tools(top, question.id)

    hide = f"{base}/posts/{answer.id}/hide"
    form = tutor.get(hide).get_data(as_text=True)
    refused = tutor.post(hide, data={"csrf_token": csrf_from(form), "reason": ""})
    assert refused.status_code == 422 and "Give a reason for hiding it" in refused.get_data(as_text=True)
    page = tutor.post(hide, data={"csrf_token": csrf_from(form), "reason": "It gives a pupil's name."},
                      follow_redirects=True).get_data(as_text=True)
    assert "The post is hidden from learners; its author was told why." in page
    assert "Restore" in post_tools(page, answer.id)
    assert notifications_of(ben.id, "post_hidden")[0].payload["reason"] == "It gives a pupil's name."
    page = press(tutor, thread, f"{base}/posts/{answer.id}/restore").get_data(as_text=True)
    assert "The post is visible to learners again." in page
    after = fresh(Thread, thread.id)
    assert after.pinned_at and after.locked_at and fresh(Post, answer.id).hidden_at is None
    assert [row[0] for row in audit_rows()] == ["pin", "lock", "endorse", "hide", "restore"]


@pytest.mark.parametrize("who", ["learner", "other tutor"])
def test_tutors_buttons_are_not_found_for_learners_and_tutors_of_another_course(app, talk, who):
    ada, ben, thread, question, answer = talk
    if who == "learner":
        client = app.test_client()
        log_in(client, ada.email)
        assert "Pin at the top" not in client.get(thread_url(thread)).get_data(as_text=True)
    else:
        _, client = make_tutor_client(app, "peer", now=NOW, name="Otto Other")
    token = csrf_from(client.get("/account").get_data(as_text=True))
    base = f"/courses/{COURSE}/discussions"
    for url in (f"{base}/threads/{thread.id}/pin", f"{base}/threads/{thread.id}/lock", f"{base}/posts/{answer.id}/endorse",
                f"{base}/posts/{answer.id}/hide", f"{base}/posts/{answer.id}/restore"):
        for data in ({"csrf_token": token, "on": "1", "reason": "Mine."}, {"csrf_token": token}):  # a whole form, an empty one
            assert client.post(url, data=data).status_code == 404, url
    assert client.get(f"{base}/posts/{answer.id}/hide").status_code == 404
    after = fresh(Thread, thread.id)
    assert (after.pinned_at, after.locked_at, after.endorsed_post_id, fresh(Post, answer.id).hidden_at) == (None,) * 4
    assert audit_rows() == []


def test_after_the_window_learners_buttons_are_gone_and_refused(app, talk):
    ada, _, thread, _, answer = talk
    client = app.test_client()
    log_in(client, ada.email)
    token = csrf_from(client.get("/account").get_data(as_text=True))
    app.config["FIXED_NOW"] = run_of(COURSE).ends_at + timedelta(days=1)
    page = client.get(thread_url(thread)).get_data(as_text=True)
    assert "Helpful" not in post_tools(page, answer.id) and "Report" not in post_tools(page, answer.id)
    refused = client.post(f"/courses/{COURSE}/discussions/posts/{answer.id}/helpful", data={"csrf_token": token, "on": "1"},
                          follow_redirects=True).get_data(as_text=True)
    assert "This discussion is closed" in refused and fresh(Post, answer.id).helpful_count == 0
    assert client.get(f"/courses/{COURSE}/discussions/posts/{answer.id}/report").status_code == 403
    _, tutor = make_tutor_client(app, COURSE, now=NOW)  # tutors still moderate
    assert "Hide" in post_tools(tutor.get(thread_url(thread)).get_data(as_text=True), answer.id)


def test_the_eleventh_reply_in_ten_minutes_says_when_and_keeps_the_text(app, talk):
    ada, _, thread, _, _ = talk
    client = app.test_client()
    log_in(client, ada.email)
    for number in range(9):  # with the opening post, ten in ten minutes
        reply(ada, thread.id, text=f"Thought number {number}.")
    page = client.get(thread_url(thread)).get_data(as_text=True)
    answer = client.post(f"{thread_url(thread)}/reply", data={"csrf_token": csrf_from(page),
                                                             "token": re.search(r'name="token"[^>]*value="([^"]+)"', page)
                                                             .group(1), "body": "One thought too many."})
    html = answer.get_data(as_text=True)
    assert answer.status_code in (409, 422, 429)
    assert "You have written 10 posts in the last 10 minutes, the most allowed. You can post again in 10 minutes." in html
    assert "One thought too many." in html
    assert count_of(Post, Post.author_id == ada.id) == 10
    # A tutor is not limited.
    tutor = make_course_tutor(COURSE, now=NOW)
    for number in range(11):
        reply(tutor, thread.id, text=f"Tutor's note {number}.")
    db.session.commit()


def test_hiding_the_opening_post_takes_the_thread_off_the_learners_list(app, talk):
    ada, ben, thread, question, _ = talk
    _, tutor = make_tutor_client(app, COURSE, now=NOW)
    form = tutor.get(f"/courses/{COURSE}/discussions/posts/{question.id}/hide").get_data(as_text=True)
    tutor.post(f"/courses/{COURSE}/discussions/posts/{question.id}/hide",
               data={"csrf_token": csrf_from(form), "reason": "A sales pitch."})
    forum = f"/courses/{COURSE}/discussions/forums/general"
    learner = app.test_client()
    log_in(learner, ben.email)
    assert "Careers fairs" not in learner.get(forum).get_data(as_text=True)
    tutors_list = tutor.get(forum + f"?run={run_of(COURSE).slug}").get_data(as_text=True)
    assert "Careers fairs" in tutors_list and "Hidden from learners" in tutors_list
    assert notifications_of(ada.id, "post_hidden")[0].payload["thread_title"] == "Careers fairs"
