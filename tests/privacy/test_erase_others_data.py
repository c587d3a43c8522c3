"""Erasure reaches what other people's rows say about the person: the notes that told followers of
their replies, and a badge credential they had signed with their own work as evidence."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.awards import credentials
from lms.awards.models import Assertion
from lms.core.extensions import db
from lms.discussions.jobs import send_discussion_digests
from lms.notifications.models import Notification
from tests.conftest import NOW, submit
from tests.discussions.builders import reply, start_thread
from tests.factories import PASSWORD
from tests.privacy.helpers import EMAIL, NAME, REFLECTION, busy_learner, run_erasures
from tests.privacy.test_erase import _holders_of

MY_REPLY = "We invited a bridge engineer last spring."


def _erase(client):
    return submit(client, "/account/data/erase", {"password": PASSWORD}, page="/account/data")


def test_followers_notes_of_their_replies_lose_the_name_and_the_words(app, practice):
    client = app.test_client()
    user, other = busy_learner(client)
    posted = start_thread(other, title="Field trips", text="Has anyone visited a site?", course_slug="practice")
    reply(user, posted.thread.id, text=MY_REPLY)
    db.session.commit()
    told = db.session.scalar(select(Notification).where(Notification.user_id == other.id,
                                                        Notification.kind == "discussion_reply"))
    assert told.payload["author"] == NAME
    _erase(client)
    run_erasures()
    db.session.expire_all()
    assert _holders_of(EMAIL, NAME, MY_REPLY) == []
    told = db.session.get(Notification, told.id)
    assert told.user_id == other.id and told.payload["thread"] == posted.thread.id  # the follower keeps where


def test_a_followers_daily_digest_that_quoted_their_reply_loses_the_name_and_the_words(app, practice, smtp):
    client = app.test_client()
    user, other = busy_learner(client)
    posted = start_thread(other, title="Field trips", text="Has anyone visited a site?", course_slug="practice")
    reply(user, posted.thread.id, text=MY_REPLY)
    db.session.commit()
    assert send_discussion_digests(NOW + timedelta(minutes=15)) == 2  # the follower's, and their own (Grace answered them)
    db.session.commit()
    digest = db.session.scalar(select(Notification).where(Notification.user_id == other.id,
                                                          Notification.kind == "discussion_digest"))
    quoted = digest.payload["threads"][0]["replies"][0]
    assert quoted["author"] == NAME and MY_REPLY[:20] in quoted["excerpt"]
    _erase(client)
    run_erasures()
    db.session.expire_all()
    assert _holders_of(EMAIL, NAME, MY_REPLY) == []
    kept = db.session.get(Notification, digest.id).payload
    assert kept["threads"][0]["title"] == "Field trips" and kept["count"] == digest.payload["count"]  # the rest stays


def test_a_credential_signed_with_their_own_work_no_longer_holds_it(app, practice):
    client = app.test_client()
    user, _ = busy_learner(client)
    uid = db.session.scalar(select(Assertion.uid).where(Assertion.user_id == user.id))
    credentials.share_work(user, uid, True, now=NOW)
    db.session.commit()
    assert _holders_of(REFLECTION)
    _erase(client)
    run_erasures()
    db.session.expire_all()
    assert _holders_of(EMAIL, NAME, REFLECTION) == []
    hosted = app.test_client().get(f"/badges/assertions/{uid}.json")
    assert hosted.get_json()["revocationReason"] == "account closed"


def test_learners_notes_of_a_tutors_announcement_no_longer_name_the_erased_tutor(app, practice):
    from tests.cohort.test_announcements import press, written
    from tests.factories import make_tutor_client

    learner, _ = busy_learner()
    tutor_user, tutor = make_tutor_client(app, "practice", now=NOW, name="Tess Tutorial", email="tess.tutorial@example.org")
    assert press(tutor, written(tutor), "send").status_code == 302
    note = db.session.scalar(select(Notification).where(Notification.user_id == learner.id,
                                                        Notification.kind == "announcement"))
    assert note.payload["author"] == "Tess Tutorial"
    _erase(tutor)
    run_erasures()
    db.session.expire_all()
    assert _holders_of("tess.tutorial@example.org", "Tess Tutorial") == []
    note = db.session.get(Notification, note.id)
    assert note.payload["subject"] == "Monday session"  # the learners keep the announcement
    from lms.core.access import CourseStaff
    assert db.session.scalar(select(CourseStaff.id).where(CourseStaff.user_id == tutor_user.id)) is None  # teaches nothing


def test_the_discussion_search_index_forgets_their_words(app, practice):
    """The search index lives outside the models' tables (an FTS5 table on SQLite, a tsvector column on
    PostgreSQL), so the column scan cannot see it: ask it directly."""
    from sqlalchemy import text

    client = app.test_client()
    user, other = busy_learner(client)
    posted = start_thread(other, title="Field trips", text="Has anyone visited a site?", course_slug="practice")
    reply(user, posted.thread.id, text="Zanzibarian viaduct excursions were splendid.")
    db.session.commit()

    def indexed(word: str) -> int:
        if db.engine.dialect.name == "sqlite":
            return db.session.scalar(text("SELECT count(*) FROM discussion_posts_fts WHERE discussion_posts_fts MATCH :w"),
                                     {"w": word})
        return db.session.scalar(text("SELECT count(*) FROM discussion_posts WHERE search_words @@ to_tsquery('simple', :w)"),
                                 {"w": word})

    assert indexed("zanzibarian") == 1 and indexed("engineers") >= 1
    _erase(client)
    run_erasures()
    db.session.expire_all()
    assert indexed("zanzibarian") == 0


def test_an_erased_learners_work_and_claims_leave_the_review_queue(app, peer_course):
    from tests.factories import make_learner
    from tests.peer_helpers import author_of, claim, submit as hand_in

    client = app.test_client()
    leaving = make_learner("peer", now=NOW, name=NAME, email=EMAIL, client=client)
    staying = make_learner("peer", now=NOW, name="Bea Staying")
    hand_in(leaving, NOW, text="My plan has six steps, soon erased.")
    hand_in(staying, NOW)
    assert author_of(claim(leaving, NOW)) == staying.id  # the leaving learner holds the only other work
    _erase(client)
    run_erasures()
    newcomer = make_learner("peer", now=NOW, name="Cai Newcomer")
    hand_in(newcomer, NOW)
    handed = claim(newcomer, NOW)
    assert handed is not None and author_of(handed) == staying.id  # never the blank page, and not held back


def test_nothing_more_is_announced_to_an_erased_account(app, practice):
    from lms.learning.models import Enrolment
    from tests.cohort.test_announcements import press, written
    from tests.factories import make_tutor_client

    client = app.test_client()
    user, other = busy_learner(client)
    _erase(client)
    run_erasures()
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    assert press(tutor, written(tutor), "send").status_code == 302
    db.session.expire_all()
    told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "announcement")))
    assert told == {other.id}
    assert db.session.scalar(select(Enrolment.unenrolled_at).where(Enrolment.user_id == user.id)) is not None


def test_one_erasure_that_keeps_failing_holds_none_of_the_others_back(app, practice, monkeypatch):
    from datetime import timedelta

    from lms.discussions import personal_data as discussions
    from lms.privacy import services
    from lms.privacy.models import AccountErasure

    stuck, _ = busy_learner()
    from tests.factories import make_learner
    leaving = make_learner("practice", now=NOW, email="lin.leaving@example.org", name="Lin Leaving")
    services.queue_erasure(stuck.id, reason="requested", now=NOW)  # asked first
    services.queue_erasure(leaving.id, reason="requested", now=NOW + timedelta(minutes=1))
    db.session.commit()
    real = discussions.erase

    def fails_for_one(user_id, *, now):
        if user_id == stuck.id:
            raise RuntimeError("a bug in one feature's part")
        return real(user_id, now=now)

    monkeypatch.setattr(discussions, "erase", fails_for_one)
    assert run_erasures() == 1
    db.session.expire_all()
    assert _holders_of("lin.leaving@example.org", "Lin Leaving") == []
    waiting = db.session.scalar(select(AccountErasure).where(AccountErasure.erased_at.is_(None)))
    assert waiting.user_id == stuck.id and waiting.claimed_by is None  # tried again at the next run
