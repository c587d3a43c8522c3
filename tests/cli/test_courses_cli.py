"""`flask courses validate|sync`, `flask users create`, `flask demo setup`."""

from __future__ import annotations

import shutil

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.courses.models import Course, Run
from lms.core.access import CourseStaff
from lms.learning.models import Enrolment
from lms.accounts.models import User
from lms.catalogue import services as catalogue
from tests.conftest import ROOT


def broken_catalog(tmp_path):
    courses, content = tmp_path / "courses", tmp_path / "content"
    shutil.copytree(ROOT / "courses", courses)
    shutil.copytree(ROOT / "content", content)
    toml = courses / "stem-careers.toml"
    toml.write_text(toml.read_text().replace('language = "en"', 'language = "en"\ncolour = "blue"'))
    module = content / "stem-careers" / "03-stem-leading-schools.md"
    module.write_text(module.read_text().replace("estimated_minutes =", "estimated_minutes = = "))
    (content / "stem-outreach-libraries" / "04-measuring-impact.md").unlink()
    return courses, content


def test_validate_reports_every_problem_with_file_and_line_and_exits_non_zero(app, runner, tmp_path):
    courses, content = broken_catalog(tmp_path)
    app.config.update(COURSES_DIR=str(courses), CONTENT_DIR=str(content))
    result = runner.invoke(args=["courses", "validate"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    colour_line = (courses / "stem-careers.toml").read_text().splitlines().index('colour = "blue"') + 1
    assert f"{courses}/stem-careers.toml:{colour_line}: unknown key 'colour' in the course" in result.output
    assert any(line.startswith(f"{content}/stem-careers/03-stem-leading-schools.md:4: front matter is not valid TOML") for line in lines)
    assert any(line.startswith(f"{courses}/stem-outreach-libraries.toml:") and "missing file" in line for line in lines)
    assert "3 problems in 3 files: fix them, then run `flask courses sync`." in result.output  # validate imports nothing, ever


def test_sync_refuses_to_half_import_a_broken_catalogue(app, runner, tmp_path):
    courses, content = broken_catalog(tmp_path)
    app.config.update(COURSES_DIR=str(courses), CONTENT_DIR=str(content))
    result = runner.invoke(args=["courses", "sync"])
    assert result.exit_code == 1
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0


def test_validate_passes_on_the_real_courses(runner):
    result = runner.invoke(args=["courses", "validate"])
    assert result.exit_code == 0, result.output
    assert "stem-careers: 8 modules" in result.output
    assert "stem-outreach-libraries: 4 modules" in result.output
    assert "library-makerspaces: 3 modules" in result.output and "stem-storytime: 3 modules" in result.output


def test_sync_twice_changes_nothing_the_second_time(runner):
    first = runner.invoke(args=["courses", "sync"])
    assert first.exit_code == 0, first.output
    assert "created course stem-careers" in first.output
    second = runner.invoke(args=["courses", "sync"])
    assert second.exit_code == 0
    assert "created" not in second.output and "updated" not in second.output
    assert "5 courses: 5 unchanged; nothing to do" in second.output


def test_users_create_makes_a_tutor_of_the_named_course(runner, courses):
    result = runner.invoke(args=["users", "create", "--email", "Tutor@Example.org", "--name", "Tess Tutor",
                                 "--role", "tutor", "--course", "stem-careers"])
    assert result.exit_code == 0, result.output
    assert "tutor@example.org: tutor of stem-careers" in result.output
    assert "password: " in result.output  # generated and shown once
    user = db.session.scalar(select(User).where(User.email == "tutor@example.org"))
    assert db.session.scalar(select(func.count()).select_from(CourseStaff).where(CourseStaff.user_id == user.id)) == 1


def test_users_create_explains_a_tutor_without_a_course(runner, courses):
    result = runner.invoke(args=["users", "create", "--email", "t@example.org", "--name", "T", "--role", "tutor"])
    assert result.exit_code != 0
    assert "A tutor needs --course SLUG." in result.output


def test_users_create_refuses_a_weak_password(runner):
    result = runner.invoke(args=["users", "create", "--email", "t@example.org", "--name", "T", "--password", "abc"])
    assert result.exit_code != 0
    assert "Use at least 10 characters." in result.output


def test_demo_setup_opens_some_modules_and_keeps_others_locked(app, runner, courses):
    app.config["FIXED_NOW"] = "2026-11-22T12:00:00+00:00"
    result = runner.invoke(args=["demo", "setup"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Demo runs: stem-careers/demo, library-makerspaces/demo, stem-metiers/demo, "
                                    "stem-outreach-libraries/demo, stem-storytime/demo")
    assert runner.invoke(args=["demo", "setup"]).exit_code == 0  # again: idempotent
    assert db.session.scalar(select(func.count()).select_from(Run).where(Run.slug == "demo")) == 5
    learner = db.session.scalar(select(User).where(User.email == "learner@example.org"))
    from datetime import datetime

    page = catalogue.get_course_page("stem-careers", learner, now=datetime.fromisoformat(app.config["FIXED_NOW"]))
    assert page.run.slug == "demo"
    opened = [line.is_open for line in page.modules]
    assert any(opened) and not all(opened)
    # The demo learner in each demo run, 30 generated learners in the first and 12 of them in each of the others.
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 5 + 30 + 4 * 12


def test_demo_learner_has_real_progress_and_two_badges_per_course_however_often_it_is_set_up(app, runner, courses):
    from lms.awards.models import Assertion
    from lms.learning.models import ModuleProgress, UnitProgress

    app.config["FIXED_NOW"] = "2026-11-22T12:00:00+00:00"
    for _ in range(2):
        assert runner.invoke(args=["demo", "setup"]).exit_code == 0
    learner = db.session.scalar(select(User).where(User.email == "learner@example.org"))
    # Two module badges in each course; the short French version has only two modules, so its course badge too;
    # the libraries course is done (the programme's first course): its four module badges and its course badge.
    assert db.session.scalar(select(func.count()).select_from(Assertion).where(Assertion.user_id == learner.id)) == 2 + 3 + 5 + 2 + 2
    completed = db.session.scalar(select(func.count()).select_from(ModuleProgress).join(
        Enrolment, Enrolment.id == ModuleProgress.enrolment_id).where(
        ModuleProgress.completed_at.is_not(None), Enrolment.user_id == learner.id))
    assert completed == 12  # the first two modules of each course, all four of the libraries course
    pages_read = db.session.scalar(select(func.count()).select_from(UnitProgress))
    assert runner.invoke(args=["demo", "setup"]).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(UnitProgress)) == pages_read
