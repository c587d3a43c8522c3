"""A learner's page for the run's tutors: progress per module with dates, quiz attempts and
scores, reflections, peer work given and received, badges, notifications and last activity;
the learner's own words escaped; 404 for anyone but the course's tutors and admins and for
anyone not enrolled in the run; the same statements whatever the run's size."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, select, update

from lms.activities import services as activities
from lms.activities.models import Reflection
from lms.core.extensions import db
from lms.learning.models import Enrolment
from tests.cohort.test_learners_filters import complete_basics, learner, read
from tests.conftest import NOW
from tests.factories import log_in, make_course_tutor, make_submission_with_reviews, make_tutor_client, make_user

PAGE = "/tutor/courses/{course}/runs/{run}/learners/{user}"
BUDGET = 12  # the log-in, the run, its tutor, the learner, the module dates, and one statement per list (7)


def url(user, course: str = "practice", run: str = "open") -> str:
    return PAGE.format(course=course, run=run, user=user.id)


def section(page: str, heading: str) -> str:
    start = page.index(f">{heading}</h2>")
    end = page.find("<h2", start)
    return re.sub(r"\s+", " ", page[start:end if end > 0 else None])


@pytest.fixture
def tutor(app, practice):
    return make_tutor_client(app, "practice", now=NOW)[1]


def test_the_page_shows_progress_quizzes_reflections_badges_and_notifications(app, tutor):
    ada = learner("Ada Lovelace", enrolled=NOW - timedelta(days=2))
    activities.submit_quiz(ada, "practice", "basics", "check", answers=[[0], [2]], attempt_number=1, now=NOW - timedelta(days=1))
    db.session.commit()
    read(ada, NOW, "basics", "the-only-page")
    activities.submit_quiz(ada, "practice", "basics", "check", answers=[[0], [0, 1]], attempt_number=2, now=NOW)
    activities.submit_reflection(ada, "practice", "basics", "think", text="I learned that STEM is broad.", now=NOW)
    db.session.commit()  # module 1 complete, with its badge
    read(ada, NOW, unit="second-page")
    page = tutor.get(url(ada)).get_data(as_text=True)

    assert "<h1>Ada Lovelace</h1>" in page and "ada@school.example" in page
    progress = section(page, "Progress per module")
    basics = progress[progress.index("Basics"):progress.index("Reading only")]
    assert "1 of 1" in basics and "Tue, 3 Oct 2017, 12:00 CEST" in basics and "Not yet" not in basics
    reading = progress[progress.index("Reading only"):]
    assert "1 of 2" in reading and "Not yet" in reading
    assert "Mon, 25 Sept 2017, 09:00 CEST" in basics  # when the module opened
    quizzes = section(page, "Quiz attempts")
    assert re.search(r"Check your understanding</span></th><td>1</td><td>50%</td><td>Not passed</td><td>.*Mon, 2 Oct 2017", quizzes)
    assert re.search(r"Check your understanding</span></th><td>2</td><td>100%</td><td>Passed</td>", quizzes)
    reflection_id = db.session.scalar(select(Reflection.id))
    reflections = section(page, "Reflections")
    assert f'href="/tutor/reflections/{reflection_id}"' in reflections and "Your thoughts" in reflections
    assert tutor.get(f"/tutor/reflections/{reflection_id}").status_code == 200  # the tutor may read it there
    assert "Practice Basics" in section(page, "Badges") and "awarded 3 October 2017" in section(page, "Badges")
    assert "Badge earned: <span lang=\"en\">Practice Basics</span>" in section(page, "Notifications sent")
    assert "1 of 2" in page and "Last active" in page and "Behind" not in section(page, "Progress per module")


def test_peer_work_given_and_received(app, peer_course):
    author, submission = make_submission_with_reviews(NOW)
    _, tutor = make_tutor_client(app, "peer", now=NOW)
    page = tutor.get(url(author, "peer", "cohort")).get_data(as_text=True)
    work = section(page, "Peer review")
    assert f'href="/tutor/submissions/{submission.id}"' in work and "2 reviews received" in work
    reviewer_id = db.session.scalar(select(Enrolment.user_id).where(Enrolment.user_id != author.id).order_by(Enrolment.id))
    reviewer = db.session.get(type(author), reviewer_id)
    given = section(tutor.get(url(reviewer, "peer", "cohort")).get_data(as_text=True), "Peer review")
    assert "reviewed Tue, 3 Oct 2017" in given and f'href="/tutor/submissions/{submission.id}"' in given


def test_a_learners_own_words_are_escaped(app, tutor):
    mallory = learner("Mal <script>alert(1)</script>", enrolled=NOW)
    page = tutor.get(url(mallory)).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "Mal &lt;script&gt;alert(1)&lt;/script&gt;" in page
    listing = tutor.get("/tutor/courses/practice/runs/open/learners").get_data(as_text=True)
    assert "<script>alert" not in listing and "&lt;script&gt;" in listing


def test_not_found_for_another_courses_tutor_a_learner_and_anyone_not_in_the_run(app, practice, courses):
    ada = learner("Ada Lovelace", enrolled=NOW)
    other_client = app.test_client()
    make_course_tutor("stem-careers", now=NOW, client=other_client)
    for page in (url(ada), "/tutor/courses/practice/runs/open/learners"):
        assert other_client.get(page).status_code == 404
        learner_client = app.test_client()
        log_in(learner_client, ada.email)
        assert learner_client.get(page).status_code == 404
        assert app.test_client().get(page).status_code in (302, 401, 404)  # a visitor: to log in
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    outsider = make_user(name="Otto Outsider", now=NOW)  # an account, not enrolled in the run
    assert tutor.get(url(outsider)).status_code == 404
    assert tutor.get(PAGE.format(course="practice", run="open", user=2**31 - 1)).status_code == 404
    assert tutor.get(PAGE.format(course="stem-careers", run="open", user=ada.id)).status_code == 404
    db.session.execute(update(Enrolment).where(Enrolment.user_id == ada.id).values(unenrolled_at=NOW))
    db.session.commit()
    assert tutor.get(url(ada)).status_code == 404  # unenrolled by a tutor: no longer in the run


def test_an_admin_sees_the_page(app, practice):
    ada = learner("Ada Lovelace", enrolled=NOW)
    admin = make_user(name="Ann Admin", email="admin@school.example", now=NOW)
    db.session.execute(update(type(admin)).where(type(admin).id == admin.id).values(is_admin=True))
    db.session.commit()
    client = app.test_client()
    log_in(client, admin.email)
    assert client.get(url(ada)).status_code == 200


def test_the_page_runs_the_same_statements_in_a_run_of_3_as_of_60(app, tutor):
    def statements(user) -> list[tuple[str, int]]:
        seen = []

        def record(conn, cursor, statement, parameters, context, executemany):
            seen.append((statement, len(parameters or ())))

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert tutor.get(url(user)).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return seen

    people = [learner(f"L{n:02d} Learner", enrolled=NOW) for n in range(3)]
    complete_basics(people[0], NOW)
    small = statements(people[0])
    for n in range(3, 60):
        complete_basics(learner(f"L{n:02d} Learner", enrolled=NOW), NOW)
    large = statements(people[0])
    assert len(small) <= BUDGET, "\n".join(s for s, _ in small)
    assert large == small
