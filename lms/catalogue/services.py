"""The public catalogue and course pages: readable by anyone, no module content."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app

from lms.catalogue import queries
from lms.core.errors import NotFound
from lms.core.fragments import LRU
from lms.core.i18n import gettext
from lms.core.text import language_name
from lms.courses.services import content
from lms.courses.services.runs import (
    featured_runs,
    is_open,
    module_opening_times,
)
from lms.learning import services as learning

KEPT_COURSES = 64
# Programmes (a feature above this one) list themselves beside the courses through this seam.
_PROGRAMME_LISTINGS: list[Callable[[], list]] = []
ANNOUNCEMENTS_SHOWN = 3  # the latest a learner received in their run

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import BadgeClass, Course, Module, Run
    from lms.learning.models import Enrolment


@dataclass(frozen=True)
class RunOffer:
    """A run a newcomer can join, with what tells it apart from the course's other runs."""

    run: Run
    started: bool  # its start has passed: a scheduled run's first modules are already open
    first_opens: datetime | None = None  # scheduled runs: when the first and the last module open
    last_opens: datetime | None = None

    @property
    def self_paced(self) -> bool:
        return self.run.release_mode == "on_enrolment"


@dataclass(frozen=True)
class CourseCard:
    course: Course
    module_count: int
    next_run: Run | None
    offers: list[RunOffer] = field(default_factory=list)


@dataclass(frozen=True)
class CourseList:
    """The catalogue: the cards shown, and the languages its courses are written in to filter by."""

    cards: list[CourseCard]
    languages: list[tuple[str, int]]  # (code, number of live courses), by name in the reader's language
    language: str | None = None  # the one shown, when the list is filtered

    @property
    def total(self) -> int:
        return sum(count for _, count in self.languages)


@dataclass(frozen=True)
class Translation:
    """The same course in another language: where it is, and in what language."""

    slug: str
    language: str


@dataclass(frozen=True)
class ModuleLine:
    module: Module
    opens_at: datetime | None
    is_open: bool

    @property
    def hours(self) -> float:
        return round(self.module.estimated_minutes / 60, 1)


@dataclass(frozen=True)
class AnnouncementShown:
    """A tutor's announcement as the learner received it: sanitised HTML, in the language it was written in."""

    id: int
    subject: str
    html: str
    author: str
    sent_at: datetime
    language: str


@dataclass(frozen=True)
class CoursePage:
    course: Course
    run: Run | None  # the run whose dates are shown: the viewer's, else the next to join
    enrolment: Enrolment | None
    modules: list[ModuleLine]
    joinable_runs: list[Run]
    window_closed: bool
    offers: list[RunOffer] = field(default_factory=list)  # the joinable runs, explained
    badges: list[BadgeClass] = field(default_factory=list)  # what the course awards, module badges first
    progress: learning.CourseProgress | None = None  # the viewer's, with the next step, when enrolled
    translations: list[Translation] = field(default_factory=list)  # the course in other languages
    announcements: list[AnnouncementShown] = field(default_factory=list)  # the latest the viewer received in their run

    @property
    def total_hours(self) -> float:
        return round(sum(m.module.estimated_minutes for m in self.modules) / 60, 1)

    @property
    def version(self) -> tuple:
        """What the page shows beyond the course's content (its source hash covers the modules and
        badges): the runs, the viewer's enrolment and progress, each module's opening. Conditional
        GET compares it; whatever the page starts to show must be in it."""
        return (self.course.id, self.course.source_hash, self.run and tuple(self.run), self.enrolment and tuple(self.enrolment),
                tuple((line.module.id, line.opens_at, line.is_open) for line in self.modules), self.window_closed,
                tuple(tuple(run) for run in self.joinable_runs),
                tuple((offer.run.id, offer.started, offer.first_opens, offer.last_opens) for offer in self.offers),
                tuple(badge.id for badge in self.badges), self.progress and self.progress.version,
                tuple(self.translations), tuple(item.id for item in self.announcements))


def list_courses(*, now: datetime, language: str | None = None) -> CourseList:
    """The live courses, only those written in ``language`` if any is (any other value shows all)."""
    courses, runs, counts, languages = queries.live_courses_with_runs(language)
    cards = []
    for course in courses:
        joinable = featured_runs([r for r in runs if r.course_id == course.id], now)
        cards.append(CourseCard(course, counts.get(course.id, 0), joinable[0] if joinable else None,
                                [RunOffer(r, r.starts_at <= now) for r in joinable]))
    return CourseList(cards, sorted(languages.items(), key=lambda item: (language_name(item[0]), item[0])),
                      language if language in languages else None)


