"""Importing courses: idempotent, content-hash aware, archiving instead of deleting."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sqlalchemy import func, select

from lms.courses.catalog import load_catalog
from lms.core.extensions import db
from lms.courses.models import Course, Module, Unit
from lms.learning.models import UnitProgress
from lms.courses.services.sync import sync_courses
from lms.learning.services.pages import complete_unit
from tests.conftest import NOW, ROOT
from tests.factories import make_enrolment, make_user


def copy_catalog(tmp_path: Path) -> tuple[Path, Path]:
    courses, content = tmp_path / "courses", tmp_path / "content"
    shutil.copytree(ROOT / "courses", courses)
    shutil.copytree(ROOT / "content", content)
    return courses, content


def without_module(toml: str, slug: str) -> str:
    """The course file with one [[modules]] table (and its badge) taken out."""
    return re.sub(rf'\[\[modules\]\]\nslug = "{slug}"\n.*?(?=\[\[modules\]\])', "", toml, flags=re.S)


def sync_from(courses: Path, content: Path):
    catalog = load_catalog(courses, content)
    assert catalog.ok, catalog.problems
    report = sync_courses(catalog.courses, now=NOW)
    db.session.commit()
    return report


def test_second_sync_writes_nothing_when_files_are_unchanged(app, tmp_path, count_queries):
    courses, content = copy_catalog(tmp_path)
    first = sync_from(courses, content)
    assert len(first.created) == 5 + 20  # courses, then modules: 8 + 2 (the French version) + 4 + 3 + 3
    with count_queries() as queries:
        second = sync_from(courses, content)
    assert not second.changed and second.unchanged == 5
    writes = [q for q in queries if q.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []


def test_edited_unit_is_rerendered_and_others_are_left_alone(app, tmp_path):
    courses, content = copy_catalog(tmp_path)
    sync_from(courses, content)
    path = content / "stem-careers" / "01-stem-careers-job-market.md"
    untouched = {u.slug: u.content_hash for u in db.session.scalars(select(Unit))}
    text = path.read_text()
    path.write_text(text + "\nA closing remark added by the tutor.\n")
    report = sync_from(courses, content)
    assert report.updated == [("course", "stem-careers"), ("module", "stem-careers/stem-careers-job-market")]
    changed = [u for u in db.session.scalars(select(Unit)) if untouched[u.slug] != u.content_hash]
    assert len(changed) == 1
    assert "A closing remark added by the tutor." in changed[0].html


def test_module_removed_from_the_course_file_is_archived_and_progress_kept(app, tmp_path):
    courses, content = copy_catalog(tmp_path)
    sync_from(courses, content)
    learner = make_user(now=NOW)
    make_enrolment(learner, now=NOW)
    module = db.session.scalar(select(Module).where(Module.slug == "stem-career-pathways"))
    unit = db.session.scalar(select(Unit).where(Unit.module_id == module.id).order_by(Unit.position))
    complete_unit(learner, "stem-careers", module.slug, unit.slug, now=NOW)
    db.session.commit()

    toml = courses / "stem-careers.toml"
    toml.write_text(without_module(toml.read_text(), "stem-career-pathways"))
    report = sync_from(courses, content)

    assert report.archived == [("module", "stem-careers/stem-career-pathways")]
    db.session.refresh(module)
    assert module.archived_at is not None
    assert db.session.scalar(select(func.count()).select_from(UnitProgress)) == 1
    positions = [m.slug for m in db.session.scalars(
        select(Module).where(Module.archived_at.is_(None), Module.course_id == module.course_id).order_by(Module.position))]
    assert "stem-career-pathways" not in positions and len(positions) == 7


def test_module_put_back_in_the_course_file_comes_back_with_its_progress(app, tmp_path):
    courses, content = copy_catalog(tmp_path)
    sync_from(courses, content)
    toml = courses / "stem-careers.toml"
    original = toml.read_text()
    toml.write_text(without_module(original, "stem-career-pathways"))
    sync_from(courses, content)
    toml.write_text(original)
    sync_from(courses, content)
    module = db.session.scalar(select(Module).where(Module.slug == "stem-career-pathways"))
    assert module.archived_at is None and module.position == 2
    assert db.session.scalar(select(func.count()).select_from(Module).where(Module.slug == "stem-career-pathways")) == 1


def groups() -> dict[str, str | None]:
    return {course.slug: course.translation_group for course in db.session.scalars(select(Course))}


def test_courses_linked_as_translations_share_a_group_once_and_unlinking_clears_it(app, tmp_path, count_queries):
    courses, content = copy_catalog(tmp_path)
    sync_from(courses, content)
    linked = groups()
    assert linked["stem-careers"] == linked["stem-metiers"] is not None and linked["stem-outreach-libraries"] is None
    with count_queries() as queries:
        again = sync_from(courses, content)
    assert not again.changed and not [q for q in queries if q.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]

    french = courses / "stem-metiers.toml"
    french.write_text(french.read_text().replace('translations = ["stem-careers"]\n', ""))
    report = sync_from(courses, content)
    # The English file did not change, but the link it was part of did.
    assert report.updated == [("course", "stem-careers"), ("course", "stem-metiers")]
    assert set(groups().values()) == {None}
    assert not sync_from(courses, content).changed


def test_a_third_language_joins_the_group_and_the_key_changes_for_all(app, tmp_path):
    courses, content = copy_catalog(tmp_path)
    sync_from(courses, content)
    before = groups()["stem-careers"]
    library = courses / "stem-outreach-libraries.toml"
    library.write_text(library.read_text().replace('language = "en"', 'language = "de"\ntranslations = ["stem-metiers"]'))
    sync_from(courses, content)
    after = groups()
    assert after["stem-careers"] == after["stem-metiers"] == after["stem-outreach-libraries"] != before
