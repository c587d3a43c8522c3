"""The daily digest: those who chose it get, at the first run from 07:00 in their own time zone, one
e-mail listing the day's replies in the threads they follow, grouped by thread, in their language;
a second run that day (or a second scheduler at the same instant) sends nothing; replies that come
later wait for the next day's."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from lms.core.extensions import db
from lms.discussions.jobs import send_discussion_digests
from lms.discussions.models import Post
from lms.discussions.services import digest
from lms.notifications.jobs import deliver_email
from tests.conftest import NOW, meeting_at, recording_sql
from tests.discussions.following_helpers import choose, ledger, open_thread, reply, told
from tests.factories import make_learner
from tests.service.test_email_delivery import bodies

UTC = timezone.utc
NEXT_MORNING = datetime(2017, 10, 4, 5, 5, tzinfo=UTC)  # 07:05 in Brussels


def people(*names: str) -> list:
    return [make_learner(now=NOW, name=name) for name in names]


def replies_for_ada(now=NOW):
    """Ada follows two threads; Bea and Cy reply three times in the first, Dee once in the second
    (the three of them chose no discussion e-mail)."""
    ada, bea, cy, dee = people("Ada Lovelace", "Bea Brown", "Cy Young", "Dee Dalton")
    for person in (bea, cy, dee):
        choose(person, "off")
    fairs = open_thread(ada, now=now, title="Careers fairs")
    mentors = open_thread(ada, now=now, title="Mentors")
    reply(fairs, bea, "We invite parents who work in labs.", now=now)
    reply(fairs, cy, "Our fair is in March.", now=now)
    reply(fairs, bea, "Ask the local engineering school too.", now=now)
    reply(mentors, dee, "Two engineers visit every term.", now=now)
    return ada, (bea, cy, dee), (fairs, mentors)


def test_one_email_lists_the_days_replies_by_thread_and_a_second_run_sends_nothing(app, courses, smtp):
    ada, _, (fairs, mentors) = replies_for_ada()
    assert deliver_email(NOW) == 0  # a daily digest: nothing one by one
    assert send_discussion_digests(NOW + timedelta(minutes=15)) == 1  # 12:15 in Brussels: today's digest
    assert [status for user, _, status in told() if user == ada.id] == ["digested"] * 4

    assert deliver_email(NOW + timedelta(minutes=15)) == 1
    [message] = smtp.messages
    assert message["To"] == ada.email and message["Subject"] == "4 new replies in discussions you follow"
    text, html = bodies(message)
    base = "http://localhost/courses/stem-careers/discussions/threads"
    first_fair = told()[0][1].split(":")[1]
    assert ("4 new replies in discussions you follow:\n\n"
            f'"Careers fairs" (Opening Schools to STEM Careers): {base}/{fairs.id}?after={int(first_fair) - 1}#post-{first_fair}\n'
            "- Bea Brown: We invite parents who work in labs.\n"
            "- Cy Young: Our fair is in March.\n"
            "- Bea Brown: Ask the local engineering school too.\n\n"
            '"Mentors" (Opening Schools to STEM Careers): ') in text
    assert "- Dee Dalton: Two engineers visit every term." in text
    assert "<li>Bea Brown: We invite parents who work in labs.</li>" in html

    # Later the same day: nothing more, however often the job runs; the e-mail job has nothing to send.
    assert send_discussion_digests(NOW + timedelta(hours=3)) == 0
    assert send_discussion_digests(NOW + timedelta(hours=3)) == 0
    assert deliver_email(NOW + timedelta(hours=3)) == 0
    assert len(ledger("discussion_digest")) == 1
    [digest_row] = ledger("discussion_digest")
    assert digest_row.key == f"discussion_digest:{ada.id}:2017-10-03" and digest_row.read_at is not None  # shown one by one


def test_replies_after_the_days_digest_wait_for_the_next_morning_in_the_readers_zone(app, courses, smtp):
    ada, (bea, *_), (fairs, _) = replies_for_ada()
    assert send_discussion_digests(NOW) == 1
    later = reply(fairs, bea, "One more idea: a school podcast.", now=NOW + timedelta(hours=2))
    assert send_discussion_digests(NOW + timedelta(hours=4)) == 0  # today's went already
    assert send_discussion_digests(datetime(2017, 10, 4, 4, 50, tzinfo=UTC)) == 0  # 06:50 in Brussels: not yet
    assert (ada.id, f"discussion_reply:{later.id}", "digest") in told()
    assert send_discussion_digests(NEXT_MORNING) == 1
    assert deliver_email(NEXT_MORNING) == 2  # yesterday's and today's
    newest = smtp.messages[-1]
    assert newest["Subject"] == "1 new reply in discussions you follow"
    assert "- Bea Brown: One more idea: a school podcast." in bodies(newest)[0]
    assert "We invite parents" not in bodies(newest)[0]


def test_the_morning_is_each_readers_own(app, courses):
    tokyo, lima = people("Tomo in Tokyo", "Luz in Lima")
    tokyo.timezone, lima.timezone = "Asia/Tokyo", "America/Lima"
    db.session.commit()
    writer = make_learner(now=NOW)
    early = datetime(2017, 10, 2, 10, 0, tzinfo=UTC)  # Monday: 19:00 in Tokyo, 05:00 in Lima
    thread = open_thread(tokyo, now=early)
    reply(thread, lima, now=early), reply(thread, writer, now=early)
    assert [user for user, *_ in told("discussion_reply")].count(lima.id) == 1
    send_discussion_digests(early)
    assert [row.user_id for row in ledger("discussion_digest")] == [tokyo.id]  # Lima's morning has not come
    send_discussion_digests(early + timedelta(hours=2, minutes=5))  # 07:05 in Lima
    assert sorted(row.key for row in ledger("discussion_digest")) == sorted(
        [f"discussion_digest:{tokyo.id}:2017-10-02", f"discussion_digest:{lima.id}:2017-10-02"])


def test_two_schedulers_at_the_same_instant_record_one_digest(app, courses, smtp):
    ada, _, _ = replies_for_ada()
    results, errors = [], []

    def job() -> None:
        try:
            with app.app_context():
                results.append(send_discussion_digests(NOW + timedelta(minutes=15)))
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    with meeting_at("INSERT INTO NOTIFICATIONS"):
        runs = [threading.Thread(target=job) for _ in range(2)]
        for run in runs:
            run.start()
        for run in runs:
            run.join(timeout=60)
    assert errors == [] and sorted(results) == [0, 1]
    assert len(ledger("discussion_digest")) == 1
    assert deliver_email(NOW + timedelta(minutes=15)) == 1


def test_those_who_chose_no_email_meanwhile_get_no_digest_and_each_choice_is_kept(app, courses, smtp):
    ada, (bea, cy, dee), (fairs, mentors) = replies_for_ada()
    choose(ada, "off")
    assert send_discussion_digests(NOW) == 0
    assert {status for user, _, status in told() if user == ada.id} == {"skipped"}
    choose(ada, "daily")
    choose(bea, "each")
    reply(fairs, cy, "See you in March.", now=NOW)
    assert send_discussion_digests(NOW) == 1  # Ada's new reply; Bea's came one by one
    assert deliver_email(NOW) == 2
    assert sorted(message["To"] for message in smtp.messages) == sorted([ada.email, bea.email])


def test_a_long_digest_lists_the_first_replies_and_counts_the_rest(app, courses, smtp):
    ada, bea = people("Ada Lovelace", "Bea Brown")
    thread = open_thread(ada, now=NOW)
    for number in range(digest.LISTED + 5):
        reply(thread, bea, f"Idea number {number}.", now=NOW)
    assert send_discussion_digests(NOW) == 1
    assert deliver_email(NOW) == 1
    text = bodies(smtp.messages[0])[0]
    assert smtp.messages[0]["Subject"] == f"{digest.LISTED + 5} new replies in discussions you follow"
    assert f"Idea number {digest.LISTED - 1}." in text and f"Idea number {digest.LISTED}." not in text
    assert "And 5 more replies." in text
    assert {status for *_, status in told()} == {"digested"}


def test_the_digest_runs_the_same_statements_for_two_readers_as_for_twelve(app, courses):
    def statements_for(readers: int) -> int:
        writer = make_learner(now=NOW)
        for person in people(*(f"Reader {n}" for n in range(readers))):
            thread = open_thread(person, now=NOW)
            reply(thread, writer, now=NOW), reply(thread, writer, now=NOW)
        with recording_sql() as seen:
            assert send_discussion_digests(NOW) == readers
        return len(seen)

    assert statements_for(2) == statements_for(12)


def test_the_digest_is_written_in_the_readers_language(app, courses, smtp):
    ada, _, _ = replies_for_ada()
    ada.language = "de"
    db.session.commit()
    send_discussion_digests(NOW)
    assert deliver_email(NOW) == 1
    [message] = smtp.messages
    assert message["Content-Language"] == "de"
    assert message["Subject"] == "4 neue Antworten in Diskussionen, denen Sie folgen"
    text = bodies(message)[0]
    assert text.startswith("Guten Tag Ada Lovelace,")
    assert "„Careers fairs“ (Opening Schools to STEM Careers): http://localhost/" in text


def test_a_reply_hidden_or_removed_before_the_morning_is_not_in_the_digest(app, courses, smtp):
    ada, (bea, cy, dee), (fairs, mentors) = replies_for_ada()
    posts = [int(key.split(":")[1]) for user, key, _ in told() if user == ada.id]  # Bea, Cy, Bea, Dee
    hidden = db.session.get(Post, posts[0])  # Bea's first reply, hidden by a tutor
    hidden.hidden_at = NOW
    removed = db.session.get(Post, posts[3])  # Dee's, removed by its author
    removed.deleted_at = NOW
    db.session.commit()
    assert send_discussion_digests(NOW) == 1 and deliver_email(NOW) == 1
    text = bodies(smtp.messages[0])[0]
    assert smtp.messages[0]["Subject"] == "2 new replies in discussions you follow"
    assert "We invite parents" not in text and "Two engineers" not in text and '"Mentors"' not in text
    assert "- Cy Young: Our fair is in March." in text


def test_nothing_is_sent_when_every_waiting_reply_was_hidden(app, courses, smtp):
    ada, bea = people("Ada Lovelace", "Bea Brown")
    thread = open_thread(ada, now=NOW)
    post = reply(thread, bea, now=NOW)
    post.hidden_at = NOW
    db.session.commit()
    assert send_discussion_digests(NOW) == 0 and deliver_email(NOW) == 0
    assert told() == [(ada.id, f"discussion_reply:{post.id}", "skipped")]