def register_programmes(provider: Callable[[], list]) -> None:
    """A feature above the catalogue (programmes) hands in what lists its cards."""
    if provider not in _PROGRAMME_LISTINGS:
        _PROGRAMME_LISTINGS.append(provider)


def list_programmes() -> list:
    """The programmes to show beside the courses (cards with slug, title, summary_html, language,
    duration_months, hours_per_week, courses)."""
    return [card for provider in _PROGRAMME_LISTINGS for card in provider()]


def _offers(runs: list[Run], modules: list[Module], *, now: datetime) -> list[RunOffer]:
    """Each joinable run with the span over which its modules open (one query for the overrides)."""
    overrides = content.overrides_of([r.id for r in runs]) if runs else []
    offers = []
    for run in runs:
        times = module_opening_times(run, modules, {m: at for r, m, at in overrides if r == run.id}, enrolled_at=None)
        known = sorted(t for t in times.values() if t is not None)
        scheduled = run.release_mode == "scheduled" and known
        offers.append(RunOffer(run, run.starts_at <= now, known[0] if scheduled else None, known[-1] if scheduled else None))
    return offers


def _badges_of(course: Course) -> list[BadgeClass]:
    """The course's badges, kept per version of the course: only a sync changes them, and it
    changes the course's source hash with them (badges, their artwork and the modules)."""
    kept = current_app.extensions.setdefault("catalogue.badges", LRU(KEPT_COURSES))
    badges = kept.get((course.id, course.source_hash))
    if badges is None:
        badges = queries.badges_of(course.id)
        kept.put((course.id, course.source_hash), badges)
    return list(badges)


def _translations_of(course: Course) -> list[Translation]:
    """The course's translations, kept per group: the group's key changes whenever its courses or
    their languages do (``courses.catalog.languages``)."""
    if course.translation_group is None:
        return []
    kept = current_app.extensions.setdefault("catalogue.translations", LRU(KEPT_COURSES))
    found = kept.get((course.id, course.translation_group))
    if found is None:
        found = [Translation(slug, language) for slug, language in queries.translations_of(course.slug, course.translation_group)]
        kept.put((course.id, course.translation_group), found)
    return list(found)


def get_course_page(course_slug: str, viewer: User | None, *, now: datetime) -> CoursePage:
    course, runs, enrolments = queries.course_runs_and_enrolments(course_slug, viewer and viewer.id)
    if course is None:
        raise NotFound(gettext("No such course."))
    enrolment = max(enrolments, key=lambda e: e.enrolled_at, default=None)  # the latest, as learning.latest_enrolment
    joinable = featured_runs(runs, now)
    if enrolment is not None:
        run = next(r for r in runs if r.id == enrolment.run_id)
    else:
        run = joinable[0] if joinable else (runs[-1] if runs else None)
    modules, overrides, progress = queries.modules_with_overrides_and_progress(
        course.id, run.id if run else None, enrolment.id if enrolment else None)
    times = (
        module_opening_times(run, modules, overrides, enrolled_at=enrolment.enrolled_at if enrolment else None)
        if run else {m.id: None for m in modules}
    )
    lines = [ModuleLine(m, times[m.id], is_open(times[m.id], now)) for m in modules]
    others = [r for r in joinable if enrolment is None or r.id != enrolment.run_id]
    return CoursePage(
        course=course,
        run=run,
        enrolment=enrolment,
        modules=lines,
        joinable_runs=others,
        window_closed=bool(run and learning.window_closed(run, enrolment, now)),  # a personal deadline counts
        offers=_offers(others, modules, now=now),
        badges=_badges_of(course),
        translations=_translations_of(course),
        progress=learning.get_course_progress(enrolment, run, course, modules, overrides, progress, now=now)
        if enrolment else None,
        announcements=_announcements(enrolment),
    )


def _announcements(enrolment: Enrolment | None) -> list[AnnouncementShown]:
    """What the run's tutors wrote to this learner lately (one query, for enrolled viewers only)."""
    if enrolment is None:
        return []
    return [AnnouncementShown(notification_id, p["subject"], p["html"], p["author"], sent_at, p["language"])
            for notification_id, sent_at, p in queries.announcements_received(enrolment.user_id, enrolment.run_id,
                                                                              ANNOUNCEMENTS_SHOWN)]
