"""The modules table of a run: per module its opening, who started and completed it, the median
time from its opening to completion (aggregate SQL on both databases), its quizzes' pass rate and
attempts, reflections written, and peer work submitted, reviewed and in the tutor queue; for the
hand-built cohort of tests/cohort/lab, and for a self-paced run where each learner's module opens
when they enrol."""

from __future__ import annotations

from sqlalchemy import select

from lms.core.extensions import db
from lms.courses.models import Activity
from tests.cohort.lab import OVERVIEW, RIGHT, cohort_fixture, day, lab_fixture, learner, quiz, read, table, text  # noqa: F401  (fixtures)
from tests.conftest import NOW
from tests.factories import log_in, make_course_tutor, make_tutor_client, make_user

MODULES = OVERVIEW + "modules"
HEADER = ["Module", "Opens", "Started", "Completed", "Median time to complete", "Quizzes", "Reflections written", "Peer work"]


def test_each_module_in_figures(app, cohort):
    _, tutor = make_tutor_client(app, "lab", now=NOW)
    response = tutor.get(MODULES)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert table(html) == [
        HEADER,
        # Started: Bob, Cy, Di, Ed, Flo; completed after 1 (Flo), 2 (Cy), 3 (Ed) and 8 days (Di): the median 2.5.
        # The quiz: 4 tried, 6 attempts (Di and Flo twice), 4 passed.
        ["1. Getting started", "Mon, 25 Sept 2017, 09:00 CEST", "5 (83%)", "4 (67%)", "2.5 days",
         "100% passed, 1.5 attempts each Questions of First check", "no reflection", "no peer work"],
        # Started: Cy (a reflection), Di, Ed, Flo; completed after 2, 3 and 4 days: the median 3.
        ["2. Thinking it over", "Mon, 2 Oct 2017, 09:00 CEST", "4 (67%)", "3 (50%)", "3 days", "no quiz", "4", "no peer work"],
        # Started: Di (a page), Ed, Flo; Flo completed after 3 days. Ed's work has Flo's review; Flo's waits, queued.
        ["3. Sharing a plan", "Mon, 9 Oct 2017, 09:00 CEST", "3 (50%)", "1 (17%)", "3 days", "no quiz", "no reflection",
         "2 submitted, 1 reviewed, 1 in the tutor queue peer review: A plan to share"],
    ]
    assert "Out of 6 learners enrolled." in text(html)
    quiz_id = db.session.scalar(select(Activity.id).where(Activity.slug == "check"))
    plan_id = db.session.scalar(select(Activity.id).where(Activity.slug == "plan"))
    assert f'href="/tutor/courses/lab/runs/autumn/quizzes/{quiz_id}"' in html
    assert f'href="/tutor/courses/lab/runs/autumn/assignments/{plan_id}"' in html
    assert tutor.get(OVERVIEW).get_data(as_text=True).count(f'href="{MODULES}"') == 2  # the tabs and the link below


def test_the_median_of_an_even_and_an_odd_number_of_completions_and_hours_under_a_day(app, lab):
    _, tutor = make_tutor_client(app, "lab", now=NOW)
    times = [day(0, 5), day(0, 7), day(0, 9)]  # 5, 7 and 9 hours after module 1 opened
    people = [learner(name) for name in ("Ann", "Bob", "Cy")]
    for person, at in zip(people, times):
        read(person, "start", "welcome", at)
        quiz(person, RIGHT, 1, at)
    assert table(tutor.get(MODULES).get_data(as_text=True))[1][4] == "7 hours"
    app.config["FIXED_NOW"] = app.config["FIXED_NOW"].replace(minute=1)  # the next minute: counted again
    fourth = learner("Di")
    read(fourth, "start", "welcome", day(0, 11))
    quiz(fourth, RIGHT, 1, day(0, 11))
    assert table(tutor.get(MODULES).get_data(as_text=True))[1][4] == "8 hours"  # (7 + 9) / 2


def test_in_a_self_paced_run_a_module_opens_at_each_learners_enrolment(app, lab):
    _, tutor = make_tutor_client(app, "lab", now=NOW)
    early = learner("Ann", "own-pace", enrolled=day(-3))  # before the run starts (26 September, 09:00 UTC): opens then
    late = learner("Bob", "own-pace", enrolled=day(5))  # 30 September, 07:00 UTC
    read(early, "start", "welcome", day(3, 2))  # 2 days after the run's start
    quiz(early, RIGHT, 1, day(3, 2))
    read(late, "start", "welcome", day(9))  # 4 days after enrolling
    quiz(late, RIGHT, 1, day(9))
    rows = table(tutor.get("/tutor/courses/lab/runs/own-pace/modules").get_data(as_text=True))
    assert rows[1][:5] == ["1. Getting started", "at enrolment", "2 (100%)", "2 (100%)", "3 days"]
    assert rows[2][:5] == ["2. Thinking it over", "at enrolment", "0 (0%)", "0 (0%)", "—"]


def test_only_the_courses_tutors_and_admins_see_the_modules_table(app, cohort, practice):
    other = app.test_client()
    make_course_tutor("practice", now=NOW, client=other, email="otto@example.org")
    assert other.get(MODULES).status_code == 404
    learner_client = app.test_client()
    log_in(learner_client, cohort.flo.email)
    assert learner_client.get(MODULES).status_code == 404
    assert app.test_client().get(MODULES).status_code == 302
    admin = make_user(email="admin@example.org", name="Ada Admin", now=NOW)
    admin.is_admin = True
    db.session.commit()
    admin_client = app.test_client()
    log_in(admin_client, admin.email)
    assert admin_client.get(MODULES).status_code == 200
