"""`flask demo setup`: a demo learner with real progress and a cohort for the demo tutor,
made through the learners' own services; run twice, it changes nothing the second time."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.accounts.services import get_user_by_email
from lms.activities import services as activities
from lms.awards.models import Assertion
from lms.core.extensions import db
from lms.learning import services as learning
from lms.learning.models import Enrolment, UnitProgress
from lms.peer_review import services as peer_review
from lms.peer_review.models import Review, Submission

PEER_WORK = ("stem-careers", "stem-leading-schools", "school-action-plan")


def demo_setup(runner) -> str:
    result = runner.invoke(args=["demo", "setup"])
    assert result.exit_code == 0, result.output
    return result.output


def what_is_recorded() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Enrolment, UnitProgress, Assertion, Submission, Review)}


def test_the_demo_learner_is_mid_course_with_badges_a_passed_quiz_and_peer_work_waiting(runner, courses, app):
    demo_setup(runner)
    learner = get_user_by_email("learner@example.org")
    now = app.config["FIXED_NOW"]
    [makers, careers, french, libraries, storytime] = sorted(learning.list_my_courses(learner, now=now),
                                                             key=lambda c: c.place.course.slug)
    assert careers.modules_completed == 2 and 0 < careers.units_done < careers.units_total
    assert makers.modules_completed == storytime.modules_completed == 2
    assert french.modules_completed == 2 == len(french.place.modules)  # the short French version: done
    assert libraries.modules_completed == 4 == len(libraries.place.modules)  # the programme's first course: done
    # Two module badges a course; every badge of the French version and of the libraries course.
    assert db.session.scalar(select(func.count()).select_from(Assertion).where(Assertion.user_id == learner.id)) == 2 + 3 + 5 + 2 + 2
    assert activities.get_activity_page(learner, "stem-careers", "introduction", "course-basics", now=now).passed
    assignment = peer_review.get_assignment_page(learner, *PEER_WORK, now=now)
    assert assignment.submission is not None
    assert len(assignment.received) == 1  # one review in, one more awaited
    assert assignment.given == 0 and assignment.live_claim is None  # three peers' plans to review
    review, _ = peer_review.claim_next(learner, *PEER_WORK, now=now)
    assert review is not None


def test_the_demo_tutor_has_a_cohort_at_varied_points(runner, courses):
    output = demo_setup(runner)
    assert "Generated learners enrolled: 78" in output  # 30 in the first course, 12 in each of the four others
    tutor = get_user_by_email("tutor@example.org")
    answers = activities.list_answers(tutor, "stem-careers", "demo")
    assert len(answers.learners) == 31  # the demo learner and 30 generated ones
    pages_read = db.session.scalars(
        select(func.count(UnitProgress.id)).select_from(Enrolment).outerjoin(UnitProgress, UnitProgress.enrolment_id == Enrolment.id)
        .group_by(Enrolment.id)).all()
    assert 0 in pages_read and len(set(pages_read)) >= 6
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 10
    assert db.session.scalar(select(func.count()).select_from(Review).where(Review.status == "done")) == 9


def test_demo_setup_run_again_changes_nothing_and_the_readme_award_example_works(runner, courses):
    demo_setup(runner)
    before = what_is_recorded()
    assert "Generated learners" not in demo_setup(runner)
    assert what_is_recorded() == before
    result = runner.invoke(args=["badges", "award", "--email", "learner@example.org",
                                 "--badge", "stem-careers-stem-career-pathways", "--reason", "An excellent plan"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("http://localhost/badges/assertions/")
