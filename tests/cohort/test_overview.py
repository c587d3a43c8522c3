"""A run's overview for its tutors: every figure, the completion funnel and the weekly activity of
the hand-built cohort of tests/cohort/lab (six learners whose every action and its time we chose),
read from the page as the tutor reads it: the figures, the charts' words and bars, the tables."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from lms.cohort.services.overview import MAX_WEEKS, week_bounds
from lms.core.extensions import db
from lms.courses.models import Run
from lms.learning.models import Enrolment
from lms.learning.services import unenrol
from tests.cohort.lab import LATER, OVERVIEW, START, cohort_fixture, day, lab_fixture, learner, read_page, table, text  # noqa: F401  (fixtures)
from tests.conftest import NOW
from tests.factories import make_course_tutor, make_tutor_client, make_user, log_in

FUNNEL = "The completion funnel in figures"
WEEKLY = "Weekly activity in figures"


@pytest.fixture
def tutor(app, lab):
    return make_tutor_client(app, "lab", now=NOW)[1]


def overview(client) -> str:
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_every_figure_of_the_overview_is_the_cohorts(cohort, tutor):
    figures = read_page(overview(tutor)).figures
    assert figures == {
        "Learners enrolled": "6",
        "Started": "5 83% of the enrolled",  # all but Ann
        "Active in the last 7 days": "2 33% of the enrolled",  # Cy's reflection on day 19, Di's page on day 21
        "Completed the course": "1 17% of the enrolled",  # Flo
        "Badges issued": "5 module and course badges, not revoked",  # module 1: Cy, Di, Ed, Flo; the course: Flo
        "Certificates issued": "1",
        # Flo's work (day 16, 11 October 09:00 in Brussels) has no review; Ed's has Flo's.
        "Peer work waiting for reviews": "1 the oldest since Wed, 11 Oct 2017, 09:00 CEST (1 week ago)",
    }


def test_the_completion_funnel_steps_from_enrolled_to_the_course_completed(cohort, tutor):
    html = overview(tutor)
    assert table(html, FUNNEL) == [
        ["Step", "Learners", "Of the enrolled"],
        ["Learners enrolled", "6", "100%"],
        ["Started", "5", "83%"],
        ["Module 1 completed: Getting started", "4", "67%"],  # Cy, Di, Ed, Flo
        ["Module 2 completed: Thinking it over", "3", "50%"],  # Di, Ed, Flo (Cy only wrote)
        ["Module 3 completed: Sharing a plan", "1", "17%"],  # Flo (Ed reviewed nobody)
        ["Completed the course", "1", "17%"],
    ]
    chart = next(svg for svg in read_page(html).svg if svg["class"] == "funnel")
    assert chart["title"] == "Completion funnel"
    assert chart["desc"] == ("Of 6 learners enrolled, 5 started and 1 completed the course. "
                             "The table beside the chart gives every step.")
    assert chart["texts"] == ["Learners enrolled", "6 (100%)", "Started", "5 (83%)", "Module 1 completed: Getting started", "4 (67%)",
                              "Module 2 completed: Thinking it over", "3 (50%)", "Module 3 completed: Sharing a plan",
                              "1 (17%)", "Completed the course", "1 (17%)"]
    widths = [float(rect["width"]) for rect in chart["rects"]]
    assert widths[0] == 224 and [round(width / widths[0] * 6, 1) for width in widths] == [6, 5, 4, 3, 1, 1]


def test_the_weekly_activity_counts_learners_and_completions_per_week_with_the_release_dates(cohort, tutor):
    html = overview(tutor)
    assert table(html, WEEKLY) == [
        ["Week", "Learners active", "Modules completed", "Opening"],
        ["Week 1, from 25 September 2017", "5", "3", "Module 1: Getting started, Mon, 25 Sept 2017, 09:00 CEST"],
        ["Week 2, from 2 October 2017", "3", "4", "Module 2: Thinking it over, Mon, 2 Oct 2017, 09:00 CEST"],
        ["Week 3, from 9 October 2017", "3", "1", "Module 3: Sharing a plan, Mon, 9 Oct 2017, 09:00 CEST"],
        ["Week 4, from 16 October 2017 (so far)", "1", "0", ""],
    ]
    chart = next(svg for svg in read_page(html).svg if svg["class"] == "weekly")
    assert chart["title"] == "Weekly activity"
    assert chart["desc"] == ("4 weeks from 25 September 2017; the busiest was week 1 (learners active: 5); modules completed "
                             "in all: 8. The table beside the chart gives every week.")
    # The axis 0..5 by 1, the weeks' numbers, and the modules' numbers above their release lines.
    assert chart["texts"] == ["0", "1", "2", "3", "4", "5", "1", "2", "3", "4", "1", "2", "3"]
    bars = [rect for rect in chart["rects"] if rect.get("fill") in ("#0b5cad", "url(#weekly-hatch)")]
    heights = [float(rect["height"]) for rect in bars]
    unit = heights[0] / 5
    assert [round(height / unit, 1) for height in heights] == [5, 3, 3, 4, 3, 1, 1, 0]  # active, completed; week by week


def test_the_figures_are_kept_for_the_minute_and_counted_again_the_next(app, cohort, tutor, count_queries):
    first = overview(tutor)
    learner("Gus")
    with count_queries() as statements:
        again = overview(tutor)
    assert read_page(again).figures["Learners enrolled"] == "6"  # the same minute: the figures as they were
    assert len(statements) == 3, "\n".join(statements)  # the log-in, the run, the tutor's right to it
    assert again == first
    app.config["FIXED_NOW"] = LATER + timedelta(minutes=1)
    later = overview(tutor)
    assert read_page(later).figures["Learners enrolled"] == "7"
    assert "Figures as of Fri, 20 Oct 2017, 14:01 CEST; they are counted again every minute." in text(later)


def test_learners_a_tutor_unenrolled_leave_the_figures(app, cohort, tutor):
    flo = db.session.scalar(select(Enrolment).where(Enrolment.user_id == cohort.flo.id))
    unenrol(flo, now=LATER)
    db.session.commit()
    figures = read_page(overview(tutor)).figures
    assert figures["Learners enrolled"] == "5" and figures["Completed the course"] == "0 0% of the enrolled"
    assert figures["Badges issued"].startswith("5 ")  # what was issued stays issued
    assert table(overview(tutor), FUNNEL)[3] == ["Module 1 completed: Getting started", "3", "60%"]


def test_a_run_with_nobody_enrolled_says_so(lab, tutor):
    html = overview(tutor)
    assert "No learner has enrolled in this run yet." in html
    assert read_page(html).figures["Learners enrolled"] == "0" and read_page(html).svg == []


def test_before_the_run_starts_its_weeks_are_announced(app, lab, tutor):
    learner("Ann")
    app.config["FIXED_NOW"] = START - timedelta(days=2)
    html = overview(tutor)
    assert "The run starts Mon, 25 Sept 2017, 09:00 CEST: its weeks show here from then." in text(html)
    assert table(html, FUNNEL)[1] == ["Learners enrolled", "1", "100%"]


def test_weeks_follow_the_runs_wall_clock_across_a_daylight_saving_change(lab):
    run = db.session.scalar(select(Run).where(Run.slug == "autumn"))
    first, bounds = week_bounds(run, datetime(2017, 11, 1, 12, tzinfo=timezone.utc))
    assert first == 0 and len(bounds) == 7  # six weeks, the sixth holding 1 November
    assert bounds[4] == datetime(2017, 10, 23, 7, tzinfo=timezone.utc)  # 09:00 summer time in Brussels
    assert bounds[5] == datetime(2017, 10, 30, 8, tzinfo=timezone.utc)  # 09:00 winter time
    first, bounds = week_bounds(run, datetime(2030, 1, 1, tzinfo=timezone.utc))  # the run ended on 20 December
    assert first == 0 and bounds[-2] < run.ends_at <= bounds[-1] and len(bounds) == 14
    own_pace = db.session.scalar(select(Run).where(Run.slug == "own-pace"))  # never ends: the latest weeks
    first, bounds = week_bounds(own_pace, datetime(2019, 9, 26, 12, tzinfo=timezone.utc))
    assert len(bounds) == MAX_WEEKS + 1 and first == 104 - MAX_WEEKS + 1
    assert bounds[0] <= datetime(2019, 9, 26, 12, tzinfo=timezone.utc) - timedelta(weeks=MAX_WEEKS - 1)


def test_only_the_courses_tutors_and_admins_see_the_overview(app, cohort, tutor, practice):
    other = app.test_client()
    make_course_tutor("practice", now=NOW, client=other, email="otto@example.org")  # a tutor of another course
    assert other.get(OVERVIEW).status_code == 404
    learner_client = app.test_client()
    log_in(learner_client, cohort.ann.email)
    assert learner_client.get(OVERVIEW).status_code == 404
    assert app.test_client().get(OVERVIEW).status_code == 302  # to log in
    admin = make_user(email="admin@example.org", name="Ada Admin", now=NOW)
    admin.is_admin = True
    db.session.commit()
    admin_client = app.test_client()
    log_in(admin_client, admin.email)
    assert admin_client.get(OVERVIEW).status_code == 200
    assert tutor.get("/tutor/courses/lab/runs/nowhere/").status_code == 404
