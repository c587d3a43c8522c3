from __future__ import annotations

from pathlib import Path

from lms.core.i18n import gettext
from lms.courses.catalog.course_file import read_course
from lms.courses.catalog.files import DEFAULT_MAX_FILE_BYTES, unlisted_module_files
from lms.courses.catalog.languages import declared_slug, link_translations
from lms.courses.catalog.specs import Catalog, Problem
from lms.core.toml_lines import KeyLines


def load_catalog(courses_dir: Path, content_dir: Path, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Catalog:
    """Read every ``courses/*.toml``; report every problem (and warning) at once, import nothing."""
    courses, problems, warnings, seen = [], [], [], {}
    paths = sorted(Path(courses_dir).glob("*.toml"))
    files = {path.stem for path in paths}  # the courses there are, even those with problems
    if not paths:
        problems.append(Problem(Path(courses_dir), 0, gettext("no course files (*.toml) here")))
    for path in paths:
        course, found = read_course(path, Path(content_dir), max_file_bytes=max_file_bytes)
        problems.extend(found)
        warnings.extend(unlisted_module_files(path, Path(content_dir), max_bytes=max_file_bytes))
        if course is None:
            files.add(declared_slug(path))
            continue
        if course.slug in seen:
            slug_line = KeyLines(path.read_text(encoding="utf-8-sig")).line("slug")
            message = gettext("duplicate course slug '%(slug)s' (also in %(file)s)", slug=course.slug, file=seen[course.slug])
            problems.append(Problem(path, slug_line, message))
            continue
        seen[course.slug] = path
        courses.append(course)
    courses, links = link_translations(courses, files)
    problems.extend(links)
    courses = [course for course in courses if course.path not in {problem.path for problem in links}]
    return Catalog(courses=tuple(courses), problems=tuple(problems), warnings=tuple(warnings),
                   on_file=frozenset(files | {course.slug for course in courses}))
