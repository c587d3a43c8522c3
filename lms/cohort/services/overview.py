"""A run at a glance for its tutors: the overview's figures, its completion funnel and weekly
activity, and the modules table. Every figure is aggregate SQL (cohort.queries.overview), a few
statements whatever the cohort's size, and kept for the minute per run and process
(``kept_for_the_minute``), so that the page asked for again costs no SQL beyond the log-in and
the tutor's right to see it."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app

from lms.cohort.queries import overview as queries
from lms.cohort.services.access import taught_run
from lms.core.extensions import db
from lms.core.fragments import LRU
from lms.courses.services.runs import live_modules_with_overrides, module_opening_times

KEPT = 256  # figures per process: (page, run, minute) entries of a few KB
ACTIVE_DAYS = 7
MAX_WEEKS = 52  # a long self-paced run shows its latest year


def kept_for_the_minute(page: str, run_id: int, now: datetime, compute: Callable[[], object]) -> object:
    """``compute()``, or what it gave for this page and run earlier in the same minute (in this process)."""
    kept: LRU = current_app.extensions.setdefault("cohort.figures", LRU(KEPT))
    key: Hashable = (page, run_id, minute_of(now))
    found = kept.get(key)
    if found is None:
        found = compute()
        kept.put(key, found)
    return found


def minute_of(now: datetime) -> datetime:
    return now.astimezone(timezone.utc).replace(second=0, microsecond=0)


@dataclass(frozen=True)
class Totals:
    enrolled: int
    started: int  # did anything at all
    active: int  # did anything in the last ACTIVE_DAYS days
    completions: int  # of the course
    badges: int  # held (not revoked), module and course badges
    certificates: int
    waiting: int  # visible peer work still short of reviews
    waiting_since: datetime | None  # when the longest waiting of it came in


@dataclass(frozen=True)
class Step:
    """A step of the completion funnel: ``kind`` enrolled, started, module (its position and title) or course."""

    kind: str
    count: int
    position: int = 0
    title: str = ""


@dataclass(frozen=True)
class Opening:
    position: int
    title: str
    opens_at: datetime


@dataclass(frozen=True)
class Week:
    number: int  # 1 for the run's first week
    starts: datetime
    ends: datetime
    active: int  # learners who did anything in it
    completions: int  # modules completed in it
    openings: tuple[Opening, ...]
    current: bool  # the week now in progress


@dataclass(frozen=True)
class Figures:
    """What the overview shows, as it was at ``as_of`` (kept for that minute)."""

    as_of: datetime
    totals: Totals
    funnel: tuple[Step, ...]
    weeks: tuple[Week, ...]


@dataclass(frozen=True)
class Overview:
    course: object
    run: object
    figures: Figures

    @property
    def version(self) -> tuple:
        """What the page shows besides the figures of its minute, for its ETag."""
        return ("overview", self.run.id, self.figures.as_of, self.course.source_hash, self.run.title, self.run.timezone)


def week_bounds(run, now: datetime) -> tuple[int, list[datetime]]:
    """(how many of the run's weeks come before the first shown, the starts of the weeks shown and the
    end of the last): seven days each on the run's wall clock, as the release rule counts them, up to
    the week holding now (or the run's end); the latest MAX_WEEKS of them. No weeks before the start."""
    last = min(now, run.ends_at) if run.ends_at else now
    if last <= run.starts_at:
        return 0, []
    local = run.starts_at.astimezone(ZoneInfo(run.timezone))
    count = (last - run.starts_at) // timedelta(days=7) + 1  # give or take an hour of daylight saving
    first = max(0, count - MAX_WEEKS)
    starts = [(local + timedelta(days=7 * week)).astimezone(timezone.utc) for week in range(first, first + count + 2)]
    shown = sum(1 for start in starts if start < last)  # the weeks that began before ``last``
    skipped = max(0, shown - MAX_WEEKS)
    return first + skipped, starts[skipped:shown + 1]


def run_overview(user, course_slug: str, run_slug: str, *, now: datetime) -> Overview:
    """The overview of a run, for its course's tutors and admins (NotFound for anyone else)."""
    taught = taught_run(user, course_slug, run_slug)
    course, run = taught.course, taught.run
    figures = kept_for_the_minute("overview", run.id, now, lambda: _figures(course, run, now))
    return Overview(course, run, figures)


def _openings(course, run) -> tuple[list, dict[int, datetime | None]]:
    modules, overrides = live_modules_with_overrides(course.id, run.id, source_hash=course.source_hash)
    return modules, module_opening_times(run, modules, overrides, enrolled_at=None)


def _figures(course, run, now: datetime) -> Figures:
    modules, opens = _openings(course, run)
    before, bounds = week_bounds(run, now)
    started = active = 0
    weekly: dict[tuple[int, int], int] = {}
    per_module: dict[int, int] = {}
    for kind, key, first, second in queries.run_activity(run.id, course.id, since=now - timedelta(days=ACTIVE_DAYS), bounds=bounds):
        if kind == queries.LEARNERS:
            started, active = first, second
        elif kind == queries.MODULE:
            per_module[key] = second
        elif key is not None:
            weekly[kind, key] = first
    enrolled, completions, badges, certificates, waiting, waiting_since = queries.run_totals(run.id)
    funnel = (Step("enrolled", enrolled), Step("started", started),
              *(Step("module", per_module.get(m.id, 0), index, m.title) for index, m in enumerate(modules, 1)),
              Step("course", completions))
    openings = [Opening(index, m.title, opens[m.id]) for index, m in enumerate(modules, 1) if opens.get(m.id)]
    weeks = tuple(
        Week(before + week + 1, start, end, weekly.get((queries.WEEK_ACTIVE, week), 0),
             weekly.get((queries.WEEK_COMPLETIONS, week), 0),
             tuple(o for o in openings if start <= o.opens_at < end), start <= now < end)
        for week, (start, end) in enumerate(zip(bounds, bounds[1:]))
    )
    totals = Totals(enrolled, started, active, completions, badges, certificates, waiting, waiting_since)
    return Figures(minute_of(now), totals, funnel, weeks)


# The modules table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizLine:
    activity_id: int
    title: str
    tried: int
    attempts: int
    passed: int


@dataclass(frozen=True)
class AssignmentLine:
    activity_id: int
    title: str
    submitted: int
    reviewed: int  # visible work with every review its assignment asks for
    queued: int  # in the tutor queue


@dataclass(frozen=True)
class ModuleLine:
    position: int
    title: str
    opens_at: datetime | None  # None: at each learner's enrolment (self-paced), or no date yet
    started: int
    completed: int
    median_seconds: float | None  # from the module's opening to completion
    quizzes: tuple[QuizLine, ...]
    reflections: int  # reflection activities in the module
    reflections_written: int
    assignments: tuple[AssignmentLine, ...]

    @property
    def quiz_tried(self) -> int:
        return sum(q.tried for q in self.quizzes)

    @property
    def pass_rate(self) -> float | None:
        """Learners who passed of those who tried, over the module's quizzes."""
        return sum(q.passed for q in self.quizzes) / self.quiz_tried if self.quiz_tried else None

    @property
    def mean_attempts(self) -> float | None:
        return sum(q.attempts for q in self.quizzes) / self.quiz_tried if self.quiz_tried else None


@dataclass(frozen=True)
class ModulesTable:
    course: object
    run: object
    as_of: datetime
    enrolled: int
    self_paced: bool
    lines: tuple[ModuleLine, ...]

    @property
    def version(self) -> tuple:
        return ("modules", self.run.id, self.as_of, self.course.source_hash, self.run.title)


def modules_table(user, course_slug: str, run_slug: str, *, now: datetime) -> ModulesTable:
    """Per live module of the run: opening, started, completed, median time to complete, quizzes,
    reflections and peer work; for the course's tutors and admins (NotFound for anyone else)."""
    taught = taught_run(user, course_slug, run_slug)
    course, run = taught.course, taught.run
    enrolled, lines = kept_for_the_minute("modules", run.id, now, lambda: _module_lines(course, run))
    return ModulesTable(course, run, minute_of(now), enrolled, run.release_mode == "on_enrolment", lines)


def _module_lines(course, run) -> tuple[int, tuple[ModuleLine, ...]]:
    """(learners enrolled, a line per live module)."""
    modules, opens = _openings(course, run)
    fixed = {m.id: at for m in modules if (at := opens.get(m.id)) is not None}
    self_paced_start = run.starts_at if run.release_mode == "on_enrolment" else None
    progress = {row[0]: row[1:] for row in queries.module_progress(
        run.id, fixed, self_paced_start=self_paced_start, dialect=db.session.get_bind().dialect.name)}
    activities: dict[int, list] = {}
    for row in queries.activities_with_counts(course.id, run.id):
        activities.setdefault(row.module_id, []).append(row)
    lines = []
    for index, module in enumerate(modules, 1):
        started, completed, median = progress.get(module.id, (0, 0, None))
        mine = activities.get(module.id, [])
        reflections = [a for a in mine if a.kind == "reflection"]
        lines.append(ModuleLine(
            index, module.title, fixed.get(module.id), started, completed, float(median) if median is not None else None,
            tuple(QuizLine(a.id, a.title, a.a or 0, a.b or 0, a.c or 0) for a in mine if a.kind == "quiz"),
            len(reflections), sum(a.a or 0 for a in reflections),
            tuple(AssignmentLine(a.id, a.title, a.a or 0, a.b or 0, a.c or 0) for a in mine if a.kind == "assignment"),
        ))
    return queries.count_enrolled(run.id), tuple(lines)
