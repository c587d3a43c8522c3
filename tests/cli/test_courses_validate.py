"""What `flask courses validate|sync` say about the files: an accurate last line, warnings that
do not stop an import (a Markdown file no module lists), and a size limit per file."""

from __future__ import annotations

import re
import shutil

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.courses.models import Course
from tests.conftest import ROOT


def real_catalog_copy(app, tmp_path):
    courses, content = tmp_path / "courses", tmp_path / "content"
    shutil.copytree(ROOT / "courses", courses)
    shutil.copytree(ROOT / "content", content)
    app.config.update(COURSES_DIR=str(courses), CONTENT_DIR=str(content))
    return courses, content


def test_validate_ends_by_saying_what_it_checked_when_all_is_well(runner):
    result = runner.invoke(args=["courses", "validate"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "5 courses checked, no problems. `flask courses sync` imports them."
    assert "nothing was imported" not in result.output


def test_sync_of_a_broken_catalogue_says_nothing_was_imported_and_how_to_go_on(app, runner, tmp_path):
    courses, _ = real_catalog_copy(app, tmp_path)
    toml = courses / "stem-careers.toml"
    toml.write_text(toml.read_text().replace('language = "en"', 'language = "en"\ncolour = "blue"'))
    result = runner.invoke(args=["courses", "sync"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "1 problem in 1 file; nothing was imported: fix them, then run `flask courses sync` again."


def test_a_markdown_file_no_module_lists_is_a_warning_and_the_rest_is_imported(app, runner, tmp_path):
    _, content = real_catalog_copy(app, tmp_path)
    stray = content / "stem-careers" / "09-draft-module.md"
    stray.write_text((content / "stem-careers" / "01-stem-careers-job-market.md").read_text())
    validated = runner.invoke(args=["courses", "validate"])
    assert validated.exit_code == 0, validated.output
    assert (f"{stray}:1: warning: no module in stem-careers.toml lists this file, so it is not imported: "
            'add a [[modules]] entry with slug = "draft-module", or move the file away') in validated.output
    assert validated.output.splitlines()[-1] == "5 courses checked, no problems (1 warning above). `flask courses sync` imports them."
    synced = runner.invoke(args=["courses", "sync"])
    assert synced.exit_code == 0 and "warning: no module in stem-careers.toml lists this file" in synced.output
    assert db.session.scalar(select(func.count()).select_from(Course)) == 5


def test_a_module_file_over_the_size_limit_is_refused_with_a_file_level_message_before_it_is_read(app, runner, tmp_path):
    _, content = real_catalog_copy(app, tmp_path)
    module = content / "stem-careers" / "02-stem-career-pathways.md"
    with module.open("a") as grown:  # 3 million bytes of honest text: over the 2 MB default
        grown.write("\nA paragraph of text that goes on and on about career pathways.\n" * 48_000)
    result = runner.invoke(args=["courses", "validate"])
    assert result.exit_code == 1
    assert re.search(rf"^{re.escape(str(module))}:1: the file is 2\.9 MB, more than the 2\.0 MB a course file may be: split",
                     result.output, re.M)
    app.config["COURSE_FILE_MAX_BYTES"] = 4 * 1024 * 1024  # the limit is a setting (LMS_COURSE_FILE_MAX_BYTES)
    assert runner.invoke(args=["courses", "validate"]).exit_code == 0


def test_validate_names_the_line_of_an_unknown_language_and_of_a_translation_that_is_no_course(app, runner, tmp_path):
    courses, _ = real_catalog_copy(app, tmp_path)
    french, english = courses / "stem-metiers.toml", courses / "stem-careers.toml"
    french.write_text(french.read_text().replace('language = "fr"', 'language = "français"'))
    english.write_text(english.read_text().replace('language = "en"', 'language = "en"\ntranslations = ["stem-karriere"]'))
    language_line = french.read_text().splitlines().index('language = "français"') + 1
    link_line = english.read_text().splitlines().index('translations = ["stem-karriere"]') + 1
    result = runner.invoke(args=["courses", "validate"])
    assert result.exit_code == 1
    assert (f"{french}:{language_line}: unknown language 'français': use a code such as 'en', 'fr' or 'pt-BR'"
            in result.output.splitlines())
    assert (f"{english}:{link_line}: translation 'stem-karriere' is not a course here: no course file has that slug"
            in result.output.splitlines())
    assert result.output.splitlines()[-1] == "2 problems in 2 files: fix them, then run `flask courses sync`."


def test_sync_refuses_translations_in_one_language_and_imports_nothing(app, runner, tmp_path):
    courses, _ = real_catalog_copy(app, tmp_path)
    french = courses / "stem-metiers.toml"
    french.write_text(french.read_text().replace('language = "fr"', 'language = "en"'))
    line = french.read_text().splitlines().index('translations = ["stem-careers"]') + 1
    result = runner.invoke(args=["courses", "sync"])
    assert result.exit_code == 1
    assert (f"{french}:{line}: courses linked as translations must each be in a different language, "
            "but stem-careers, stem-metiers share the language 'en'") in result.output
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0
