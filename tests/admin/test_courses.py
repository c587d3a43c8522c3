"""Courses in the administration: the course files' sync state and problems, a sync from the
browser shared with `flask courses sync`, and new runs of a course."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from lms.core.audit import AuditEvent
from lms.core.extensions import db
from lms.courses.models import Course, CourseSync, Run
from tests.admin.helpers import make_admin_client
from tests.cli.test_courses_cli import broken_catalog
from tests.conftest import NOW, ROOT, submit


def _course_id(slug: str) -> int:
    return db.session.scalar(select(Course.id).where(Course.slug == slug))


def test_the_sync_button_imports_the_course_files_and_the_page_says_when_and_by_whom(app):
    _, admin = make_admin_client(app, now=NOW)
    assert "have not been imported" in admin.get("/admin/courses").get_data(as_text=True)
    page = submit(admin, "/admin/courses/sync", page="/admin/courses", follow_redirects=True).get_data(as_text=True)
    assert "The course files were imported" in page and "imported without problems" in page and "By Ann Admin." in page
    assert db.session.scalar(select(Course.id).where(Course.slug == "stem-careers")) is not None
    again = submit(admin, "/admin/courses/sync", page="/admin/courses", follow_redirects=True).get_data(as_text=True)
    assert "imported: 0 changes." in again


def test_a_broken_catalogue_imports_nothing_and_its_problems_show_with_file_and_line(app, runner, tmp_path):
    courses, content = broken_catalog(tmp_path)
    app.config.update(COURSES_DIR=str(courses), CONTENT_DIR=str(content))
    _, admin = make_admin_client(app, now=NOW)
    page = submit(admin, "/admin/courses/sync", page="/admin/courses", follow_redirects=True).get_data(as_text=True)
    assert "the course files have 3 problems" in page and "nothing imported" in page
    assert f"{courses}/stem-careers.toml:" in page and "unknown key" in page
    assert db.session.scalar(select(Course.id)) is None


def test_the_command_line_sync_is_recorded_and_shown_on_the_admin_page(app, runner, tmp_path):
    courses, content = broken_catalog(tmp_path)
    app.config.update(COURSES_DIR=str(courses), CONTENT_DIR=str(content))
    assert runner.invoke(args=["courses", "sync"]).exit_code == 1
    failed = db.session.scalar(select(CourseSync))
    assert failed is not None and not failed.ok and failed.by_user_id is None and "missing file" in failed.problems
    app.config.update(COURSES_DIR=str(ROOT / "courses"), CONTENT_DIR=str(ROOT / "content"))
    assert runner.invoke(args=["courses", "sync"]).exit_code == 0
    _, admin = make_admin_client(app, now=NOW)
    page = admin.get("/admin/courses").get_data(as_text=True)
    assert "imported without problems" in page and "missing file" not in page


def test_a_course_page_lists_its_problems_from_the_last_sync(app, courses, tmp_path):
    _, admin = make_admin_client(app, now=NOW)
    broken, content = broken_catalog(tmp_path)
    app.config.update(COURSES_DIR=str(broken), CONTENT_DIR=str(content))
    submit(admin, "/admin/courses/sync", page="/admin/courses")
    careers = admin.get(f"/admin/courses/{_course_id('stem-careers')}").get_data(as_text=True)
    assert "unknown key" in careers and "missing file" not in careers  # the other course's problem is not here


def _run_form(**changes) -> dict:
    form = {"title": "Spring 2018", "slug": "2018-spring", "timezone": "Europe/Paris", "starts": "2018-03-05T09:00",
            "ends": "2018-06-29T17:00", "release_mode": "scheduled", "release_initial": "2", "release_batch": "1",
            "release_every_days": "14"}
    return {**form, **changes}


def test_an_admin_creates_a_run_with_its_dates_in_its_time_zone_and_its_release_rule(app, courses):
    _, admin = make_admin_client(app, now=NOW)
    course_id = _course_id("stem-careers")
    url = f"/admin/courses/{course_id}/runs/new"
    latest = db.session.scalar(select(Run).where(Run.course_id == course_id).order_by(Run.starts_at.desc()))
    blank = admin.get(url).get_data(as_text=True)
    assert f'<option selected value="{latest.timezone}">' in blank  # the course file's values are the defaults
    page = submit(admin, url, _run_form(), follow_redirects=True).get_data(as_text=True)
    assert "The run “Spring 2018” was created." in page and "2018-spring" in page
    run = db.session.scalar(select(Run).where(Run.course_id == course_id, Run.slug == "2018-spring"))
    assert run.starts_at == datetime(2018, 3, 5, 8, 0, tzinfo=timezone.utc)  # 09:00 in Paris in winter
    assert run.ends_at == datetime(2018, 6, 29, 15, 0, tzinfo=timezone.utc)  # 17:00 in Paris in summer
    assert (run.release_mode, run.release_initial, run.release_every_days) == ("scheduled", 2, 14)
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.target_kind == "run")) == "run.create"


def test_a_run_form_with_mistakes_shows_each_error_and_keeps_what_was_typed(app, courses):
    _, admin = make_admin_client(app, now=NOW)
    url = f"/admin/courses/{_course_id('stem-careers')}/runs/new"
    wrong = submit(admin, url, _run_form(ends="2018-03-01T09:00", slug="Spring 2018!", timezone="Mars/Olympus",
                                         release_batch="0"))
    html = wrong.get_data(as_text=True)
    assert wrong.status_code == 422
    assert "The end must come after the start." in html and "Use only lower-case letters" in html
    assert "Choose a time zone from the list." in html and "Enter a number from 1 to 100." in html
    assert 'value="Spring 2018!"' in html and 'value="2018-03-01T09:00"' in html
    odd = submit(admin, url, _run_form(starts="99999-01-01T00:00\x00", title="x" * 100_000))
    assert odd.status_code == 422 and "Enter a date and time" in odd.get_data(as_text=True)
    assert db.session.scalar(select(Run.id).where(Run.slug.in_(["2018-spring", "Spring 2018!"]))) is None


def test_a_run_with_a_short_name_already_used_is_refused_at_the_field(app, courses):
    _, admin = make_admin_client(app, now=NOW)
    course_id = _course_id("stem-careers")
    existing = db.session.scalar(select(Run.slug).where(Run.course_id == course_id))
    refused = submit(admin, f"/admin/courses/{course_id}/runs/new", _run_form(slug=existing))
    assert refused.status_code == 422
    assert "This course already has a run with this short name." in refused.get_data(as_text=True)


def test_course_pages_of_no_course_are_not_found(app, courses):
    _, admin = make_admin_client(app, now=NOW)
    for course_id in ("0", "99999", "9" * 30):
        assert admin.get(f"/admin/courses/{course_id}").status_code == 404
        assert admin.get(f"/admin/courses/{course_id}/runs/new").status_code == 404
