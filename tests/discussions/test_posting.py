"""Writing in discussions as a person does, through the pages: starting a thread (from a module's
prompt or not), replying, quoting, a double click, limits on what is typed, and the window's end."""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event, func, select

from lms.core.extensions import db
from lms.discussions.models import Post, Thread
from lms.learning.models import ModuleProgress
from tests.conftest import NOW, csrf_from, submit
from tests.discussions.builders import module_of, reply, start_thread, token
from tests.factories import make_learner_client, make_tutor_client

BASE = "/courses/stem-careers/discussions"
NEW = BASE + "/forums/general/new"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@contextmanager
def meeting_once_at(statement_start: str, parties: int = 2):
    """Hold each of ``parties`` requests at its first statement beginning with ``statement_start``
    until all are there (once: after it, one waits for the other's write lock)."""
    meeting, met = threading.Barrier(parties, timeout=30), threading.local()

    def meet(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(statement_start) and not getattr(met, "done", False):
            met.done = True
            meeting.wait()

    event.listen(db.engine, "before_cursor_execute", meet)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", meet)


def fresh(model, row_id: int):
    """The row as the database holds it now (the requests wrote it in sessions of their own)."""
    return db.session.get(model, row_id, populate_existing=True)


def test_a_learner_starts_a_thread_and_finds_it_at_the_top_of_the_forum(app, courses):
    ada, client = make_learner_client(app, now=NOW, name="Ada Lovelace")
    response = submit(client, NEW, {"title": "  Inviting   employers ", "body": "We **invite** parents.", "token": token()})
    assert response.status_code == 302 and "#post-" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "<h1>Inviting employers</h1>" in page  # spaces tidied
    assert "We <strong>invite</strong> parents." in page
    listing = client.get(BASE + "/forums/general").get_data(as_text=True)
    assert "Inviting employers" in listing and "0 replies" in listing
    index = client.get(BASE).get_data(as_text=True)
    assert "1 thread" in index and "1 post" in index


def test_a_double_click_posts_once_and_both_clicks_land_on_the_post(app, courses):
    _, client = make_learner_client(app, now=NOW)
    same = {"title": "Twice?", "body": "Pressed twice.", "token": token()}
    first = submit(client, NEW, same)
    second = submit(client, NEW, same)
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    assert count(Thread) == 1 and count(Post) == 1
    assert "already posted" in client.get(second.location).get_data(as_text=True)


def test_a_reply_twice_with_the_same_form_is_one_reply(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    thread = start_thread(ada).thread
    url = f"{BASE}/threads/{thread.id}"
    same = {"body": "Only once, please.", "token": token()}
    assert submit(client, url + "/reply", same, page=url).location == submit(client, url + "/reply", same, page=url).location
    assert count(Post) == 2
    assert fresh(Thread, thread.id).reply_count == 1


def test_two_clicks_arriving_together_post_one_reply_and_both_land_on_it(app, courses):
    """Both requests have read "not posted yet": one stores the reply, the other takes its turn
    after it and finds it (the unique (author, token) would refuse a second), and answers the same."""
    ada, first = make_learner_client(app, now=NOW)
    thread = start_thread(ada).thread
    url = f"{BASE}/threads/{thread.id}"
    csrf = csrf_from(first.get(url).get_data(as_text=True))
    second = app.test_client()
    second.set_cookie("session", first.get_cookie("session").value)  # the same person, a second tab
    same = {"body": "Sent twice at once.", "token": token(), "csrf_token": csrf}
    answers: list[tuple[int, str | None]] = []

    def send(client) -> None:
        response = client.post(url + "/reply", data=same)
        answers.append((response.status_code, response.headers.get("Location")))

    with meeting_once_at("SELECT DISCUSSION_POSTS.ID"):  # both look for the post this form made: none yet
        senders = [threading.Thread(target=send, args=(client,)) for client in (first, second)]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join(timeout=60)
    assert [status for status, _ in answers] == [302, 302] and answers[0][1] == answers[1][1]
    assert count(Post) == 2 and fresh(Thread, thread.id).reply_count == 1


def test_quoting_fills_the_form_and_the_reply_links_to_the_quoted_post(app, courses):
    ada, client = make_learner_client(app, now=NOW, name="Ada Lovelace")
    ben, ben_client = make_learner_client(app, now=NOW, name="Ben Okafor")
    posted = start_thread(ada, text="Career fairs work best in spring.\n\nAnd with parents.")
    url = f"{BASE}/threads/{posted.thread.id}"
    form = ben_client.get(f"{url}?quote={posted.post.id}").get_data(as_text=True)
    assert "&gt; Ada Lovelace wrote:\n&gt;\n&gt; Career fairs work best in spring.\n&gt;\n&gt; And with parents." in form
    assert f'name="quoted_post_id" type="hidden" value="{posted.post.id}"' in form
    text = "> Ada Lovelace wrote:\n>\n> Career fairs work best in spring.\n\nWe hold ours in March."
    submit(ben_client, url + "/reply", {"body": text, "token": token(), "quoted_post_id": str(posted.post.id)}, page=url)
    answer = db.session.scalar(select(Post).where(Post.author_id == ben.id))
    assert answer.quoted_post_id == posted.post.id
    assert "<blockquote>" in answer.html
    page = ben_client.get(url).get_data(as_text=True)
    assert f'<a href="#post-{posted.post.id}">in reply to Ada Lovelace</a>' in page


def test_quoting_a_post_of_another_thread_is_ignored(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    elsewhere = start_thread(ada, title="Elsewhere").post
    thread = start_thread(ada, title="Here").thread
    url = f"{BASE}/threads/{thread.id}"
    assert "quoted_post_id\" type=\"hidden\" value=\"\"" in client.get(f"{url}?quote={elsewhere.id}").get_data(as_text=True)
    submit(client, url + "/reply", {"body": "Hello", "token": token(), "quoted_post_id": str(elsewhere.id)}, page=url)
    assert db.session.scalar(select(Post.quoted_post_id).where(Post.thread_id == thread.id, Post.text == "Hello")) is None


def test_a_thread_started_from_a_module_prompt_shows_the_prompt_and_remembers_it(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    url = BASE + "/forums/introduction/new?prompt=introduce-yourself"
    page = client.get(url).get_data(as_text=True)
    assert "You are answering:" in page and "Introduce yourself" in page
    submit(client, url, {"title": "Hello from Ghent", "body": "I lead a secondary school.", "token": token()})
    thread = db.session.scalar(select(Thread))
    assert thread.module_id == module_of("introduction").id and thread.prompt_id is not None
    # An unknown prompt (or one of another module) is ignored: the thread is still posted.
    odd = BASE + "/forums/introduction/new?prompt=no-such-prompt"
    assert "You are answering:" not in client.get(odd).get_data(as_text=True)
    submit(client, odd, {"title": "Second", "body": "Still fine.", "token": token()})
    assert db.session.scalar(select(Thread.prompt_id).where(Thread.title == "Second")) is None


def test_a_learners_post_in_a_module_forum_is_recorded_as_work_in_that_module(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    submit(client, BASE + "/forums/introduction/new", {"title": "Hi", "body": "Hello all.", "token": token()})
    module = module_of("introduction")
    assert db.session.scalar(select(func.count()).select_from(ModuleProgress).where(ModuleProgress.module_id == module.id)) == 1


def test_a_form_with_faults_says_what_is_wrong_beside_each_field_and_keeps_the_text(app, courses):
    _, client = make_learner_client(app, now=NOW)
    huge = "x" * 20_001
    response = submit(client, NEW, {"title": "T" * 201, "body": huge, "token": token()})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write a title of at most 200 characters." in page and "Write at most 20000 characters." in page
    assert huge in page
    empty = submit(client, NEW, {"title": "", "body": "   ", "token": token()}).get_data(as_text=True)
    assert "Give your thread a title." in empty and "Write your message." in empty
    assert count(Thread) == 0


def test_nul_bytes_and_control_characters_are_refused_with_the_fields_message_never_a_500(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    response = submit(client, NEW, {"title": "Nul\x00title", "body": "Body with \x00 inside", "token": token()})
    assert response.status_code == 422 and "invisible control characters" in response.get_data(as_text=True)
    thread = start_thread(ada).thread
    url = f"{BASE}/threads/{thread.id}"
    response = submit(client, url + "/reply", {"body": "A\x00B", "token": token()}, page=url)
    assert response.status_code == 422 and "invisible control characters" in response.get_data(as_text=True)
    assert count(Post) == 1


def test_odd_ids_and_query_values_give_a_clear_page_never_a_500(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    thread = start_thread(ada).thread
    for url in (f"{BASE}/threads/99999999999", f"{BASE}/threads/-1", f"{BASE}/threads/abc", f"{BASE}/posts/2147483648/edit",
                f"{BASE}/forums/no-such-forum", f"{BASE}/forums/general?after=abc&before=%00",
                f"{BASE}/threads/{thread.id}?after=99999999&quote=x", f"{BASE}/threads/{thread.id}?quote=%00",
                f"{BASE}?run=%00", f"{BASE}/forums/general/new?prompt=%00", "/courses/no-such-course/discussions"):
        assert client.get(url).status_code in (200, 404), url
    assert client.get(f"{BASE}/threads/{thread.id}?after=99999999").status_code == 200
    # A reply whose token was mangled keeps the text and says to try again.
    url = f"{BASE}/threads/{thread.id}"
    response = submit(client, url + "/reply", {"body": "Keep me", "token": "not-a-token"}, page=url)
    assert response.status_code == 422 and "Keep me" in response.get_data(as_text=True)
    assert count(Post) == 1


def test_a_reply_to_a_thread_locked_meanwhile_is_refused_and_the_text_stays_on_the_page(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    thread = start_thread(ada).thread
    url = f"{BASE}/threads/{thread.id}"
    page = client.get(url).get_data(as_text=True)  # the form is open ...
    db.session.get(Thread, thread.id).locked_at = NOW  # ... when a tutor locks the thread
    db.session.commit()
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(url + "/reply", data={"csrf_token": csrf, "body": "My long careful answer.", "token": token()})
    text = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "A tutor has locked this thread: it takes no more replies." in text
    assert "My long careful answer." in text
    assert count(Post) == 1


def test_tutors_may_still_reply_in_a_locked_thread(app, courses):
    ada, _ = make_learner_client(app, now=NOW)
    _, tutor = make_tutor_client(app, "stem-careers", now=NOW)
    thread = start_thread(ada).thread
    db.session.get(Thread, thread.id).locked_at = NOW
    db.session.commit()
    url = f"{BASE}/threads/{thread.id}"
    assert submit(tutor, url + "/reply", {"body": "Closing note.", "token": token()}, page=url).status_code == 302
    assert count(Post) == 2


def test_after_the_window_closes_discussions_are_read_only_for_everyone(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    _, tutor = make_tutor_client(app, "stem-careers", now=NOW)
    thread = start_thread(ada).thread
    app.config["FIXED_NOW"] = NOW + timedelta(days=60)  # the run ended on 23 November
    url = f"{BASE}/threads/{thread.id}"
    for who in (client, tutor):
        listing = who.get(BASE + "/forums/general").get_data(as_text=True)
        assert "nobody can write in them any more" in listing and "New thread</a>" not in listing
        page = who.get(url).get_data(as_text=True)
        assert "nobody can write in them any more" in page and "Post the reply" not in page
        refused = submit(who, url + "/reply", {"body": "Too late?", "token": token()}, page=url)
        assert refused.status_code == 409 and "Too late?" in refused.get_data(as_text=True)
        refused = submit(who, NEW, {"title": "Late", "body": "Too late?", "token": token()}, page=BASE + "/forums/general")
        assert refused.status_code == 409 and "Too late?" in refused.get_data(as_text=True)
    assert count(Post) == 1


def test_after_the_window_closes_an_author_can_no_longer_remove_a_post(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    thread = start_thread(ada).thread
    post_id = db.session.scalar(select(Post.id).where(Post.thread_id == thread.id))
    app.config["FIXED_NOW"] = NOW + timedelta(days=60)
    url = f"{BASE}/threads/{thread.id}"
    assert f"/posts/{post_id}/delete" not in client.get(url).get_data(as_text=True)
    refused = submit(client, f"{BASE}/posts/{post_id}/delete", {}, page=url, follow_redirects=True)
    assert "nobody can write in them any more" in refused.get_data(as_text=True)
    assert db.session.get(Post, post_id, populate_existing=True).deleted_at is None


def test_a_module_forum_opens_with_the_module(app, courses):
    _, client = make_learner_client(app, now=NOW)
    _, tutor = make_tutor_client(app, "stem-careers", now=NOW)
    index = client.get(BASE).get_data(as_text=True)
    assert "Introduction" in index or "introduction" in index
    assert "/forums/school-to-work-programmes" not in index and "forums open with their modules" in index
    locked = client.get(BASE + "/forums/school-to-work-programmes")
    assert locked.status_code == 403 and "is not open yet" in locked.get_data(as_text=True)
    assert submit(client, BASE + "/forums/school-to-work-programmes/new", {"title": "Early", "body": "x", "token": token()},
                  page=BASE).status_code == 403
    assert "/forums/school-to-work-programmes" in tutor.get(BASE).get_data(as_text=True)  # tutors see every forum
    assert tutor.get(BASE + "/forums/school-to-work-programmes").status_code == 200
    assert count(Thread) == 0


def test_reply_counts_follow_the_replies_that_are_shown(app, courses):
    ada, _ = make_learner_client(app, now=NOW)
    ben, _ = make_learner_client(app, now=NOW)
    posted = start_thread(ada)
    first = reply(ben, posted.thread.id, "One", now=NOW + timedelta(minutes=1))
    reply(ben, posted.thread.id, "Two", now=NOW + timedelta(minutes=2))
    thread = fresh(Thread, posted.thread.id)
    assert thread.reply_count == 2 and thread.last_post_at == NOW + timedelta(minutes=2)
    assert first.post.id < thread.last_post_id
