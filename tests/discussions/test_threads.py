"""Reading discussions: the run's forums with their figures, a forum's threads (pinned first, then
newest activity, pages of 50 that follow each other), a thread's posts in pages, and the unread
markers that clear as one reads."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from lms.core.extensions import db
from lms.discussions.models import ReadMark, Thread
from lms.learning.services.enrolment import enrol
from tests.conftest import NOW
from tests.discussions.builders import many_replies, many_threads, reply, second_run, start_thread
from tests.factories import make_learner_client, make_tutor_client, make_user, log_in, run_of

BASE = "/courses/stem-careers/discussions"
GENERAL = BASE + "/forums/general"


def titles(html: str) -> list[str]:
    return re.findall(r'<a href="/courses/stem-careers/discussions/threads/\d+">([^<]+)</a>', html)


def test_the_index_lists_the_course_forum_first_then_each_open_module_with_its_figures(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    ben, reader = make_learner_client(app, now=NOW)
    posted = start_thread(ada, title="Hello")
    reply(ada, posted.thread.id, "Anyone?")
    start_thread(ada, title="About the market", forum="stem-careers-job-market")
    html = reader.get(BASE).get_data(as_text=True)
    forums = re.findall(r'discussions/forums/([a-z-]+)"', html)
    assert forums[:3] == ["general", "introduction", "stem-careers-job-market"]
    assert "school-to-work-programmes" not in forums  # that module opens later
    general = html[html.index("forums/general"):html.index("forums/introduction")]
    assert "1 thread" in general and "2 posts" in general and "1 thread with posts you have not read" in general


def test_the_list_shows_pinned_threads_first_then_the_newest_activity(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    old = start_thread(ada, title="Oldest", now=NOW)
    start_thread(ada, title="Middle", now=NOW + timedelta(minutes=1))
    newest = start_thread(ada, title="Newest", now=NOW + timedelta(minutes=2))
    reply(ada, old.thread.id, "Revived", now=NOW + timedelta(minutes=3))
    assert titles(client.get(GENERAL).get_data(as_text=True)) == ["Oldest", "Newest", "Middle"]
    db.session.get(Thread, newest.thread.id).pinned_at = NOW
    db.session.commit()
    html = client.get(GENERAL).get_data(as_text=True)
    assert titles(html) == ["Newest", "Oldest", "Middle"]
    assert "Pinned" in html


def test_unread_markers_clear_when_the_thread_is_read_and_come_back_with_a_new_reply(app, courses):
    ada, author = make_learner_client(app, now=NOW)
    ben, reader = make_learner_client(app, now=NOW)
    posted = start_thread(ada, title="Mentors")
    assert "New posts" in reader.get(GENERAL).get_data(as_text=True)
    thread_url = f"{BASE}/threads/{posted.thread.id}"
    assert reader.get(thread_url).status_code == 200
    assert "New posts" not in reader.get(GENERAL).get_data(as_text=True)
    assert "with posts you have not read" not in reader.get(BASE).get_data(as_text=True)
    answer = reply(ada, posted.thread.id, "And parents too.", now=NOW + timedelta(minutes=1))
    assert "New posts" in reader.get(GENERAL).get_data(as_text=True)
    page = reader.get(thread_url).get_data(as_text=True)
    new = page[page.index(f'id="post-{answer.post.id}"'):]
    assert '<span class="tag tag-new">New</span>' in new[:1500]
    mark = db.session.scalar(select(ReadMark).where(ReadMark.user_id == ben.id).execution_options(populate_existing=True))
    assert mark.last_read_post_id == answer.post.id


def test_reading_a_thread_again_writes_nothing(app, courses, record_sql):
    ada, client = make_learner_client(app, now=NOW)
    posted = start_thread(ada)
    url = f"{BASE}/threads/{posted.thread.id}"
    with record_sql() as first:
        client.get(url)
    with record_sql() as again:
        client.get(url)
    writes = [s for s, _ in again if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert any(s.lstrip().upper().startswith("INSERT") for s, _ in first) and writes == []


def test_a_forum_of_many_threads_comes_in_pages_of_50_that_follow_each_other(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    many_threads(run_of("stem-careers").id, ada.id, 120)
    db.session.get(Thread, 3).pinned_at = NOW  # "Thread 00002", pinned: first, on the first page only
    db.session.commit()
    first = client.get(GENERAL).get_data(as_text=True)
    names = titles(first)
    assert names[0] == "Thread 00002" and names[1:] == [f"Thread {n:05d}" for n in range(119, 69, -1)]
    assert "Threads 1–51 of 120" in first
    seen = names
    html = first
    while 'rel="next"' in html:
        html = client.get(re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")).get_data(as_text=True)
        seen += titles(html)
    assert sorted(seen) == sorted({f"Thread {n:05d}" for n in range(120)}) and len(seen) == 120  # each once
    back = client.get(re.search(r'rel="prev" href="([^"]+)"', html).group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert titles(back) == [f"Thread {n:05d}" for n in range(69, 19, -1)]


def test_a_long_thread_comes_in_pages_with_a_link_to_the_first_unread_post(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    ben, reader = make_learner_client(app, now=NOW)
    posted = start_thread(ada)
    many_replies(posted.thread.id, [ada.id, ben.id], 60)
    url = f"{BASE}/threads/{posted.thread.id}"
    first = reader.get(url).get_data(as_text=True)
    assert "Posts 1–50 of 61" in first and "Reply 00048" in first and "Reply 00049" not in first
    many_replies(posted.thread.id, [ada.id], 5, start=60)
    again = reader.get(url).get_data(as_text=True)  # back at the top: the way on to what is new
    link = re.search(r'href="([^"]+)">Go to the first post you have not read', again).group(1).replace("&amp;", "&")
    assert "after=" in link
    unread = reader.get(link).get_data(as_text=True)
    assert "Reply 00049" in unread and "Reply 00064" in unread and "Posts 51–66 of 66" in unread


def test_a_tutor_chooses_the_run_and_learners_see_only_their_own(app, courses):
    ada, learner = make_learner_client(app, now=NOW)
    spring = second_run()
    cleo = make_user(email="cleo@example.org", name="Cleo Spring", now=NOW)
    enrol(cleo, spring.id, course_slug="stem-careers", now=NOW, by_tutor=True)
    db.session.commit()
    start_thread(ada, title="Autumn talk")
    start_thread(cleo, title="Spring talk", run_slug="spring-2018")
    _, tutor = make_tutor_client(app, "stem-careers", now=NOW)
    assert titles(tutor.get(GENERAL).get_data(as_text=True)) == ["Spring talk"]  # the latest run by default
    assert titles(tutor.get(GENERAL + "?run=autumn-2017").get_data(as_text=True)) == ["Autumn talk"]
    index = tutor.get(BASE).get_data(as_text=True)
    assert 'name="run"' in index and "Autumn 2017" in index and "Spring 2018" in index
    assert titles(learner.get(GENERAL).get_data(as_text=True)) == ["Autumn talk"]
    assert learner.get(GENERAL + "?run=spring-2018").status_code == 404
    cleo_client = app.test_client()
    log_in(cleo_client, "cleo@example.org")
    assert titles(cleo_client.get(GENERAL).get_data(as_text=True)) == ["Spring talk"]
