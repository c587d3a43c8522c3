"""Searching a run's discussions (SQLite FTS5 / PostgreSQL tsvector): ranked, the searched words
marked in an escaped excerpt, accents and case ignored, every odd query a clear page, and the
index following what people do to posts (written, edited, retitled, removed) however the rows
are written."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from lms.core.extensions import db
from lms.discussions.models import Post
from tests.conftest import NOW
from tests.discussions.search_helpers import (
    MARK, SEARCH, add_post, add_thread, change_post, change_thread, result_ids,
)
from tests.factories import make_learner, make_learner_client, run_of

URL = SEARCH.format(course="stem-careers")


@pytest.fixture
def learner(app, courses):
    return make_learner_client(app, now=NOW, name="Ada Learner")


def search(client, q, **args):
    page = client.get(URL, query_string={"q": q, **args})
    assert page.status_code == 200, page.status_code
    return page.get_data(as_text=True)


def summary(html: str) -> str:
    start = html.index('id="search-summary"')
    return html[start:html.index("</div>", start)]


def test_posts_with_the_words_in_their_title_or_many_times_outrank_a_passing_mention(learner):
    user, client = learner
    run = run_of("stem-careers").id
    _, passing = add_thread(run, user, "Our week", "We met parents, pupils, a robotics club and a mentor from industry at "
                            "the fair, then had lunch and talked about timetables for the spring term.")
    _, titled = add_thread(run, user, "A mentor for girls in STEM", "Who has found volunteers for this?")
    _, repeated = add_thread(run, user, "Our programme", "A mentor each: the mentor meets the pupil weekly, and the mentor "
                             "reports to the school.")

    html = search(client, "mentor")

    assert set(result_ids(html)) == {passing, titled, repeated}
    assert result_ids(html)[-1] == passing
    assert "3 results for “mentor”." in summary(html)


def test_the_excerpt_marks_the_words_and_shows_the_post_as_text_never_as_html(learner):
    user, client = learner
    add_thread(run_of("stem-careers").id, user, "Careers fair",
               'Our <script>alert("fair")</script> careers fair & <b>workshop</b> for pupils')

    html = search(client, "workshop")

    assert "<script>alert" not in html and "<b>workshop" not in html
    assert [word.lower() for word in MARK.findall(html)] == ["workshop"]
    assert "careers fair &amp;" in html


def test_accents_and_case_are_ignored_both_ways(learner):
    user, client = learner
    run = run_of("stem-careers").id
    _, accented = add_thread(run, user, "Visites", "Une visite à l'École polytechnique avec la classe.", language="fr")
    _, plain = add_thread(run, user, "Visits", "The ecole visit went well.")

    for query in ("école", "ECOLE", "Ecole", "écolE"):
        assert set(result_ids(search(client, query))) == {accented, plain}, query
    html = search(client, "ecole")
    assert {word for word in MARK.findall(html)} == {"École", "ecole"}
    assert 'lang="fr"' in html  # the post's language marked on its excerpt


def test_phrases_alternatives_and_left_out_words_read_as_a_search_box_does(learner):
    user, client = learner
    run = run_of("stem-careers").id
    _, fair = add_thread(run, user, "Fair", "A careers fair in the town hall.")
    _, week = add_thread(run, user, "Week", "A careers week, with a fair for parents.")
    _, club = add_thread(run, user, "Club", "Our coding club meets on Fridays.")

    assert set(result_ids(search(client, "careers fair"))) == {fair, week}
    assert result_ids(search(client, '"careers fair"')) == [fair]
    assert set(result_ids(search(client, "coding OR hall"))) == {fair, club}
    assert result_ids(search(client, "careers -week")) == [fair]


def test_a_threads_first_post_is_searched_with_its_title(learner):
    user, client = learner
    run = run_of("stem-careers").id
    thread, first = add_thread(run, user, "Engineers at school", "Our students met two of them.")
    reply = add_post(thread, user, "The students loved it.")

    assert result_ids(search(client, "engineers students")) == [first]  # one word in the title, one in the text
    assert result_ids(search(client, "students -engineers")) == [reply]  # the title's words leave it out too


@pytest.mark.parametrize("query", [
    '"', '"unbalanced quote', 'careers"', "*", "career*", "NEAR(careers fair", "careers AND", "AND", "OR", "NOT careers",
    "-", "--careers", "^careers", "careers:fair", "title:careers", "{careers}", "(careers", "careers)", "\\", "'", "%_",
    "\u0000careers", "careers\u0000", "\u202e\u200b", "x" * 10_000, "careers " * 2_000, "🎓 careers",
])
def test_odd_queries_give_a_clear_page(learner, query):
    user, client = learner
    add_thread(run_of("stem-careers").id, user, "Fair", "A careers fair in the town hall (NEAR the station); AND more.")

    html = search(client, query)

    said = summary(html)
    assert "result" in said or "Type" in said or "No post matches" in said, said


def test_a_long_query_is_searched_as_far_as_the_box_takes_it_and_says_so(learner):
    user, client = learner
    _, post = add_thread(run_of("stem-careers").id, user, "Fair", "A careers fair in the town hall.")

    html = search(client, "careers " + "x" * 10_000)

    assert "Only the first 200 characters of your search were used." in html
    assert result_ids(html) == []  # every word counts: the long one too


def test_empty_too_short_and_only_left_out_queries_say_what_to_type(learner):
    _, client = learner
    assert "Type a word or two" in summary(search(client, ""))
    assert "Type a word or two" in summary(search(client, "   "))
    assert "at least two letters" in summary(search(client, "a"))
    assert "at least two letters" in summary(search(client, "* ?"))
    assert "minus sign" in summary(search(client, "-careers"))
    assert "No post matches “zzzz”" in summary(search(client, "zzzz"))


def test_an_edited_post_is_found_by_its_new_words_only(learner):
    user, client = learner
    _, post = add_thread(run_of("stem-careers").id, user, "Our event", "A careers fair in the town hall.")

    change_post(post, text="A robotics workshop in the library.")

    assert result_ids(search(client, "fair")) == []
    assert result_ids(search(client, "hall")) == []
    assert result_ids(search(client, "event")) == [post]  # the thread's title still goes with it
    assert result_ids(search(client, "robotics")) == [post]


def test_a_renamed_thread_is_found_by_its_new_title(learner):
    user, client = learner
    thread, post = add_thread(run_of("stem-careers").id, user, "Apprenticeships", "Who has tried this?")
    reply = add_post(thread, user, "We have, last spring.")

    change_thread(thread, title="Internships")

    assert result_ids(search(client, "apprenticeships")) == []
    assert result_ids(search(client, "internships")) == [post]  # the title goes with the first post, not the replies
    assert result_ids(search(client, "spring")) == [reply]


def test_removed_posts_leave_the_results(learner):
    user, client = learner
    thread, post = add_thread(run_of("stem-careers").id, user, "Fair", "A careers fair in the town hall.")
    reply = add_post(thread, user, "Our careers evening.")
    gone = add_post(thread, user, "Another careers day.")

    change_post(reply, deleted_at=NOW)  # removed by its author
    db.session.execute(delete(Post.__table__).where(Post.__table__.c.id == gone))
    db.session.commit()

    assert result_ids(search(client, "careers")) == [post]
    change_post(reply, deleted_at=None)  # should it ever come back, it is found again
    assert set(result_ids(search(client, "careers"))) == {post, reply}


def test_results_come_twenty_a_page_and_a_page_past_the_end_opens_the_first(learner):
    user, client = learner
    run = run_of("stem-careers").id
    other = make_learner(now=NOW, name="Grace")
    posts = [add_thread(run, other if n % 2 else user, f"Thread {n}", f"Robotics note number {n}.")[1] for n in range(23)]

    first = search(client, "robotics")
    second = search(client, "robotics", page="2")
    beyond = search(client, "robotics", page="9")

    assert "23 results for “robotics”." in summary(first)
    assert len(result_ids(first)) == 20 and len(result_ids(second)) == 3
    assert set(result_ids(first)) | set(result_ids(second)) == set(posts)
    assert 'rel="next"' in first and "page=2" in first and 'start="21"' in second
    assert result_ids(beyond) == result_ids(first)
    for odd in ("0", "-1", "abc", "99999999999", "2.5"):
        assert result_ids(search(client, "robotics", page=odd)) == result_ids(first), odd


def test_each_result_names_its_thread_forum_author_and_links_to_the_post(learner):
    user, client = learner
    run = run_of("stem-careers").id
    thread, _ = add_thread(run, user, "Gender and careers", "Stereotypes start early.", module="gender-stereotypes")
    other = make_learner(now=NOW, name="Grace Hopper")
    reply = add_post(thread, other, "Role models help with stereotypes.")

    html = search(client, "role models")

    assert result_ids(html) == [reply]
    assert f"/courses/stem-careers/discussions/threads/{thread}?before={reply + 1}#post-{reply}" in html
    assert "Gender and careers" in html and "Gender stereotypes in STEM education" in html  # the thread and its forum
    assert "Grace Hopper" in html
