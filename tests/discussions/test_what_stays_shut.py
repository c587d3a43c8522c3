"""What a learner may not reach by any door: a module forum not open for them (its posts' report
page, Follow, Helpful), a thread a tutor hid (its title too); and what goes with a reply that is
removed or hidden: the followers' e-mails not yet sent, its words in their notifications, an
endorsement."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.discussions.models import Follow, HelpfulMark, Post, Thread
from lms.discussions.services import moderation, posting
from lms.notifications.models import Notification
from tests.conftest import NOW, submit
from tests.discussions.builders import reply, start_thread
from tests.discussions.following_helpers import choose
from tests.factories import make_learner_client, make_tutor_client

BASE = "/courses/stem-careers/discussions"
LATER_MODULE = "school-to-work-programmes"  # not open on NOW for a learner enrolled on NOW


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_learner_reaches_no_post_of_a_module_forum_not_open_for_them(app, courses):
    tutor_user, _ = make_tutor_client(app, "stem-careers", now=NOW)
    posted = start_thread(tutor_user, forum=LATER_MODULE, title="Work placements", text="Words for later.")
    _, learner = make_learner_client(app, now=NOW)
    thread_url = f"{BASE}/threads/{posted.thread.id}"
    for url in (thread_url, f"{BASE}/posts/{posted.post.id}/report", f"{BASE}/posts/{posted.post.id}/history"):
        page = learner.get(url)
        assert page.status_code in (403, 404) and "Words for later." not in page.get_data(as_text=True), url
    for url in (f"{thread_url}/follow", f"{BASE}/posts/{posted.post.id}/helpful"):
        assert submit(learner, url, {}, page=BASE).status_code in (403, 404), url
    assert db.session.scalar(select(func.count()).select_from(Follow).where(Follow.user_id != tutor_user.id)) == 0
    assert count(HelpfulMark) == 0


def test_a_hidden_thread_is_gone_for_learners_and_its_followers_hear_nothing_more(app, courses):
    ada, ada_client = make_learner_client(app, now=NOW)
    tutor_user, _ = make_tutor_client(app, "stem-careers", now=NOW)
    posted = start_thread(ada, title="Cheap pens for sale", text="Buy them.")
    moderation.hide_post(tutor_user, "stem-careers", posted.post.id, reason="Advertising.", now=NOW)
    db.session.commit()
    page = ada_client.get(f"{BASE}/threads/{posted.thread.id}")
    assert page.status_code == 404 and "Cheap pens" not in page.get_data(as_text=True)
    reply(tutor_user, posted.thread.id, "Closed: advertising is not allowed here.")
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.kind == "discussion_reply", Notification.user_id == ada.id)) == 0


def _reply_notes(post_id: int) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.key == f"discussion_reply:{post_id}")
                                   .execution_options(populate_existing=True)))


def test_a_reply_removed_or_hidden_is_withdrawn_from_its_followers_notifications(app, courses):
    ada, _ = make_learner_client(app, now=NOW)
    ben, _ = make_learner_client(app, now=NOW)
    tutor_user, _ = make_tutor_client(app, "stem-careers", now=NOW)
    choose(ada, "each")
    thread = start_thread(ada).thread
    regretted = reply(ben, thread.id, "Words I regret.").post
    rude = reply(ben, thread.id, "Rude words.").post
    assert [(n.email_status, n.payload["excerpt"]) for n in _reply_notes(regretted.id)] == [("pending", "Words I regret.")]

    posting.delete_post(ben, regretted.id, NOW)
    moderation.hide_post(tutor_user, "stem-careers", rude.id, reason="Be kind.", now=NOW)
    db.session.commit()
    for post in (regretted, rude):
        notes = _reply_notes(post.id)
        assert [(n.user_id, n.email_status, n.payload["excerpt"]) for n in notes] == [(ada.id, "skipped", "")]
        assert notes[0].payload["author"] and notes[0].payload["thread"] == thread.id  # who replied where stays


def test_removing_the_endorsed_answer_takes_the_endorsement_with_it(app, courses):
    ada, _ = make_learner_client(app, now=NOW)
    ben, _ = make_learner_client(app, now=NOW)
    tutor_user, tutor = make_tutor_client(app, "stem-careers", now=NOW)
    thread = start_thread(ada).thread
    answer = reply(ben, thread.id, "Invite the local engineering firm.").post
    moderation.endorse(tutor_user, "stem-careers", answer.id, endorsed=True, now=NOW)
    db.session.commit()
    posting.delete_post(ben, answer.id, NOW)
    db.session.commit()
    assert db.session.get(Thread, thread.id, populate_existing=True).endorsed_post_id is None
    assert "endorsed" not in tutor.get(f"{BASE}/forums/general").get_data(as_text=True).lower()


def test_hiding_a_post_its_author_removed_tells_them_nothing(app, courses):
    ada, _ = make_learner_client(app, now=NOW)
    ben, _ = make_learner_client(app, now=NOW)
    tutor_user, _ = make_tutor_client(app, "stem-careers", now=NOW)
    thread = start_thread(ada).thread
    gone = reply(ben, thread.id, "Gone already.").post
    posting.delete_post(ben, gone.id, NOW)
    decision = moderation.hide_post(tutor_user, "stem-careers", gone.id, reason="Spam.", now=NOW)
    db.session.commit()
    assert not decision.changed and not decision.author_told
    assert db.session.get(Post, gone.id, populate_existing=True).hidden_at is None
    assert db.session.scalar(select(func.count()).select_from(Notification).where(Notification.kind == "post_hidden")) == 0
