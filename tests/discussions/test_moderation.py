"""The tutors' tools on a thread and its posts: pin, lock, endorse an answer, hide and restore a
post with a reason. Only the course's tutors and admins use them (anyone else: Not found, and
nothing changes); each decision is one audit row with its reason; a second click changes nothing
and writes nothing; the author of a hidden post is told why; the run's end leaves them to tutors."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from lms.discussions.models import Post, Thread
from lms.discussions.services import moderation
from tests.conftest import NOW
from tests.discussions.moderation_helpers import audit_rows, fresh, notifications_of, thread_with_posts
from tests.factories import make_course_tutor, make_learner, make_user, run_of

LATER = NOW + timedelta(minutes=5)


@pytest.fixture
def talk(app, practice, peer_course):
    """A thread of the practice course (Ada asks, Ben and Cleo reply), its tutor, an admin, and a
    tutor of another course."""
    ada = make_learner("practice", now=NOW, name="Ada Asker")
    ben = make_learner("practice", now=NOW, name="Ben Replier")
    cleo = make_learner("practice", now=NOW, name="Cleo Replier")
    thread, posts = thread_with_posts("practice", ada, ben, cleo, now=NOW)
    admin = make_user(email="admin@example.org", name="Ada Admin", now=NOW)
    admin.is_admin = True
    db.session.commit()
    people = {"ada": ada, "ben": ben, "cleo": cleo, "tutor": make_course_tutor("practice", now=NOW), "admin": admin,
              "other tutor": make_course_tutor("peer", now=NOW, name="Otto Other")}
    return people, thread, posts


def _every_tool(user, thread, posts):
    """Each tool once, as ``user`` would press it."""
    question, answer, _ = posts
    return [
        lambda: moderation.set_pinned(user, "practice", thread.id, pinned=True, now=LATER),
        lambda: moderation.set_locked(user, "practice", thread.id, locked=True, now=LATER),
        lambda: moderation.endorse(user, "practice", answer.id, endorsed=True, now=LATER),
        lambda: moderation.hide_post(user, "practice", answer.id, reason="Personal details.", now=LATER),
        lambda: moderation.restore_post(user, "practice", question.id, now=LATER),
    ]


@pytest.mark.parametrize("who", ["ada", "ben", "other tutor"])
def test_learners_and_a_tutor_of_another_course_find_no_tools(talk, who):
    people, thread, posts = talk
    for tool in _every_tool(people[who], thread, posts):
        with pytest.raises(NotFound):
            tool()
        db.session.rollback()
    after = fresh(Thread, thread.id)
    assert (after.pinned_at, after.locked_at, after.endorsed_post_id) == (None, None, None)
    assert fresh(Post, posts[1].id).hidden_at is None
    assert audit_rows() == []


@pytest.mark.parametrize("who", ["tutor", "admin"])
def test_the_course_tutor_and_an_admin_pin_lock_and_endorse_each_once(talk, who):
    people, thread, (question, answer, other) = talk
    user = people[who]
    assert moderation.set_pinned(user, "practice", thread.id, pinned=True, now=LATER)
    assert not moderation.set_pinned(user, "practice", thread.id, pinned=True, now=LATER)  # a double click
    assert moderation.set_locked(user, "practice", thread.id, locked=True, reason="The question is answered.", now=LATER)
    assert moderation.endorse(user, "practice", answer.id, endorsed=True, now=LATER).changed
    assert moderation.endorse(user, "practice", other.id, endorsed=True, now=LATER).changed  # one answer: it replaces
    assert not moderation.endorse(user, "practice", answer.id, endorsed=False, now=LATER).changed  # not the endorsed one
    db.session.commit()
    after = fresh(Thread, thread.id)
    assert (after.pinned_at, after.locked_at, after.endorsed_post_id) == (LATER, LATER, other.id)
    assert audit_rows(run_of("practice").id) == [
        ("pin", "thread", thread.id, ""), ("lock", "thread", thread.id, "The question is answered."),
        ("endorse", "post", answer.id, ""), ("endorse", "post", other.id, "")]

    assert moderation.set_pinned(user, "practice", thread.id, pinned=False, now=LATER)
    assert moderation.set_locked(user, "practice", thread.id, locked=False, now=LATER)
    assert moderation.endorse(user, "practice", other.id, endorsed=False, now=LATER).changed
    db.session.commit()
    after = fresh(Thread, thread.id)
    assert (after.pinned_at, after.locked_at, after.endorsed_post_id) == (None, None, None)
    assert [row[0] for row in audit_rows()][-3:] == ["unpin", "unlock", "unendorse"]


def test_the_opening_post_and_hidden_posts_are_not_endorsed(talk):
    people, thread, (question, answer, _) = talk
    with pytest.raises(ValidationError, match="endorse a reply"):
        moderation.endorse(people["tutor"], "practice", question.id, endorsed=True, now=LATER)
    answer.hidden_at = NOW
    db.session.commit()
    with pytest.raises(ValidationError, match="hidden"):
        moderation.endorse(people["tutor"], "practice", answer.id, endorsed=True, now=LATER)


def test_a_hidden_post_tells_its_author_why_once(talk):
    people, thread, (_, answer, _) = talk
    tutor = people["tutor"]
    with pytest.raises(ValidationError, match="Give a reason"):
        moderation.hide_post(tutor, "practice", answer.id, reason="  ", now=LATER)
    first = moderation.hide_post(tutor, "practice", answer.id, reason="It names a pupil.", now=LATER)
    again = moderation.hide_post(tutor, "practice", answer.id, reason="It names a pupil.", now=LATER)  # a double click
    db.session.commit()
    assert (first.changed, first.author_told, again.changed, again.author_told) == (True, True, False, False)
    assert fresh(Post, answer.id).hidden_at == LATER
    [told] = notifications_of(people["ben"].id, "post_hidden")
    assert told.payload["reason"] == "It names a pupil." and told.payload["thread"] == thread.id
    assert told.payload["post"] == answer.id and told.payload["course"] == "practice"
    assert audit_rows() == [("hide", "post", answer.id, "It names a pupil.")]

    restored = moderation.restore_post(tutor, "practice", answer.id, reason="The name was a fictional one.", now=LATER)
    assert not moderation.restore_post(tutor, "practice", answer.id, now=LATER).changed
    db.session.commit()
    assert restored.changed and fresh(Post, answer.id).hidden_at is None
    assert audit_rows()[-1] == ("restore", "post", answer.id, "The name was a fictional one.")
    assert len(audit_rows()) == 2


def test_hiding_the_opening_post_hides_the_thread_from_the_lists_until_restored(talk):
    people, thread, (question, _, _) = talk
    moderation.hide_post(people["tutor"], "practice", question.id, reason="Advertising.", now=LATER)
    db.session.commit()
    assert fresh(Thread, thread.id).hidden_at == LATER
    moderation.restore_post(people["tutor"], "practice", question.id, now=LATER)
    db.session.commit()
    assert fresh(Thread, thread.id).hidden_at is None


def test_hiding_the_endorsed_answer_takes_the_endorsement_back(talk):
    people, thread, (_, answer, _) = talk
    moderation.endorse(people["tutor"], "practice", answer.id, endorsed=True, now=LATER)
    moderation.hide_post(people["tutor"], "practice", answer.id, reason="Wrong and unkind.", now=LATER)
    db.session.commit()
    assert fresh(Thread, thread.id).endorsed_post_id is None


def test_a_tutor_hiding_their_own_post_is_not_told(talk):
    people, thread, _ = talk
    from tests.discussions.moderation_helpers import write_post

    own = write_post(thread, people["tutor"], "A link I should not have shared.", now=NOW)
    db.session.commit()
    assert not moderation.hide_post(people["tutor"], "practice", own.id, reason="Outdated.", now=LATER).author_told
    assert notifications_of(people["tutor"].id, "post_hidden") == []


def test_after_the_window_tutors_still_moderate(talk):
    people, thread, (_, answer, _) = talk
    after = run_of("practice").ends_at + timedelta(days=30)
    assert moderation.hide_post(people["tutor"], "practice", answer.id, reason="Off-topic.", now=after).changed
    assert moderation.set_locked(people["tutor"], "practice", thread.id, locked=True, now=after)


def test_a_thread_at_the_address_of_another_course_is_not_found(talk):
    people, thread, (_, answer, _) = talk
    with pytest.raises(NotFound):
        moderation.set_pinned(people["tutor"], "peer", thread.id, pinned=True, now=LATER)
    with pytest.raises(NotFound):
        moderation.hide_post(people["admin"], "peer", answer.id, reason="Spam.", now=LATER)
