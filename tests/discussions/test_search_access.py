"""The search finds only what the searcher may read: their own run's posts, never deleted ones,
hidden ones for tutors alone (marked so), and no module's forum before it opens for the learner.
Anyone who may not read the run's discussions finds nothing, not even that they exist."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lms.core.extensions import db
from lms.courses.services.content import get_live_course
from lms.courses.services.runs import ensure_run
from lms.learning.services import enrol
from tests.conftest import NOW
from tests.discussions.search_helpers import SEARCH, add_post, add_thread, change_post, change_thread, result_ids
from tests.factories import log_in, make_learner, make_learner_client, make_tutor_client, make_user, run_of

URL = SEARCH.format(course="stem-careers")


def second_run():
    """Another run of the same course, started a week before the first one's week 2."""
    run = ensure_run(get_live_course("stem-careers"), slug="spring-2018", title="Spring 2018", timezone="Europe/Brussels",
                     starts_at=NOW - timedelta(days=3), ends_at=NOW + timedelta(days=90))
    db.session.commit()
    return run


def found(client, q, **args) -> list[int]:
    page = client.get(URL, query_string={"q": q, **args})
    assert page.status_code == 200, page.status_code
    return result_ids(page.get_data(as_text=True))


def test_another_runs_posts_never_appear(app, courses):
    learner, client = make_learner_client(app, now=NOW)
    other_run = second_run()
    elsewhere = make_user(now=NOW, name="Lin Other")
    enrol(elsewhere, other_run.id, course_slug="stem-careers", now=NOW)
    db.session.commit()
    _, mine = add_thread(run_of("stem-careers").id, learner, "Robotics club", "Our robotics club met.")
    add_thread(other_run.id, elsewhere, "Robotics fair", "The robotics fair of the other run.")
    add_thread(run_of("stem-metiers").id, elsewhere, "Robotique", "Robotics, in the French course.")

    assert found(client, "robotics") == [mine]
    other_client = app.test_client()
    log_in(other_client, elsewhere.email)
    assert len(found(other_client, "robotics")) == 1 and found(other_client, "robotics") != [mine]
    # A learner naming another run finds nothing there: the page is not found.
    assert client.get(URL, query_string={"q": "robotics", "run": "spring-2018"}).status_code == 404


def test_learners_find_no_deleted_or_hidden_posts_nor_hidden_threads(app, courses):
    learner, client = make_learner_client(app, now=NOW)
    run = run_of("stem-careers").id
    thread, shown = add_thread(run, learner, "Robotics club", "Our robotics club met.")
    deleted = add_post(thread, learner, "A robotics aside, since removed.")
    hidden = add_post(thread, learner, "A robotics remark a tutor hid.")
    hidden_thread, in_hidden_thread = add_thread(run, learner, "Robotics spam", "Robotics for sale.")
    reply_in_hidden_thread = add_post(hidden_thread, learner, "Robotics bargains.")
    change_post(deleted, deleted_at=NOW)
    change_post(hidden, hidden_at=NOW)
    change_post(in_hidden_thread, hidden_at=NOW)
    change_thread(hidden_thread, hidden_at=NOW)

    assert found(client, "robotics") == [shown]
    assert reply_in_hidden_thread not in found(client, "bargains")


def test_tutors_find_hidden_posts_marked_hidden_but_never_deleted_ones(app, courses):
    learner = make_learner(now=NOW)
    _, tutor = make_tutor_client(app, "stem-careers", now=NOW)
    thread, shown = add_thread(run_of("stem-careers").id, learner, "Robotics club", "Our robotics club met.")
    hidden = add_post(thread, learner, "A robotics remark a tutor hid.")
    deleted = add_post(thread, learner, "A robotics aside, since removed.")
    change_post(hidden, hidden_at=NOW)
    change_post(deleted, deleted_at=NOW)

    page = tutor.get(URL, query_string={"q": "robotics", "run": "autumn-2017"}).get_data(as_text=True)

    assert set(result_ids(page)) == {shown, hidden}
    hidden_item = page[page.index(f"#post-{hidden}"):]
    assert "Hidden from learners" in hidden_item[:hidden_item.index("</li>")]
    shown_item = page[page.index(f"#post-{shown}"):]
    assert "Hidden from learners" not in shown_item[:shown_item.index("</li>")]
    assert 'name="run" value="autumn-2017"' in page  # searching again stays in this run


def test_a_learner_finds_nothing_in_a_module_forum_not_open_for_them_yet(app, courses):
    learner, client = make_learner_client(app, now=NOW)
    _, tutor = make_tutor_client(app, "stem-careers", now=NOW)
    run = run_of("stem-careers").id
    _, open_post = add_thread(run, learner, "Stereotypes", "Robotics and stereotypes.", module="gender-stereotypes")
    # Opens on 9 October (week 3); a tutor wrote ahead.
    _, later_post = add_thread(run, learner, "Mentors", "Robotics mentors ahead of time.", module="roles-teachers-mentors-parents")

    assert found(client, "robotics") == [open_post]
    assert set(found(tutor, "robotics", run="autumn-2017")) == {open_post, later_post}


@pytest.mark.parametrize("who", ["outsider", "other run", "other course tutor", "unenrolled"])
def test_those_who_may_not_read_the_run_get_not_found(app, courses, who):
    author = make_learner(now=NOW)
    add_thread(run_of("stem-careers").id, author, "Robotics club", "Our robotics club met.")
    client = app.test_client()
    if who == "outsider":
        log_in(client, make_user(now=NOW).email)
    elif who == "other run":
        user = make_user(now=NOW)
        enrol(user, second_run().id, course_slug="stem-careers", now=NOW)
        db.session.commit()
        log_in(client, user.email)
        assert found(client, "robotics") == []  # their own run's discussions: nothing of the other run
        client.get(URL, query_string={"q": "robotics", "run": "autumn-2017"})
    elif who == "other course tutor":
        _, client = make_tutor_client(app, "stem-metiers", now=NOW)
    else:
        from lms.learning.services import unenrol_by_email

        user = make_learner(now=NOW)
        unenrol_by_email(user.email, "stem-careers", None)
        db.session.commit()
        log_in(client, user.email)

    page = client.get(URL, query_string={"q": "robotics", "run": "autumn-2017"})

    assert page.status_code == 404
    assert "Robotics club" not in page.get_data(as_text=True)


def test_signed_out_visitors_are_asked_to_log_in(client, courses):
    page = client.get(URL, query_string={"q": "robotics"})
    assert page.status_code == 302 and "/login" in page.headers["Location"]
