"""Standards frameworks as files: problems named by file and line, an idempotent import, and
the sample framework read by `flask courses validate|sync`."""

from __future__ import annotations

import shutil

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.record import services as record
from lms.record.models import Standard, StandardsFramework
from tests.conftest import NOW, ROOT
from tests.record.conftest import STANDARDS


def _problems(tmp_path, *names):
    folder = tmp_path / "courses" / "standards"
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(STANDARDS / "bad" / name, folder / name)
    return [str(problem) for problem in record.check_files(tmp_path / "courses", set()).problems]


def test_bad_toml_is_named_with_its_file_and_line(app, tmp_path):
    [problem] = _problems(tmp_path, "broken.toml")
    assert problem.startswith(f"{tmp_path}/courses/standards/broken.toml:2: not valid TOML")


def test_duplicate_codes_missing_title_and_unknown_keys_each_at_their_line(app, tmp_path):
    problems = _problems(tmp_path, "duplicates.toml")
    where = f"{tmp_path}/courses/standards/duplicates.toml"
    assert f"{where}:1: missing 'title'" in problems
    assert any(p.startswith(f"{where}:3: unknown key 'colour'") for p in problems)
    assert f"{where}:10: duplicate code '1.1' (first at line 6)" in problems
    assert any(p.startswith(f"{where}:12: unknown key 'weight'") for p in problems)
    assert f"{where}:14: missing 'title'" in problems  # at the table that lacks it


def test_a_slug_unlike_the_file_name_a_bad_country_and_no_standards_are_problems(app, tmp_path):
    folder = tmp_path / "courses" / "standards"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text('slug = "other"\ntitle = "T"\ncountry = "Ireland"\nlanguage = "xx-nope"\n')
    problems = [str(p) for p in record.check_files(tmp_path / "courses", set()).problems]
    assert any(":1: slug 'other' differs from the file name" in p for p in problems)
    assert any(":3: 'country' must be a two-letter country code" in p for p in problems)
    assert any(":4: 'language' must be a language code" in p for p in problems)
    assert any("lists no standards" in p for p in problems)
    (folder / "mine.toml").write_bytes(b'slug = "mine"\ntitle = "\xff"\n')
    [problem] = [str(p) for p in record.check_files(tmp_path / "courses", set()).problems]
    assert problem.endswith("mine.toml:2: not UTF-8 text: save the file as UTF-8")


def test_sync_is_idempotent_and_archives_what_left_the_files(app, framework):
    assert db.session.scalar(select(func.count()).select_from(Standard)) == 3
    assert record.sync_files(framework, set(), NOW) == []  # unchanged: nothing written
    path = framework / "standards" / "teaching-council.toml"
    path.write_text(path.read_text().replace('code = "B1"', 'code = "B2"'))
    assert record.sync_files(framework, set(), NOW) == ["updated standards framework teaching-council"]
    db.session.commit()
    codes = {s.code: s.archived_at for s in db.session.scalars(select(Standard))}
    assert codes["B1"] == NOW and codes["B2"] is None and codes["A1"] is None
    path.unlink()
    assert record.sync_files(framework, set(), NOW) == ["archived standards framework teaching-council"]
    db.session.commit()
    assert record.list_frameworks() == [] and db.session.scalar(select(StandardsFramework.archived_at)) == NOW


def test_courses_validate_and_sync_read_the_sample_framework(app, runner, courses):
    app.config["COURSES_DIR"] = str(ROOT / "courses")
    validated = runner.invoke(args=["courses", "validate"])
    assert "standards/practitioner-standards.toml:" in validated.output and ": OK" in validated.output
    synced = runner.invoke(args=["courses", "sync"])
    assert "created standards framework practitioner-standards" in synced.output
    again = runner.invoke(args=["courses", "sync"])
    assert "standards framework" not in again.output
    [framework] = record.list_frameworks()
    assert framework.title == "Professional Standards for STEM Practitioners"
    assert len(record.framework_standards(framework.id)) >= 5


def test_flask_record_frameworks_lists_the_live_frameworks_and_their_standards(app, runner, framework):
    lines = runner.invoke(args=["record", "frameworks", "--standards"]).output.splitlines()
    assert lines[0].startswith("teaching-council\ten\t")
    assert [line.split("\t")[1] for line in lines[1:]] == ["A1", "A2", "B1"]
    (framework / "standards" / "teaching-council.toml").unlink()
    record.sync_files(framework, set(), NOW)
    db.session.commit()
    assert runner.invoke(args=["record", "frameworks"]).output == ""  # an archived framework is no longer offered
