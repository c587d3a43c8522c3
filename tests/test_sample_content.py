"""The real courses/ and content/ beside the courses: the STEM Outreach for Libraries programme, the
STEM Award for Settings and the practitioner standards, with the two short courses written for
librarians; `flask courses validate` finds nothing wrong in any of them."""

from __future__ import annotations

import re
import tomllib

from PIL import Image

from lms.core import content_files
from tests.conftest import ROOT

COURSES, CONTENT = ROOT / "courses", ROOT / "content"
PROGRAMME = COURSES / "programmes" / "stem-outreach-libraries-programme.toml"
SCHEME = COURSES / "award-schemes" / "stem-award.toml"
STANDARDS = COURSES / "standards" / "practitioner-standards.toml"


def read(path):
    return tomllib.loads(path.read_text(encoding="utf-8"))


def course(catalog, slug):
    return next(c for c in catalog.courses if c.slug == slug)


def test_every_kind_of_content_file_validates_with_no_problem_and_no_warning(app, runner):
    result = runner.invoke(args=["courses", "validate"])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    kinds = {kind.name: kind for kind in content_files.kinds()}
    assert {"programmes", "award-schemes", "standards"} <= set(kinds), sorted(kinds)
    slugs = {path.stem for path in COURSES.glob("*.toml")}
    for name in ("programmes", "award-schemes", "standards"):
        checked = kinds[name].check(COURSES, slugs)
        assert checked.problems == [] and checked.warnings == [], (name, [str(p) for p in checked.problems + checked.warnings])
        assert checked.checked, name  # it found its files


def test_the_two_short_library_courses_have_three_self_paced_modules_of_real_substance(real_catalog):
    for slug in ("library-makerspaces", "stem-storytime"):
        short = course(real_catalog, slug)
        assert len(short.modules) == 3 and short.runs[0].release.mode == "on_enrolment", slug
        assert short.badge is not None and all(module.badge for module in short.modules), slug
        for module in short.modules:
            assert 3 <= len(module.units) <= 4 and module.objectives, module.slug
            words = sum(len(re.sub(r"<[^>]+>", " ", unit.html).split()) for unit in module.units)
            assert words >= 600, (module.slug, words)  # as much reading as a module of the first libraries course
            kinds = sorted(activity.kind for activity in module.activities)
            assert {"quiz", "reflection"} <= set(kinds), module.slug
        assert any(a.kind == "discussion" for m in short.modules for a in m.activities), slug
        with Image.open(CONTENT / slug / "images" / "cover.png") as cover:
            assert cover.size == (1280, 720), slug


def test_the_programme_needs_the_library_courses_one_elective_two_workshops_and_a_placement(real_catalog):
    programme = read(PROGRAMME)
    slugs = {c.slug for c in real_catalog.courses}
    assert programme["slug"] == PROGRAMME.stem
    assert programme["required"] == ["stem-outreach-libraries", "library-makerspaces"]
    assert programme["electives"] == {"choose": 1, "courses": ["stem-storytime", "stem-careers"]}
    assert set(programme["required"] + programme["electives"]["courses"]) <= slugs
    assert programme["workshops"]["attend"] == 2 and programme["placement"]["hours"] == 30
    with Image.open(CONTENT / "programmes" / programme["slug"] / programme["badge"]["image"]) as badge:
        assert badge.size == (600, 600)
    assert programme["certificate"]["title"] == "Postgraduate Certificate in STEM Outreach for Libraries"


def test_the_stem_award_rises_from_bronze_to_gold_on_staff_learning_and_evidence():
    scheme = read(SCHEME)
    assert [level["slug"] for level in scheme["levels"]] == ["bronze", "silver", "gold"]
    assert 4 <= len(scheme["rubric"]) <= 5 and 4 <= len(scheme["evidence"]) <= 6
    evidence = {item["slug"] for item in scheme["evidence"]}
    assert all(len(item["guidance"].split()) >= 40 for item in scheme["evidence"])
    required, staff = set(), []
    for level in scheme["levels"]:
        assert set(level["evidence"]) <= evidence and required <= set(level["evidence"])  # each level asks more
        required = set(level["evidence"])
        staff.append(max(criterion["staff"] for criterion in level["criteria"]))
        assert (CONTENT / "award-schemes" / "stem-award" / level["image"]).is_file()
    assert staff == sorted(staff) and required == evidence  # gold asks for the whole portfolio
    counted = {entry for level in scheme["levels"] for criterion in level["criteria"] for entry in criterion["completed"]}
    assert counted == {"course:stem-careers", "course:stem-outreach-libraries", "programme:stem-outreach-libraries-programme"}


def test_the_standards_framework_has_a_dozen_standards_in_four_groups_with_unique_codes():
    standards = read(STANDARDS)["standards"]
    codes = [standard["code"] for standard in standards]
    assert 10 <= len(standards) <= 15 and len(set(codes)) == len(codes)
    assert len({standard["group"] for standard in standards}) in (3, 4)
    assert all(standard["title"] and standard["description"] for standard in standards)
