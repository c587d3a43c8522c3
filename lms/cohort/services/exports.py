"""A run's exports as CSV, for the course's tutors and admins (and operators, on the command line):
learners' progress, quiz results, peer review results and badges issued.

Everything a person reads (column names, yes and no, language names) is put in the reader's
language when the export is opened; the rows are read only when the file is written, a chunk at a
time on a connection of their own (``lms.cohort.queries.exports``), so a download of 50,000
learners holds one chunk in memory and the request's session is free as soon as the view returns."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from babel.numbers import get_decimal_symbol
from sqlalchemy import Row, Select

from lms.cohort.queries import exports as q
from lms.cohort.services.access import TaughtRun, taught_run
from lms.cohort.services.learners import STATUSES, LearnerFilter, learner_ids
from lms.core.errors import NotFound
from lms.core.i18n import current_language, formatting_locale, gettext, lazy_gettext
from lms.core.spreadsheet import LAYOUTS, Layout, csv_chunks, layout_for
from lms.core.text import language_name
from lms.courses.services.staffing import find_run

# Each export: its name in addresses and file names, its title and what a row holds.
KINDS = {
    "progress": (lazy_gettext("Learners' progress"),
                 lazy_gettext("One row per learner: when they enrolled and were last active, how many modules they "
                              "completed and when, and when they completed the course.")),
    "quizzes": (lazy_gettext("Quiz results"),
                lazy_gettext("One row per learner and quiz: best score, attempts, passed or not, last attempt.")),
    "reviews": (lazy_gettext("Peer review results"),
                lazy_gettext("One row per piece of work submitted for peer review: its author, assignment and "
                             "language, the reviews it received, its points (the median of the reviews for each "
                             "criterion, added up, or the points a tutor set) and the reviews its author gave.")),
    "badges": (lazy_gettext("Badges issued"),
               lazy_gettext("One row per badge awarded in this run: its public id, the learner, when it was issued "
                            "and, if it was revoked, when and why.")),
}


@dataclass(frozen=True)
class Export:
    """One CSV file, ready to be written: its name, its header, and its rows read when written."""

    filename: str
    header: list[str]
    rows: Callable[[], Iterator[Sequence[object]]]
    layout: Layout

    def chunks(self) -> Iterator[bytes]:
        """The file as UTF-8 bytes, a chunk at a time; the database is read only while they are taken."""
        return csv_chunks(self.header, self.rows(), self.layout)


@dataclass(frozen=True)
class ExportsPage:
    course: object
    run: object
    kinds: dict
    layout: Layout  # the reader's usual layout, chosen first on the page
    layouts: dict[str, str]  # layout name -> what the reader sees
    learner_filter: LearnerFilter  # which learners, as the address asked
    statuses: dict  # the learner filters' names


def default_layout() -> Layout:
    """Commas where numbers have a decimal point; semicolons where they have a decimal comma (as
    Excel expects in French, German, Spanish or Italian)."""
    return layout_for(get_decimal_symbol(formatting_locale()))


def choose_layout(name: object) -> Layout:
    """The layout named in a request or command, else the reader's usual one."""
    return LAYOUTS.get(name) if isinstance(name, str) and name in LAYOUTS else default_layout()


def exports_page(user, course_slug: str, run_slug: str, *, learner_filter: LearnerFilter = LearnerFilter()) -> ExportsPage:
    """The run's exports, for the course's tutors and admins (NotFound for anyone else)."""
    taught = taught_run(user, course_slug, run_slug)
    layouts = {"comma": gettext("Commas, with a decimal point (1.5)"),
               "semicolon": gettext("Semicolons, with a decimal comma (1,5)")}
    return ExportsPage(taught.course, taught.run, KINDS, default_layout(), layouts, learner_filter, STATUSES)


def open_export(user, course_slug: str, run_slug: str, kind: str, *, layout: Layout, now: datetime,
                learner_filter: LearnerFilter = LearnerFilter()) -> Export:
    """One of the run's exports, for the course's tutors and admins (NotFound for anyone else or an
    unknown ``kind``), of the learners ``learner_filter`` keeps (the learner list's filters)."""
    return _filtered(taught_run(user, course_slug, run_slug), kind, layout=layout, now=now, learner_filter=learner_filter)


def operator_export(course_slug: str, run_slug: str, kind: str, *, layout: Layout, now: datetime,
                    learner_filter: LearnerFilter = LearnerFilter()) -> Export:
    """The same export for whoever runs the command line (who may read the whole database anyway)."""
    course, run = find_run(course_slug, run_slug)
    return _filtered(TaughtRun(course, run), kind, layout=layout, now=now, learner_filter=learner_filter)


def _filtered(taught: TaughtRun, kind: str, *, layout: Layout, now: datetime, learner_filter: LearnerFilter) -> Export:
    if learner_filter.everyone:
        return build_export(taught, kind, layout=layout, now=now)
    named = "-".join(part for part in (learner_filter.status.replace("_", "-"), "search" if learner_filter.search else "") if part)
    return build_export(taught, kind, layout=layout, now=now, learners=learner_ids(taught, learner_filter, now=now),
                        named=named)


