"""Programme files through ``flask courses validate|sync``: every problem with file and line, the
sample programme valid, sync idempotent (unchanged: no write) and removed files archived."""

from __future__ import annotations

import shutil

from sqlalchemy import event, select

from lms.core.extensions import db
from lms.programmes import services
from lms.programmes.models import Programme
from tests.conftest import NOW, ROOT
from tests.programmes.conftest import FIXTURES, content_tree

BAD = FIXTURES / "bad"


def _validate(app, runner, courses, content):
    app.config["COURSES_DIR"], app.config["CONTENT_DIR"] = str(courses), str(content)
    return runner.invoke(args=["courses", "validate"])


def test_validate_names_each_problem_with_its_file_and_line(app, runner, tmp_path):
    courses, content = content_tree(tmp_path, BAD / "broken.toml", badges=())
    result = _validate(app, runner, courses, content)
    path = courses / "programmes" / "broken.toml"
    assert result.exit_code == 1
    for line, message in [
        (5, "unknown course 'no-such-course'"),
        (5, "course 'practice' is listed twice"),
        (6, "unknown key 'colour'"),
        (9, "'choose' must be a whole number from 1 to the number of elective courses (2)"),
        (10, "unknown course 'stem-nowhere'"),
        (10, "course 'practice' is both required and an elective"),
        (12, "'name' must be a text that is not empty"),  # a missing key: its table's line
        (14, "image "),
    ]:
        assert f"{path}:{line}: {message}" in result.output, (line, message, result.output)
    assert "problems in 1 file" in result.output


def test_validate_reports_a_misnamed_file_and_wrong_types(app, runner, tmp_path):
    courses, content = content_tree(tmp_path, BAD / "misnamed.toml", badges=("misnamed",))
    result = _validate(app, runner, courses, content)
    path = courses / "programmes" / "misnamed.toml"
    assert f"{path}:1: slug 'another-name' differs from the file name: rename the file another-name.toml" in result.output
    assert f"{path}:6: 'hours' must be a number of hours from 0 to 100000" in result.output
    assert result.exit_code == 1


def test_validate_reports_bad_toml_at_its_line(app, runner, tmp_path):
    courses, content = content_tree(tmp_path, BAD / "not-toml.toml", badges=())
    result = _validate(app, runner, courses, content)
    assert f"{courses / 'programmes' / 'not-toml.toml'}:2: not valid TOML" in result.output
    assert result.exit_code == 1


def test_validate_reports_a_missing_badge_image_and_a_missing_badge(app, runner, tmp_path):
    courses, content = content_tree(tmp_path, FIXTURES / "courses" / "programmes" / "practice-programme.toml", badges=())
    result = _validate(app, runner, courses, content)
    path = courses / "programmes" / "practice-programme.toml"
    assert f"{path}:13: image {content / 'programmes' / 'practice-programme' / 'badge.png'} not found" in result.output
    text = (courses / "programmes" / "practice-programme.toml").read_text()
    (courses / "programmes" / "practice-programme.toml").write_text(text.split("[badge]")[0])
    result = _validate(app, runner, courses, content)
    assert f"{path}:1: a [badge] table is missing" in result.output


def test_a_good_programme_validates_and_syncs_once(app, runner, tmp_path):
    courses, content = content_tree(tmp_path, FIXTURES / "courses" / "programmes" / "practice-programme.toml",
                                    badges=("practice-programme",))
    result = _validate(app, runner, courses, content)
    assert result.exit_code == 0, result.output
    assert "practice-programme: 1 required course, 0 electives to choose: OK" in result.output
    assert "created programme practice-programme" in runner.invoke(args=["courses", "sync"]).output
    writes = []
    listener = lambda *args: writes.append(args[2]) if args[2].lstrip().upper().startswith(("INSERT INTO PROGRAMMES", "UPDATE PROGRAMMES")) else None  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        again = runner.invoke(args=["courses", "sync"])
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert "programme" not in again.output and writes == []
    (courses / "programmes" / "practice-programme.toml").unlink()
    assert "archived programme practice-programme" in runner.invoke(args=["courses", "sync"]).output
    db.session.expire_all()
    assert db.session.scalar(select(Programme.archived_at)) is not None
    assert services.slugs_on_file(courses) == set()


def test_the_sample_programme_validates_with_the_real_courses(app, runner):
    app.config["COURSES_DIR"], app.config["CONTENT_DIR"] = str(ROOT / "courses"), str(ROOT / "content")
    result = runner.invoke(args=["courses", "validate"])
    assert result.exit_code == 0, result.output
    assert "stem-outreach-libraries-programme: 2 required courses, 1 elective to choose: OK" in result.output
    assert services.slugs_on_file(ROOT / "courses") == {"stem-outreach-libraries-programme"}


def test_slugs_on_file_are_the_files_that_parse_and_name_themselves(tmp_path):
    folder = tmp_path / "programmes"
    folder.mkdir()
    for name in ("broken.toml", "misnamed.toml", "not-toml.toml"):
        shutil.copy(BAD / name, folder)
    assert services.slugs_on_file(tmp_path) == {"broken"}
    assert services.slugs_on_file(tmp_path / "nowhere") == set()
    assert NOW
