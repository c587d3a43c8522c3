"""Reloading an unchanged module page, unit page, dashboard or course page is a 304 (the browser
shows what it holds) and asking again without the browser's copy gives the page as drawn last
time, while anything the learner would see differently (a page marked done, a new notification,
another time zone, a new log-in, an enrolment, a re-synced course, a flashed message) draws the
page again."""

from __future__ import annotations

import shutil

from lms.core.extensions import db
from lms.courses.catalog import load_catalog
from lms.courses.services.sync import sync_courses
from lms.notifications.services import notify_user
from tests.conftest import NOW, ROOT, csrf_from, submit
from tests.factories import log_in, make_learner, make_user

MODULE = "/courses/stem-careers/modules/introduction/"
UNIT = MODULE + "welcome-and-how-the-course-works"
LAST = MODULE + "learning-in-a-community"
COURSE = "/courses/stem-careers"
PAGES = [MODULE, UNIT, "/dashboard", COURSE]


def reload(client, url: str, etag: str):
    return client.get(url, headers={"If-None-Match": f'"{etag}"'})


def etag_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"] and "no-cache" in response.headers["Cache-Control"]
    return response.get_etag()[0]


def test_reloading_an_unchanged_page_is_a_304_without_a_body(client, courses):
    make_learner(now=NOW, client=client)
    for url in PAGES:
        etag = etag_of(client, url)
        again = reload(client, url, etag)
        assert again.status_code == 304, url
        assert again.get_data() == b"" and again.get_etag()[0] == etag


def test_marking_a_page_done_draws_the_module_page_and_dashboard_again(client, courses):
    make_learner(now=NOW, client=client)
    before = {url: etag_of(client, url) for url in (MODULE, "/dashboard")}
    submit(client, UNIT + "/done", page=UNIT)
    for url, etag in before.items():
        response = reload(client, url, etag)
        assert response.status_code == 200, url
    assert "✓ done" in client.get(MODULE).get_data(as_text=True)


def test_a_new_notification_draws_the_page_again_with_the_bell_count(client, courses):
    user = make_learner(now=NOW, client=client)
    etag = etag_of(client, MODULE)
    notify_user(user.id, kind="module_opened", key="test:1", payload={}, now=NOW)
    db.session.commit()
    response = reload(client, MODULE, etag)
    assert response.status_code == 200
    assert '<span class="count">1<span class="visually-hidden"> unread</span>' in response.get_data(as_text=True)


def test_another_log_in_of_the_same_learner_gets_the_whole_page(app, courses):
    first, second = app.test_client(), app.test_client()
    user = make_learner(now=NOW, client=first)
    log_in(second, user.email)
    etag = etag_of(first, MODULE)
    # The other browser's forms carry another token: a page kept by the first would not work there.
    assert reload(second, MODULE, etag).status_code == 200


def test_changing_time_zone_draws_the_pages_again(client, courses):
    make_learner(now=NOW, client=client)
    before = {url: etag_of(client, url) for url in PAGES}
    submit(client, "/account", {"profile-name": "Ada Learner", "profile-timezone": "America/New_York",
                                "profile-language": "en"})
    assert "Your profile is saved." in client.get("/account").get_data(as_text=True)  # the message, shown once
    for url, etag in before.items():
        assert reload(client, url, etag).status_code == 200, url


def test_a_page_showing_a_flashed_message_is_neither_kept_nor_a_304(client, courses):
    make_learner(now=NOW, client=client)
    submit(client, LAST + "/done", page=LAST)  # the module's last page: "You have finished ..." on the module page
    assert "You have finished the last page" in client.get(MODULE).get_data(as_text=True)
    etag = etag_of(client, MODULE)
    submit(client, LAST + "/done", page=LAST)  # pressed again: nothing changes but the message comes again
    response = reload(client, MODULE, etag)
    assert response.status_code == 200
    assert "You have finished the last page" in response.get_data(as_text=True)
    assert response.get_etag() == (None, None) and "no-store" in response.headers["Cache-Control"]
    assert reload(client, MODULE, etag).status_code == 304  # the message was shown once; the page is as it was


def test_a_re_synced_course_shows_its_new_text_at_once(client, courses, tmp_path):
    make_learner(now=NOW, client=client)
    etag = etag_of(client, MODULE)
    assert "Welcome to Opening Schools to STEM Careers" not in client.get(MODULE).get_data(as_text=True)
    shutil.copytree(ROOT / "courses", tmp_path / "courses")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    intro = tmp_path / "content" / "stem-careers" / "00-introduction.md"
    text = intro.read_text()
    title = text.split('title = "', 1)[1].split('"', 1)[0]
    intro.write_text(text.replace(f'title = "{title}"', 'title = "Welcome to Opening Schools to STEM Careers"', 1))
    catalog = load_catalog(tmp_path / "courses", tmp_path / "content")
    assert catalog.ok, catalog.problems
    sync_courses(catalog.courses, now=NOW)
    db.session.commit()
    response = reload(client, MODULE, etag)
    assert response.status_code == 200
    assert "<h1>Welcome to Opening Schools to STEM Careers</h1>" in response.get_data(as_text=True)


def test_a_page_asked_for_again_is_the_same_page_and_its_form_still_works(client, courses):
    make_learner(now=NOW, client=client)
    first = client.get(UNIT).get_data(as_text=True)
    again = client.get(UNIT).get_data(as_text=True)  # another tab: the page as drawn a moment ago
    assert again == first
    response = client.post(UNIT + "/done", data={"csrf_token": csrf_from(again)})
    assert response.status_code == 302
    assert "✓ done" in client.get(MODULE).get_data(as_text=True)


def test_visitors_each_get_their_own_course_page_and_form_token(app, courses):
    first, second = app.test_client(), app.test_client()
    pages = [client.get(COURSE) for client in (first, second)]
    tokens = [csrf_from(page.get_data(as_text=True)) for page in pages]
    assert tokens[0] != tokens[1]
    assert pages[0].get_etag() != pages[1].get_etag()
    assert reload(first, COURSE, pages[0].get_etag()[0]).status_code == 304
    assert reload(second, COURSE, pages[0].get_etag()[0]).status_code == 200


def test_enrolling_draws_the_course_page_again_with_the_learners_progress(client, courses):
    user = make_user(now=NOW)
    log_in(client, user.email)
    etag = etag_of(client, COURSE)
    html = client.get(COURSE).get_data(as_text=True)
    run_id = html.split('name="run_id" value="', 1)[1].split('"', 1)[0]
    client.post(COURSE + "/enrol", data={"csrf_token": csrf_from(html), "run_id": run_id})
    client.get("/dashboard")  # the welcome message, shown once
    response = reload(client, COURSE, etag)
    assert response.status_code == 200 and "Your progress" in response.get_data(as_text=True)