def build_export(taught: TaughtRun, kind: str, *, layout: Layout, now: datetime, learners: Select | None = None,
                 named: str = "") -> Export:
    """The export of ``kind``; ``learners`` (a SELECT of user ids) keeps only them, ``named`` says which in
    the file's name: <course>-<run>-<kind>[-<which>]-<day>.csv."""
    builders = {"progress": _progress, "quizzes": _quizzes, "reviews": _reviews, "badges": _badges}
    if kind not in builders:
        raise NotFound(gettext("There is no such export."))
    course, run = taught.course, taught.run
    header, rows = builders[kind](taught, learners)
    which = f"-{named}" if named else ""
    return Export(f"{course.slug}-{run.slug}-{kind}{which}-{now:%Y-%m-%d}.csv", header, rows, layout)


def _words() -> tuple[str, str]:
    return gettext("yes"), gettext("no")


def _progress(taught: TaughtRun, learners: Select | None):
    modules = q.live_modules(taught.course.id)
    header = [gettext("Name"), gettext("E-mail"), gettext("Enrolled (UTC)"), gettext("Last active (UTC)"),
              gettext("Modules completed"),
              *[gettext("Completed: %(module)s (UTC)", module=title) for _, title in modules],
              gettext("Course completed (UTC)")]
    statement, engine = q.progress(taught.run.id, [module_id for module_id, _ in modules], learners), q.engine()
    return header, lambda: q.streamed(statement, engine=engine)


def _quizzes(taught: TaughtRun, learners: Select | None):
    header = [gettext("Name"), gettext("E-mail"), gettext("Module"), gettext("Quiz"), gettext("Best score (%)"),
              gettext("Attempts"), gettext("Passed"), gettext("Last attempt (UTC)")]
    statement, engine = q.quiz_results(taught.run.id, taught.course.id, learners), q.engine()
    yes, no = _words()

    def rows() -> Iterator[Sequence[object]]:
        for name, email, module, quiz, best, attempts, passed, last in q.streamed(statement, engine=engine):
            yield name, email, module, quiz, best, attempts, None if passed is None else (yes if passed else no), last

    return header, rows


def _reviews(taught: TaughtRun, learners: Select | None):
    header = [gettext("Author"), gettext("E-mail"), gettext("Module"), gettext("Assignment"), gettext("Language"),
              gettext("Submitted (UTC)"), gettext("Reviews received"), gettext("Points (medians per criterion, added up)"),
              gettext("Maximum points"), gettext("Points set by a tutor"), gettext("Hidden by a tutor"),
              gettext("Reviews given by the author")]
    statement, engine = q.review_results(taught.run.id, learners), q.engine()
    rubrics = {activity_id: spec.get("rubric") or [] for activity_id, spec in q.assignment_specs(taught.course.id).items()}
    words, reader = _words(), current_language()

    def rows() -> Iterator[Sequence[object]]:
        for _, reviews in groupby(q.streamed(statement, engine=engine), key=lambda row: row[0]):
            yield _review_row(list(reviews), rubrics, words, reader)

    return header, rows


def _review_row(reviews: list[Row], rubrics: dict[int, list], words: tuple[str, str], reader: str) -> list[object]:
    """One submission's row from its rows (one per counted review, or one with no scores)."""
    yes, no = words
    _, name, email, module, assignment, activity_id, language, submitted, hidden, override, given, _ = reviews[0]
    scores = [row[-1] for row in reviews if row[-1] is not None]
    rubric = rubrics.get(activity_id, [])
    maximum = sum(max((level.get("points", 0) for level in criterion.get("levels") or [{}]), default=0)
                  for criterion in rubric)
    points = _points(override, scores, len(rubric))
    return [name, email, module, assignment, language_name(language, reader) if language else None, submitted,
            len(scores), points, maximum if rubric else None, yes if override is not None else no,
            yes if hidden else no, given]


def _points(override: list[int] | None, scores: list[list[int]], criteria: int) -> float | int | None:
    """A tutor's points if set, else per criterion the median of the reviews, added up (None: no review yet)."""
    if override is not None:
        return sum(override)
    if not scores:
        return None
    criteria = criteria or max(len(review) for review in scores)
    medians = [statistics.median(column) for i in range(criteria) if (column := [s[i] for s in scores if len(s) > i])]
    return sum(medians)


def _badges(taught: TaughtRun, learners: Select | None):
    header = [gettext("Assertion id"), gettext("Badge"), gettext("Learner"), gettext("E-mail (as issued)"),
              gettext("Issued (UTC)"), gettext("Revoked (UTC)"), gettext("Reason for revoking")]
    statement, engine = q.badges_issued(taught.run.id, learners), q.engine()
    return header, lambda: q.streamed(statement, engine=engine)
