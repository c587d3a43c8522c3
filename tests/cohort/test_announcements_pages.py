"""Learners find their tutors' announcements on the course page and on their dashboard (the latest
three of their run, only those sent to them), and every page involved, the tutors' too, runs the
same statements for a run of 3 learners as for 120, none binding a parameter per learner."""

from __future__ import annotations



from tests.cohort.test_announcements import BASE, press, words, written
from tests.conftest import NOW
from tests.factories import log_in, make_enrolment, make_learner, make_tutor_client, make_user

LEARNER_PAGE_BUDGET = 4  # the log-in, then the page's own three (course page) or two plus certificates (dashboard), + 1
LIST_BUDGET = 5  # the log-in, the run and who teaches it (2), the count, the page
PREVIEW_BUDGET = 5  # the log-in, the run and who teaches it (2), the announcement, the count of its learners


def visit(client, url: str, record_sql) -> tuple[list[tuple[str, int]], str]:
    with record_sql() as seen:
        response = client.get(url)
    assert response.status_code == 200, url
    return seen, response.get_data(as_text=True)


def grow(start: int, stop: int) -> None:
    for number in range(start, stop):
        make_learner("practice", now=NOW, name=f"Learner {number:04d}", email=f"l{number:04d}@school.example")


def test_the_course_page_and_dashboard_show_the_latest_three_announcements_sent_to_the_learner(app, practice, courses):
    ada = make_learner("practice", now=NOW, name="Ada Lovelace")
    make_enrolment(ada, "stem-careers", now=NOW)
    bob = make_learner("practice", now=NOW, name="Bob Other")
    _, tutor = make_tutor_client(app, "practice", now=NOW, name="Tess Tutor")
    for number in range(1, 5):
        press(tutor, written(tutor, subject=f"Week {number}", body=f"News number **{number}**."), "send")
    press(tutor, written(tutor, subject="Only for Bob", search="Bob"), "send")
    press(tutor, written(tutor, subject="Never sent"), "schedule", {"send_at": "2017-10-09T09:00"})
    client = app.test_client()
    log_in(client, ada.email)

    course = client.get("/courses/practice").get_data(as_text=True)
    section = course[course.index('id="announcements"'):course.index("</section>", course.index('id="announcements"'))]
    assert [f"Week {n}" in section for n in (4, 3, 2, 1)] == [True, True, True, False]  # the latest three
    assert section.index("Week 4") < section.index("Week 3") < section.index("Week 2")
    assert "News number <strong>4</strong>." in section and '<h3 id="announcement-' in section
    assert "Sent by Tess Tutor, Tue, 3 Oct 2017, 12:00 CEST" in words(section)
    assert "Only for Bob" not in course and "Never sent" not in course

    dashboard = client.get("/dashboard").get_data(as_text=True)
    practice_part = dashboard[dashboard.index("Practice Course"):]
    assert "Announcements from your tutors" in practice_part
    assert [f"Week {n}" in dashboard for n in (4, 3, 2, 1)] == [True, True, True, False]
    assert dashboard.count("Announcements from your tutors") == 1  # not under the other course
    assert "News number <strong>4</strong>." in dashboard and "Only for Bob" not in dashboard
    other = client.get("/courses/stem-careers").get_data(as_text=True)
    assert 'id="announcements"' not in other

    log_in(client := app.test_client(), bob.email)
    assert "Only for Bob" in client.get("/courses/practice").get_data(as_text=True)
    notifications = client.get("/notifications").get_data(as_text=True)
    assert ("Tess Tutor wrote to the learners of <a href=\"/courses/practice#announcements\"><span lang=\"en\">Practice "
            "Course</span></a>: “<span lang=\"en\">Only for Bob</span>”") in notifications


def test_a_new_announcement_changes_the_kept_course_page(app, practice):
    """The course page answers 304 to a browser that holds it, until something it shows changes."""
    ada = make_learner("practice", now=NOW)
    client = app.test_client()
    log_in(client, ada.email)
    first = client.get("/courses/practice")
    assert client.get("/courses/practice", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    press(tutor, written(tutor, subject="Fresh news"), "send")
    again = client.get("/courses/practice", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and "Fresh news" in again.get_data(as_text=True)
    dashboard = client.get("/dashboard")
    assert "Fresh news" in dashboard.get_data(as_text=True)


def test_learners_pages_cost_the_same_with_3_or_120_learners_and_with_or_without_announcements(app, practice, record_sql):
    ada = make_learner("practice", now=NOW, name="Ada Lovelace")
    grow(0, 2)
    client = app.test_client()
    log_in(client, ada.email)
    urls = ("/courses/practice", "/dashboard")
    for url in urls:
        client.get(url)  # a process reads a course's modules once per version of the course
    quiet = {url: visit(client, url, record_sql)[0] for url in urls}
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    for number in range(5):
        press(tutor, written(tutor, subject=f"Week {number}"), "send")
    grow(2, 119)
    for url in urls:
        seen, html = visit(client, url, record_sql)
        assert len(seen) <= LEARNER_PAGE_BUDGET, "\n".join(statement for statement, _ in seen)
        assert [statement for statement, _ in seen] == [statement for statement, _ in quiet[url]]
        assert html.count("Week ") == 3


def test_the_tutors_pages_and_sending_cost_the_same_for_3_learners_as_for_120(app, practice, record_sql):
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    grow(0, 3)
    first = written(tutor, status="not_started")
    small = {url: visit(tutor, url, record_sql)[0] for url in (BASE, first)}
    with record_sql() as sent_small:
        press(tutor, first, "send")
    grow(3, 120)
    second = written(tutor, status="not_started")
    for url, budget in ((BASE, LIST_BUDGET), (second, PREVIEW_BUDGET)):
        seen, html = visit(tutor, url, record_sql)
        assert len(seen) <= budget, "\n".join(statement for statement, _ in seen)
        assert [statement for statement, _ in seen] == [statement for statement, _ in small[url if url == BASE else first]]
    assert "If you send it now, 120 learners receive it." in tutor.get(second).get_data(as_text=True)
    with record_sql() as sent_large:
        press(tutor, second, "send")
    assert [statement for statement, _ in sent_large] == [statement for statement, _ in sent_small]
    assert max(count for _, count in sent_large) == max(count for _, count in sent_small)  # no parameter per learner
    inserts = [statement for statement, _ in sent_large if statement.lstrip().upper().startswith("INSERT INTO NOTIFICATIONS")]
    assert len(inserts) == 1 and "SELECT" in inserts[0].upper()  # one INSERT ... SELECT


def test_a_learner_with_no_course_pays_nothing_for_announcements(app, practice, count_queries):
    user = make_user(now=NOW)
    client = app.test_client()
    log_in(client, user.email)
    client.get("/dashboard")
    with count_queries() as queries:
        assert client.get("/dashboard").status_code == 200
    assert not [query for query in queries if "notifications.payload" in query or "notifications.kind" in query]
