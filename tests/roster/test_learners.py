"""What a tutor does to one learner's enrolment: unenrol (the work stays, the pages say "not
enrolled"; enrolling again gives it back), a personal deadline (that learner alone goes on
recording progress after the run's end), a move to another run of the course (progress, peer
work and badges follow)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from lms.activities import services as activities
from lms.activities.models import QuizAttempt, Reflection
from lms.awards import services as awards
from lms.awards.models import Assertion
from lms.core.extensions import db
from lms.courses.models import Module
from lms.learning.models import Enrolment, ModuleProgress, UnitProgress
from lms.learning.services import complete_unit, enrol
from lms.peer_review.models import Review, Submission
from tests.conftest import NOW, csrf_from, submit
from tests.factories import make_learner_client, make_submission_with_reviews, make_tutor_client
from tests.roster.helpers import enrolments_url, learner_url, post_form, second_run

RIGHT = [[0], [0, 1]]
BASICS = "/courses/practice/modules/basics/"
AFTER_THE_END = datetime(2017, 12, 1, 10, 0, tzinfo=timezone.utc)  # the practice run ended on 23 November


def practice_url(user_id: int | None = None, run: str = "open") -> str:
    return learner_url(user_id, "practice", run) if user_id else enrolments_url("practice", run)


def complete_basics(user) -> None:
    complete_unit(user, "practice", "basics", "the-only-page", now=NOW)
    activities.submit_quiz(user, "practice", "basics", "check", answers=RIGHT, attempt_number=1, now=NOW)
    activities.submit_reflection(user, "practice", "basics", "think", text="I learned that STEM is broad.", now=NOW)
    db.session.commit()


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def tutor(app, practice):
    return make_tutor_client(app, "practice", now=NOW)[1]


@pytest.fixture
def ada(app, practice):
    """Ada, logged in, with the basics module done (a page, a quiz, a reflection, its badge)."""
    user, client = make_learner_client(app, "practice", now=NOW, name="Ada Lovelace", email="ada@school.example")
    complete_basics(user)
    return user, client


def test_unenrol_keeps_the_work_and_takes_the_course_away(tutor, ada):
    user, client = ada
    confirm = tutor.get(practice_url(user.id) + "/unenrol").get_data(as_text=True)
    assert "Unenrol Ada Lovelace?" in confirm and "Their work is not deleted" in confirm

    response = tutor.post(practice_url(user.id) + "/unenrol", data={"csrf_token": csrf_from(confirm)})

    assert response.status_code == 302
    assert "Ada Lovelace is no longer enrolled in this run." in tutor.get(response.location).get_data(as_text=True)
    module = client.get(BASICS)
    assert module.status_code == 302 and module.location == "/courses/practice"  # "Enrol in this course to read its modules."
    assert "Practice Course" not in client.get("/dashboard").get_data(as_text=True)
    course_page = client.get("/courses/practice").get_data(as_text=True)
    assert "Your progress" not in course_page and "Enrol in" in course_page
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id))
    assert enrolment.unenrolled_at is not None
    assert count(UnitProgress, UnitProgress.enrolment_id == enrolment.id) == 1  # the work stays
    assert count(QuizAttempt, QuizAttempt.enrolment_id == enrolment.id) == 1
    assert count(Reflection, Reflection.enrolment_id == enrolment.id) == 1
    roster = tutor.get(practice_url()).get_data(as_text=True)
    assert "0 learners enrolled" in roster and "1 unenrolled (their work is kept)" in roster and "Unenrolled on" in roster


def test_enrolling_again_gives_the_work_back(tutor, ada):
    user, client = ada
    post_form(tutor, practice_url(user.id) + "/unenrol")
    page = tutor.get(practice_url(user.id)).get_data(as_text=True)
    assert "Enrol Ada Lovelace again" in page

    post_form(tutor, practice_url(user.id) + "/reenrol", page=practice_url(user.id))

    assert client.get(BASICS).status_code == 200
    assert "1 of 2 modules complete" in client.get("/dashboard").get_data(as_text=True)


def test_a_learner_unenrolled_from_a_run_can_enrol_again_from_the_course_page(tutor, ada):
    user, client = ada
    post_form(tutor, practice_url(user.id) + "/unenrol")
    enrol(user, db.session.scalar(select(Enrolment.run_id)), course_slug="practice", now=NOW)
    db.session.commit()
    assert count(Enrolment) == 1 and client.get(BASICS).status_code == 200


def test_a_completed_module_since_archived_is_not_counted(tutor, ada):
    """The course file dropped "basics" after Ada completed it: she has completed 1 of the 1
    module left, not "2 of 1", on the enrolments page and on her own page."""
    user, _ = ada
    db.session.scalar(select(Module).where(Module.slug == "basics")).archived_at = NOW
    for page in ("first-page", "second-page"):
        complete_unit(user, "practice", "reading-only", page, now=NOW)
    db.session.commit()

    roster = tutor.get(practice_url()).get_data(as_text=True)
    row = re.search(r"ada@school\.example.*?</tr>", roster, re.S).group(0)
    assert re.findall(r"<td>(\d+)</td>", row) == ["1"]
    assert "1 of 1 module completed" in tutor.get(practice_url(user.id)).get_data(as_text=True)


def deadline(tutor, user_id: int, day: str, action: str = "save"):
    return post_form(tutor, practice_url(user_id) + "/deadline", {"day": day, "action": action}, page=practice_url(user_id))


def test_a_personal_deadline_keeps_the_run_open_for_that_learner_only(app, tutor, ada):
    user, client = ada
    bob, bob_client = make_learner_client(app, "practice", now=NOW, name="Bob Late")
    assert deadline(tutor, user.id, "2017-12-15").status_code == 302
    assert "your personal deadline:" in client.get("/dashboard").get_data(as_text=True)
    app.config["FIXED_NOW"] = AFTER_THE_END

    page = "/courses/practice/modules/reading-only/first-page"
    ada_done = submit(client, page + "/done", page=page)
    bob_done = submit(bob_client, page + "/done", page=page)

    assert ada_done.status_code == 302
    assert count(UnitProgress, UnitProgress.enrolment_id == db.session.scalar(
        select(Enrolment.id).where(Enrolment.user_id == user.id))) == 2
    assert bob_done.status_code == 400 and "This course run has closed" in bob_done.get_data(as_text=True)
    assert "This run has closed" in bob_client.get("/courses/practice/modules/reading-only/").get_data(as_text=True)
    assert "This run has closed" not in client.get("/courses/practice/modules/reading-only/").get_data(as_text=True)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "your personal deadline:" in dashboard and 'datetime="2017-12-15T' in dashboard
    app.config["FIXED_NOW"] = datetime(2017, 12, 16, 10, 0, tzinfo=timezone.utc)  # the day after it
    assert "This run has closed" in client.get("/courses/practice/modules/reading-only/").get_data(as_text=True)


def test_the_deadline_field_offers_the_days_after_the_run_on_its_clock(tutor, ada):
    user, _ = ada
    deadline(tutor, user.id, "2017-12-15")
    page = tutor.get(practice_url(user.id)).get_data(as_text=True)
    field = re.search(r"<input[^>]*name=\"day\"[^>]*>", page).group(0)
    assert 'type="date"' in field and 'min="2017-11-23"' in field and 'max="2018-11-24"' in field
    assert 'value="2017-12-15"' in field and "on the run's clock (Europe/Brussels)" in page.replace("&#39;", "'")


@pytest.mark.parametrize("day, message", [
    ("2017-11-01", "Choose a day after the run ends"),
    ("2019-01-01", "Choose a day at most a year after the run ends."),
    ("tomorrow", "Enter a date such as 2017-12-15."),
    ("", "Choose a day."),
    ("9999-12-31", "Choose a day at most a year after the run ends."),
])
def test_a_deadline_that_cannot_be_is_refused_with_its_reason(tutor, ada, day, message):
    user, _ = ada
    response = deadline(tutor, user.id, day)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(Enrolment.deadline_at)) is None


def test_a_deadline_can_be_taken_away(tutor, ada):
    user, client = ada
    deadline(tutor, user.id, "2017-12-15")
    deadline(tutor, user.id, "", action="remove")
    assert db.session.scalar(select(Enrolment.deadline_at)) is None
    assert "your personal deadline:" not in client.get("/dashboard").get_data(as_text=True)


def move(tutor, user_id: int, to_run: str, *, run: str = "open", course: str = "practice"):
    url = learner_url(user_id, course, run)
    return post_form(tutor, url + "/move", {"run": to_run}, page=url)


def test_a_move_keeps_the_progress_and_the_badge(app, tutor, ada):
    user, client = ada
    winter = second_run("practice", "winter", starts=NOW - timedelta(days=10))
    enrolment_id = db.session.scalar(select(Enrolment.id))
    assert count(Assertion) == 1  # Practice Basics, earned in the open run

    response = move(tutor, user.id, "winter")

    assert response.status_code == 302 and response.location == learner_url(user.id, "practice", "winter")
    assert "is now in the run Run winter, with their progress and work." in tutor.get(response.location).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Enrolment, enrolment_id).run_id == winter.id
    assert count(ModuleProgress, ModuleProgress.enrolment_id == enrolment_id, ModuleProgress.completed_at.is_not(None)) == 1
    assert "1 of 2 modules complete" in client.get("/dashboard").get_data(as_text=True)
    assert "Run winter" in client.get("/dashboard").get_data(as_text=True)
    assert db.session.scalar(select(Assertion.run_id)) == winter.id
    awards.award_missing(now=NOW)  # the sweep finds the badge in the run the work is now in: nothing twice
    db.session.commit()
    assert count(Assertion) == 1
    assert "Ada Lovelace" not in tutor.get(practice_url()).get_data(as_text=True)
    assert "Ada Lovelace" in tutor.get(practice_url(run="winter")).get_data(as_text=True)


def test_a_move_is_refused_into_a_run_of_another_course_or_one_they_are_in(app, tutor, ada, peer_course):
    user, _ = ada
    winter = second_run("practice", "winter", starts=NOW - timedelta(days=10))

    other_course = move(tutor, user.id, "cohort")  # the peer course's run
    same = move(tutor, user.id, "open")
    enrol(user, winter.id, course_slug="practice", now=NOW)
    db.session.commit()
    already = move(tutor, user.id, "winter")

    assert other_course.status_code == 422 and "Choose another run of this course." in other_course.get_data(as_text=True)
    assert same.status_code == 422 and "The learner is in this run already" in same.get_data(as_text=True)
    assert already.status_code == 422 and "Ada Lovelace already has an enrolment in that run." in already.get_data(as_text=True)
    assert count(Enrolment, Enrolment.user_id == user.id) == 2


def test_a_move_takes_peer_work_into_the_new_runs_queue(app, peer_course):
    _, tutor = make_tutor_client(app, "peer", now=NOW)
    author, work = make_submission_with_reviews(NOW)
    later = second_run("peer", "later", starts=NOW - timedelta(days=1))

    assert move(tutor, author.id, "later", run="cohort", course="peer").status_code == 302

    db.session.expire_all()
    assert db.session.get(Submission, work.id).run_id == later.id  # reviewers now come from the later run
    assert count(Review, Review.submission_id == work.id, Review.status == "done") == 2  # reviews received stay


def test_an_unenrolled_learner_is_told_nothing_more_about_the_run(app, courses):
    from lms.learning.services.announcements import announce_releases
    from lms.notifications.models import Notification
    from tests.factories import make_learner

    _, tutor = make_tutor_client(app, "stem-careers", now=NOW)
    gone, stays = make_learner(now=NOW, name="Gone Learner"), make_learner(now=NOW, name="Stays Learner")
    post_form(tutor, learner_url(gone.id) + "/unenrol")

    announce_releases(now=NOW + timedelta(weeks=3))  # modules have opened since they enrolled
    db.session.commit()

    assert count(Notification, Notification.user_id == stays.id, Notification.kind == "module_opened") > 0
    assert count(Notification, Notification.user_id == gone.id) == 0


def test_a_closed_account_can_be_taken_out_of_a_run_but_never_put_back_moved_or_given_time(app, tutor, ada):
    """Deactivated (or erased: erasure deactivates too) is final for a tutor: the enrolment only leaves."""
    user, _ = ada
    winter_id = second_run("practice", "winter", starts=NOW - timedelta(days=10)).id
    user.deactivated_at = NOW
    db.session.commit()

    refused = deadline(tutor, user.id, "2017-12-15")
    assert refused.status_code == 422 and "This account is closed" in refused.get_data(as_text=True)
    moved = move(tutor, user.id, "winter")
    assert moved.status_code == 422 and "This account is closed" in moved.get_data(as_text=True)
    assert post_form(tutor, practice_url(user.id) + "/unenrol").status_code == 302
    response = post_form(tutor, practice_url(user.id) + "/reenrol", page=practice_url(user.id))
    assert response.status_code == 400 and "This account is closed" in response.get_data(as_text=True)
    db.session.expire_all()
    enrolment = db.session.scalar(select(Enrolment))
    assert enrolment.unenrolled_at is not None and enrolment.deadline_at is None
    assert enrolment.run_id != winter_id
