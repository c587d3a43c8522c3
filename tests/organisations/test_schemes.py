"""Award scheme files: every problem named by file and line; ``flask courses validate|sync`` check and
import the real sample scheme, and a second sync changes nothing."""

from __future__ import annotations

from lms.core.extensions import db
from lms.organisations import services
from lms.organisations.models import AwardScheme
from tests.conftest import NOW, ROOT
from tests.organisations.conftest import FIXTURES

BAD = FIXTURES / "bad"
COURSES = {"stem-careers", "stem-outreach-libraries"}


def problems(path_name: str) -> list[str]:
    report = services.check_files(BAD / "courses", COURSES, content_dir=BAD / "content")
    return [f"{p.line}: {p.message}" for p in report.problems if p.path.name == path_name]


def test_each_problem_of_a_scheme_is_named_with_its_line(app):
    found = problems("broken-award.toml")
    expected = {
        "4: unknown kind 'castle'",
        "11: two rubric entries have the slug 'leadership'",
        "21: image ",
        "22: unknown evidence 'nowhere'",
        "25: 'staff' must be a whole number of at least 1",
        "26: unknown course 'no-such-course'",
        "26: 'module:what' must be",
    }
    for start in expected:
        assert any(line.startswith(start) for line in found), (start, found)


def test_a_programme_not_on_file_is_unknown(app):
    assert any(line.startswith("26: unknown programme 'no-such-programme'") for line in problems("broken-award.toml"))


def test_a_file_that_is_not_toml_is_one_problem_at_its_line(app):
    assert len(problems("not-toml.toml")) == 1 and problems("not-toml.toml")[0].startswith(("2: not valid TOML", "3: not valid TOML"))


def test_the_test_scheme_is_fine_and_syncs_once(app, courses):
    report = services.check_files(FIXTURES / "courses", COURSES, content_dir=FIXTURES / "content")
    assert report.problems == [] and report.checked == ["test-award: 2 levels, 2 evidence items: OK"]
    assert services.sync_files(FIXTURES / "courses", COURSES, NOW, content_dir=FIXTURES / "content") == ["created award scheme test-award"]
    db.session.commit()
    assert services.sync_files(FIXTURES / "courses", COURSES, NOW, content_dir=FIXTURES / "content") == []
    assert db.session.query(AwardScheme).count() == 1


def test_flask_courses_validate_and_sync_take_the_sample_scheme(app, runner):
    app.config.update(COURSES_DIR=str(ROOT / "courses"), CONTENT_DIR=str(ROOT / "content"))
    checked = runner.invoke(args=["courses", "validate"])
    assert "stem-award: 3 levels, 6 evidence items: OK" in checked.output
    first = runner.invoke(args=["courses", "sync"])
    assert "created award scheme stem-award" in first.output
    second = runner.invoke(args=["courses", "sync"])
    assert "award scheme" not in second.output
    row, scheme = services.get_scheme("stem-award")
    assert [level.slug for level in scheme.levels] == ["bronze", "silver", "gold"] and scheme.level("gold").criteria[1].staff == 1
