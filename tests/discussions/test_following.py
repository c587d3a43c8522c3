"""Following a thread: posting follows it, each reply reaches every other follower who may still
read it once (in the ledger, in the poster's transaction), by e-mail as each one chose."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from lms.core.extensions import db
from lms.discussions.services.following import after_post, excerpt
from lms.learning.models import Enrolment
from lms.learning.services.enrolment import enrol
from lms.notifications.jobs import deliver_email
from tests.conftest import NOW, recording_sql
from tests.discussions.following_helpers import choose, followers, ledger, open_thread, post_row, reply, told
from tests.factories import make_learner, make_user
from tests.roster.helpers import second_run


def test_posting_follows_the_thread_and_each_reply_reaches_every_other_follower(app, courses):
    ada, bea, cy = (make_learner(now=NOW, name=name) for name in ("Ada Lovelace", "Bea Brown", "Cy Young"))
    thread = open_thread(ada, now=NOW)
    assert followers(thread) == [ada.id] and told() == []

    first = reply(thread, bea, now=NOW)
    assert followers(thread) == sorted([ada.id, bea.id])
    assert told() == [(ada.id, f"discussion_reply:{first.id}", "digest")]  # a daily digest unless they choose

    second = reply(thread, cy, now=NOW)
    assert sorted(told()[1:]) == sorted([(ada.id, f"discussion_reply:{second.id}", "digest"),
                                         (bea.id, f"discussion_reply:{second.id}", "digest")])
    third = reply(thread, ada, "Thank you both.", now=NOW)  # posting again: no second follow, not told of one's own
    assert followers(thread) == sorted([ada.id, bea.id, cy.id])
    assert sorted(user for user, key, _ in told() if key.endswith(f":{third.id}")) == sorted([bea.id, cy.id])


def test_a_retried_after_post_tells_nobody_twice(app, courses):
    ada, bea = make_learner(now=NOW), make_learner(now=NOW)
    thread = open_thread(ada, now=NOW)
    post = reply(thread, bea, now=NOW)
    after_post(thread, post, now=NOW + timedelta(seconds=1))  # a retry, a second call
    after_post(thread, post, now=NOW + timedelta(seconds=2))
    db.session.commit()
    assert told() == [(ada.id, f"discussion_reply:{post.id}", "digest")]
    assert followers(thread) == sorted([ada.id, bea.id])


def test_the_notification_says_who_replied_where_with_a_plain_excerpt_and_nothing_else(app, courses):
    ada, bea = make_learner(now=NOW), make_learner(now=NOW, name="Bea Brown")
    thread = open_thread(ada, now=NOW, title="Careers fairs")
    long = " ".join(["Our fair brings <b>forty</b> employers & parents."] * 10)
    html = (f"<blockquote><p>Tell us where your pupils first hear of STEM careers.</p></blockquote>"
            f"<p>We run a <strong>careers fair</strong> every spring.</p><ul><li>{long}</li></ul>")
    post = reply(thread, bea, "…", html=html, language="fr", now=NOW)
    [notification] = ledger("discussion_reply")
    payload = notification.payload
    assert set(payload) == {"course", "course_title", "course_language", "thread", "title", "post", "author", "excerpt",
                            "language"}
    assert payload["course"] == "stem-careers" and payload["course_title"] == "Opening Schools to STEM Careers"
    assert (payload["thread"], payload["post"], payload["title"], payload["author"]) == (thread.id, post.id, "Careers fairs",
                                                                                       "Bea Brown")
    assert payload["language"] == "fr"
    assert payload["excerpt"].startswith("We run a careers fair every spring. Our fair brings forty employers & parents.")
    assert "Tell us" not in payload["excerpt"] and "<" not in payload["excerpt"]  # not what it quotes, no markup
    assert len(payload["excerpt"]) <= 201 and payload["excerpt"].endswith("…")
    assert notification.read_at is None  # the bell counts it at once


def test_excerpt_is_one_line_of_text_cut_at_a_word():
    assert excerpt("<p>Hello <em>there</em>,</p>\n<p>friends &amp; colleagues.</p>") == "Hello there, friends & colleagues."
    assert excerpt("<p>" + "word " * 100 + "</p>", 23) == "word word word word…"
    assert excerpt("<blockquote><blockquote><p>deep</p></blockquote><p>quoted</p></blockquote><p>Mine.</p>") == "Mine."


def test_after_post_runs_the_same_few_statements_for_two_followers_as_for_thirty(app, courses):
    def seen_for(number: int):
        author = make_learner(now=NOW)
        thread = open_thread(author, now=NOW)
        for _ in range(number):
            reply(thread, make_learner(now=NOW), now=NOW)
        post = post_row(thread, author, "Thank you all.", now=NOW)
        with recording_sql() as seen:
            after_post(thread, post, now=NOW)
        db.session.commit()
        return seen

    small, large = seen_for(2), seen_for(30)
    assert len(small) == len(large) == 3  # the follow, what the notification says, the notifications
    assert [parameters for _, parameters in small] == [parameters for _, parameters in large]
    # Each reply told the followers before it; the author's last post told every replier.
    assert len(told()) == sum(range(1, 3)) + 2 + sum(range(1, 31)) + 30


def test_only_followers_who_may_still_read_the_thread_are_told(app, courses):
    ada = make_learner(now=NOW)
    gone, moved, tutor, admin, stays = (make_learner(now=NOW) for _ in range(5))
    thread = open_thread(ada, now=NOW)
    for person in (gone, moved, tutor, admin, stays):
        reply(thread, person, now=NOW)
    make_course_tutor_from(tutor)
    admin.is_admin = True
    db.session.execute(update(Enrolment).where(Enrolment.user_id.in_([tutor.id, admin.id, gone.id]))
                       .values(unenrolled_at=NOW))  # the tutor and the admin read it as staff; ``gone`` may not
    later = second_run("stem-careers", starts=NOW + timedelta(days=1))
    enrol(moved, later.id, course_slug="stem-careers", now=NOW + timedelta(hours=1))  # now reads the later run's
    db.session.commit()
    post = reply(thread, ada, now=NOW + timedelta(hours=2))
    assert sorted(user for user, key, _ in told() if key == f"discussion_reply:{post.id}") == sorted([tutor.id, admin.id, stays.id])


def make_course_tutor_from(user) -> None:
    from lms.courses.services.staffing import make_tutor

    make_tutor(user, "stem-careers")
    db.session.commit()


def test_each_daily_or_no_email_as_each_follower_chose(app, courses, smtp):
    each, daily, off = (make_learner(now=NOW, name=name) for name in ("Ada Each", "Bea Daily", "Cy Off"))
    choose(each, "each"), choose(daily, "daily"), choose(off, "off")
    thread = open_thread(each, now=NOW, title="Careers fairs")
    reply(thread, daily, now=NOW), reply(thread, off, now=NOW)
    author = make_learner(now=NOW, name="Dee Writer")
    post = reply(thread, author, "Our fair brings forty employers.", now=NOW)
    statuses = {user: status for user, key, status in told() if key == f"discussion_reply:{post.id}"}
    assert statuses == {each.id: "pending", daily.id: "digest", off.id: "skipped"}

    assert deliver_email(NOW) == 3  # Ada chose each reply: Bea's, Cy's and this one
    assert {message["To"] for message in smtp.messages} == {each.email}
    message = smtp.messages[-1]
    assert message["Subject"] == "New reply in “Careers fairs”"
    text = message.get_body(("plain",)).get_content()
    assert 'Dee Writer replied in "Careers fairs" (Opening Schools to STEM Careers):' in text
    assert "Our fair brings forty employers." in text
    assert f"http://localhost/courses/stem-careers/discussions/threads/{thread.id}?after={post.id - 1}#post-{post.id}" in text
    assert deliver_email(NOW + timedelta(minutes=5)) == 0  # the others wait for a digest, or for nothing


def test_a_reply_email_is_written_in_the_followers_language(app, courses, smtp):
    ada, bea = make_user(name="Ada Lovelace", now=NOW), make_learner(now=NOW, name="Bea Brown")
    from tests.factories import make_enrolment

    make_enrolment(ada, now=NOW)
    ada.language, ada.timezone = "fr", "Europe/Paris"
    choose(ada, "each")
    thread = open_thread(ada, now=NOW, title="Salons des métiers")
    reply(thread, bea, "We run one every spring.", now=NOW)
    assert deliver_email(NOW) == 1
    [message] = smtp.messages
    assert message["Content-Language"] == "fr"
    assert message["Subject"] == "Nouvelle réponse dans «\u00a0Salons des métiers\u00a0»"  # no-break spaces, as French sets them
    text = message.get_body(("plain",)).get_content()
    assert text.startswith("Bonjour Ada Lovelace,")
    assert "Bea Brown a répondu dans « Salons des métiers » (Opening Schools to STEM Careers) :" in text
