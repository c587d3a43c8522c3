"""Changing and removing one's own posts: edits within the window keep every earlier version, which
readers can open; after the window a clear refusal; nobody changes another's words, tutors
included; a removed post leaves its replies and says it was removed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.core.errors import PermissionDenied
from lms.core.extensions import db
from lms.discussions.models import Post, PostRevision, Thread
from lms.discussions.services import posting
from tests.conftest import NOW, submit
from tests.discussions.builders import reply, start_thread
from tests.factories import make_learner_client, make_tutor_client

BASE = "/courses/stem-careers/discussions"


def fresh(model, row_id: int):
    return db.session.get(model, row_id, populate_existing=True)


def test_an_edit_within_the_window_keeps_the_earlier_version_in_the_history(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    ben, reader = make_learner_client(app, now=NOW)
    posted = start_thread(ada, title="Fairs", text="Fairs work in **spring**.")
    app.config["FIXED_NOW"] = NOW + timedelta(minutes=10)
    edit = f"{BASE}/posts/{posted.post.id}/edit"
    form = client.get(edit).get_data(as_text=True)
    assert "Fairs work in **spring**." in form and 'value="Fairs"' in form  # the first post's form has the title too
    response = submit(client, edit, {"title": "Careers fairs", "body": "Fairs work in **autumn**."})
    assert response.status_code == 302
    assert fresh(Thread, posted.thread.id).title == "Careers fairs"
    page = reader.get(response.location).get_data(as_text=True)
    assert "<strong>autumn</strong>" in page and "edited" in page
    history = reader.get(f"{BASE}/posts/{posted.post.id}/history").get_data(as_text=True)
    assert history.index("<strong>autumn</strong>") < history.index("<strong>spring</strong>")  # now, then before
    revision = db.session.scalar(select(PostRevision))
    assert (revision.text, revision.written_at, revision.replaced_at) == ("Fairs work in **spring**.", NOW, NOW + timedelta(minutes=10))


def test_the_same_edit_sent_twice_keeps_one_revision(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    posted = start_thread(ada)
    edit = f"{BASE}/posts/{posted.post.id}/edit"
    for _ in range(2):
        submit(client, edit, {"title": "How do you invite employers?", "body": "Changed once."})
    assert len(db.session.scalars(select(PostRevision)).all()) == 1


def test_after_the_edit_window_a_post_cannot_change_and_the_author_is_told_why(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    posted = start_thread(ada, text="Original words.")
    app.config["FIXED_NOW"] = NOW + timedelta(minutes=31)
    edit = f"{BASE}/posts/{posted.post.id}/edit"
    response = client.get(edit, follow_redirects=True)
    assert "can be changed for 30 minutes after it is written" in response.get_data(as_text=True)
    assert "/edit" not in client.get(f"{BASE}/threads/{posted.thread.id}").get_data(as_text=True)
    refused = submit(client, edit, {"body": "Late change."}, page=f"{BASE}/threads/{posted.thread.id}")
    # Sent after the window ran out (the page was opened in time): refused, the typed words kept on the page.
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "Late change." in page and "can be changed for 30 minutes" in page
    assert fresh(Post, posted.post.id).text == "Original words."


def test_the_edit_window_is_a_setting(app, courses):
    ada, _ = make_learner_client(app, now=NOW)
    posted = start_thread(ada)
    app.config["DISCUSSION_EDIT_MINUTES"] = 5
    with pytest.raises(posting.EditWindowClosed):
        posting.edit_post(ada, posted.post.id, text="Later", now=NOW + timedelta(minutes=6))


def test_nobody_changes_or_removes_anothers_words_not_even_a_tutor(app, courses):
    ada, _ = make_learner_client(app, now=NOW)
    ben, ben_client = make_learner_client(app, now=NOW)
    tutor, tutor_client = make_tutor_client(app, "stem-careers", now=NOW)
    posted = start_thread(ada, text="Mine.")
    for client in (ben_client, tutor_client):
        assert client.get(f"{BASE}/posts/{posted.post.id}/edit").status_code == 403
        response = submit(client, f"{BASE}/posts/{posted.post.id}/delete", page=f"{BASE}/threads/{posted.thread.id}")
        assert response.status_code == 403
    for user in (ben, tutor):
        with pytest.raises(PermissionDenied):
            posting.edit_post(user, posted.post.id, text="Not mine", now=NOW)
        db.session.rollback()
    post = fresh(Post, posted.post.id)
    assert (post.text, post.deleted_at) == ("Mine.", None)


def test_a_removed_post_says_so_its_replies_stay_and_the_counts_follow(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    ben, reader = make_learner_client(app, now=NOW, name="Ben Okafor")
    posted = start_thread(ada, text="The question.")
    mine = reply(ada, posted.thread.id, "A reply I regret.", now=NOW + timedelta(minutes=1))
    reply(ben, posted.thread.id, "Ben's answer.", now=NOW + timedelta(minutes=2), quoted_post_id=mine.post.id)
    thread_url = f"{BASE}/threads/{posted.thread.id}"
    response = submit(client, f"{BASE}/posts/{mine.post.id}/delete", page=thread_url)
    assert response.status_code == 302
    page = reader.get(thread_url).get_data(as_text=True)
    assert "Removed by its author." in page and "A reply I regret." not in page and "s answer.</p>" in page
    assert fresh(Thread, posted.thread.id).reply_count == 1
    history = reader.get(f"{BASE}/posts/{mine.post.id}/history").get_data(as_text=True)
    assert "A reply I regret." not in history and "Removed by its author." in history
    assert reader.get(f"{thread_url}?quote={mine.post.id}").get_data(as_text=True).count("A reply I regret.") == 0


def test_a_hidden_post_is_hidden_from_learners_and_marked_for_tutors_and_a_hidden_first_post_hides_the_thread(app, courses):
    ada, learner = make_learner_client(app, now=NOW)
    _, tutor = make_tutor_client(app, "stem-careers", now=NOW)
    posted = start_thread(ada, title="Spam thread", text="Buy cheap pens.")
    db.session.get(Post, posted.post.id).hidden_at = NOW
    posting.refresh_thread(posted.thread.id)  # as moderation does after hiding
    db.session.commit()
    url = f"{BASE}/threads/{posted.thread.id}"
    seen = learner.get(url)  # a hidden thread is gone for learners, its title too (even by its address)
    assert seen.status_code == 404 and "Spam thread" not in seen.get_data(as_text=True)
    assert "Buy cheap pens." in tutor.get(url).get_data(as_text=True)
    assert "Spam thread" not in learner.get(BASE + "/forums/general").get_data(as_text=True)
    assert "Spam thread" in tutor.get(BASE + "/forums/general").get_data(as_text=True)
    history = learner.get(f"{BASE}/posts/{posted.post.id}/history")
    assert history.status_code == 404 and "Buy cheap pens." not in history.get_data(as_text=True)
