"""The real courses/ and content/ shipped with the project."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from lms.courses.releases import opening_times

BRUSSELS = ZoneInfo("Europe/Brussels")
TITLES_2017 = [
    "Course introduction",
    "STEM careers in schools and in the job market",
    "STEM career pathways",
    "STEM leading schools",
    "Gender stereotypes in STEM education",
    "Balancing the roles of teachers, mentors, parents and role models",
    "Benefits of external school-to-work programmes",
    "Career orientation events on STEM education",
]


def course(catalog, slug):
    return next(c for c in catalog.courses if c.slug == slug)


def test_stem_careers_has_an_introduction_and_seven_modules_titled_as_in_2017(real_catalog):
    stem = course(real_catalog, "stem-careers")
    assert [m.title for m in stem.modules] == TITLES_2017
    for module in stem.modules:
        assert 2 <= len(module.units) <= 4, module.slug
        assert module.objectives


def test_reference_run_opens_two_modules_a_week_from_25_september_2017(real_catalog):
    stem = course(real_catalog, "stem-careers")
    run = stem.runs[0]
    times = opening_times(run.release, run.starts_at, [m.slug for m in stem.modules], zone=run.timezone)
    local = [t.astimezone(BRUSSELS) for t in times.values()]
    assert [t.strftime("%a %d %b %H:%M") for t in local] == [
        "Mon 25 Sep 09:00", "Mon 25 Sep 09:00", "Mon 25 Sep 09:00",
        "Mon 02 Oct 09:00", "Mon 02 Oct 09:00",
        "Mon 09 Oct 09:00", "Mon 09 Oct 09:00",
        "Mon 16 Oct 09:00",
    ]
    weeks = (run.ends_at - run.starts_at).total_seconds() / (7 * 24 * 3600)
    assert round(weeks, 1) == 8.5
    assert run.starts_at == datetime(2017, 9, 25, 9, 0, tzinfo=BRUSSELS)


def test_library_course_is_self_paced_with_four_modules(real_catalog):
    library = course(real_catalog, "stem-outreach-libraries")
    assert len(library.modules) == 4
    assert library.runs[0].release.mode == "on_enrolment"


def test_every_sample_module_has_a_quiz_and_a_reflection_and_three_stem_modules_a_peer_review(real_catalog):
    for sample in real_catalog.courses:
        for module in sample.modules:
            kinds = [a.kind for a in module.activities]
            assert kinds.count("quiz") == 1 and kinds.count("reflection") == 1, module.slug
    stem = course(real_catalog, "stem-careers")
    with_review = [m.slug for m in stem.modules if any(a.kind == "assignment" for a in m.activities)]
    assert with_review == ["stem-leading-schools", "roles-teachers-mentors-parents", "career-orientation-events"]


def test_the_model_course_has_a_short_french_version_linked_as_its_translation(real_catalog):
    english, french = course(real_catalog, "stem-careers"), course(real_catalog, "stem-metiers")
    assert (english.language, french.language) == ("en", "fr")
    assert english.translation_group == french.translation_group is not None
    assert course(real_catalog, "stem-outreach-libraries").translation_group is None
    assert [m.slug for m in french.modules] == ["introduction", "metiers-et-marche-du-travail"]
    assert french.modules[0].title == "Introduction au cours" and french.runs[0].release.mode == "on_enrolment"
