from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lms.core.i18n import lazy_gettext
from lms.courses.releases import ReleaseRule

# Slugs of courses, modules, units and runs: in URLs and in the files that name each other.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# What can make a module complete, and the activity each rule needs in the module.
COMPLETION_RULES = {
    "all_units": None,
    "quizzes_passed": "quiz",
    "reflections_submitted": "reflection",
    "peer_review_done": "assignment",
    "discussion_posts": "discussion",  # only a discussion block with min_posts > 0 counts
}
# How each rule reads on a checklist and in a badge's criteria.
RULE_LABELS = {
    "all_units": lazy_gettext("Read every page"),
    "quizzes_passed": lazy_gettext("Pass the quiz"),
    "reflections_submitted": lazy_gettext("Submit your reflection"),
    "peer_review_done": lazy_gettext("Submit your assignment and review your peers"),
    "discussion_posts": lazy_gettext("Contribute to the discussion"),
}
# The same, as steps inside a badge's criteria ("In the module “X”: read every page; pass the quiz.").
RULE_STEPS = {
    "all_units": lazy_gettext("read every page"),
    "quizzes_passed": lazy_gettext("pass the quiz"),
    "reflections_submitted": lazy_gettext("submit your reflection"),
    "peer_review_done": lazy_gettext("submit your assignment and review your peers"),
    "discussion_posts": lazy_gettext("contribute to the discussion"),
}


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class BadgeSpec:
    name: str
    description: str
    image: str  # relative to content/<course>/
    criteria: str = ""  # narrative; generated from the completion rules when empty
    tags: tuple[str, ...] = ()
    alignment: tuple[int, ...] = ()  # course outcome numbers (1-based)


@dataclass(frozen=True)
class UnitSpec:
    slug: str
    title: str
    html: str
    content_hash: str
    activities: tuple = ()  # ActivitySpec, in the order they appear


@dataclass(frozen=True)
class ModuleSpec:
    slug: str
    path: Path
    title: str
    summary: str
    estimated_minutes: int
    objectives: tuple[str, ...]
    units: tuple[UnitSpec, ...]
    content_hash: str
    complete_when: tuple[str, ...] = ()  # completion rules from the course file
    badge: BadgeSpec | None = None

    @property
    def activities(self) -> tuple:
        return tuple(a for unit in self.units for a in unit.activities)


@dataclass(frozen=True)
class RunSpec:
    slug: str
    title: str
    timezone: str
    starts_at: datetime  # aware UTC
    ends_at: datetime | None
    release: ReleaseRule
    enrolment_opens_at: datetime | None = None
    enrolment_closes_at: datetime | None = None
    pace_days: int | None = None  # self-paced: suggested days per module


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    path: Path
    title: str
    summary: str
    audience: tuple[str, ...]
    language: str
    hours_per_week: tuple[int, int]
    outcomes: tuple[str, ...]
    modules: tuple[ModuleSpec, ...]
    runs: tuple[RunSpec, ...]
    source_hash: str
    modules_needed: int | None = None  # modules to complete for the course; None: all
    badge: BadgeSpec | None = None
    cover: str | None = None  # a picture relative to content/<course>/, with its text alternative
    cover_alt: str | None = None
    translations: tuple[str, ...] = ()  # slugs of the same course in other languages, as the file lists them
    translation_group: str | None = None  # shared by every course linked as a translation (the loader sets it)


@dataclass(frozen=True)
class Catalog:
    courses: tuple[CourseSpec, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()  # worth a look, but nothing stops the import
    # every course slug on file, those with problems too: other files naming one are not "unknown"
    on_file: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return not self.problems
