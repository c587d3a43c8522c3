"""The assignment's tutor page: the tutor queue, the reports and the submissions of one run, each a
page of at most 50 rows reached by a keyset cursor, and every count over the whole run from SQL.
However large the cohort, the page runs the same statements and holds the same number of rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from lms.core.errors import NotFound, PermissionDenied
from lms.core.i18n import gettext
from lms.core.keyset import PAGE_SIZE, TOP, Cursor, Page, make_page
from lms.peer_review import queries

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Activity, Course, Module, Run
    from lms.peer_review.models import Flag, Review


def spread_threshold(criterion: dict) -> float:
    """Reviewers disagree on a criterion when their scores are at least half its scale apart (1 at least)."""
    points = [level["points"] for level in criterion["levels"]]
    return max(1, (max(points) - min(points)) / 2)


def disagreements(reviews: list[Review], rubric: list[dict]) -> list[str]:
    """Criteria where counted reviews differ by at least half the scale."""
    wide = []
    for index, criterion in enumerate(rubric):
        given = [r.scores[index] for r in reviews]
        if len(given) >= 2 and max(given) - min(given) >= spread_threshold(criterion):
            wide.append(criterion["criterion"])
    return wide


@dataclass(frozen=True)
class SubmissionLine:
    """One submission as the tutor page lists it: its reviews summed up by the database."""

    submission_id: int
    author: str
    submitted_at: datetime
    hidden: bool
    in_tutor_queue: bool
    overridden: bool
    counted: int  # finished, visible reviews
    live_claims: int
    disagreement: list[str]  # criteria with a wide spread


@dataclass(frozen=True)
class QueueLine:
    submission_id: int
    submitted_at: datetime
    author: str
    counted: int


@dataclass(frozen=True)
class FlagLine:
    flag: Flag
    hidden: bool  # what it reports is hidden now: only Restore makes sense


@dataclass(frozen=True)
class AssignmentTotals:
    """Counts over the whole run."""

    submissions: int
    hidden: int
    waiting: int  # visible and still short of reviews
    waiting_since: datetime | None  # the longest waiting of them
    queue: int
    flags: int
    flags_open: int


@dataclass(frozen=True)
class AssignmentOverview:
    course: Course
    run: Run
    activity: Activity
    module: Module
    totals: AssignmentTotals
    lines: Page[SubmissionLine]
    queue: Page[QueueLine]
    flags: Page[FlagLine]
    cursors: OverviewCursors  # where each list starts (the top for a cursor that left its list)


@dataclass(frozen=True)
class OverviewCursors:
    """Where each list of the page starts; each has its own ``?<list>_after=`` / ``_before=``."""

    submissions: Cursor = TOP
    queue: Cursor = TOP
    flags: Cursor = TOP

    def args(self, but: str = "") -> dict[str, int]:
        """The query string that keeps every list where it is, except the list ``but``."""
        lists = {"submissions": self.submissions, "queue": self.queue, "flags": self.flags}
        return {key: value for name, cursor in lists.items() if name != but for key, value in cursor.args(f"{name}_").items()}


def _context(tutor: User, course_slug: str, run_slug: str, activity_id: int) -> tuple[Course, Run, Activity, Module]:
    found = queries.tutor_assignment_context(tutor, course_slug, run_slug, activity_id)
    if found is None:
        raise NotFound(gettext("No such run of this course."))
    course, run, teaches, activity, module = found
    if not teaches:
        raise PermissionDenied(gettext("Only the tutors of this course can see this run."))
    if module is None:
        raise NotFound(gettext("No such assignment in this course."))
    return course, run, activity, module


def assignment_overview(tutor: User, course_slug: str, run_slug: str, activity_id: int, *, now: datetime,
                        cursors: OverviewCursors = OverviewCursors(), size: int = PAGE_SIZE) -> AssignmentOverview:
    """The tutor page of one assignment in one run, for the course's tutors: one page of each list."""
    course, run, activity, module = _context(tutor, course_slug, run_slug, activity_id)
    rubric, must_receive = activity.spec["rubric"], activity.spec["must_receive"]
    counts = queries.assignment_counts(activity.id, run.id, must_receive=must_receive, submissions=cursors.submissions,
                                       queue=cursors.queue, flags=cursors.flags)._mapping
    # A cursor row that left its list (reviewed since, another run's) starts that list from the top.
    at = {name: cursor if counts[f"{name}_found"] else TOP for name, cursor in
          (("submissions", cursors.submissions), ("queue", cursors.queue), ("flags", cursors.flags))}

    def before(name: str) -> int:
        return counts[f"{name}_before"] if at[name] != TOP else 0

    lines = [_line(row, rubric) for row in queries.submissions_page(activity.id, run.id, at["submissions"], size,
                                                                       criteria=len(rubric), now=now)]
    queue = [QueueLine(*row) for row in queries.queue_page(activity.id, run.id, at["queue"], size, must_receive=must_receive)]
    flags = [FlagLine(flag, bool(hidden)) for flag, hidden in queries.flags_page(activity.id, run.id, at["flags"], size)]
    totals = AssignmentTotals(*(counts[name] for name in ("submissions", "hidden", "waiting", "waiting_since", "queue", "flags",
                                                          "flags_open")))
    return AssignmentOverview(
        course, run, activity, module, totals,
        make_page(lines, lambda line: line.submission_id, cursor=at["submissions"], rows_before_cursor=before("submissions"),
                  total=totals.submissions, prefix="submissions_"),
        make_page(queue, lambda line: line.submission_id, cursor=at["queue"], rows_before_cursor=before("queue"),
                  total=totals.queue, prefix="queue_"),
        make_page(flags, lambda line: line.flag.id, cursor=at["flags"], rows_before_cursor=before("flags"),
                  total=totals.flags, prefix="flags_"),
        OverviewCursors(**at),
    )


def _line(row, rubric: list[dict]) -> SubmissionLine:
    submission_id, submitted_at, hidden_at, queued_at, overridden_at, author, counted, live_claims, *spreads = row
    wide = [criterion["criterion"] for criterion, spread in zip(rubric, spreads, strict=True)
            if counted >= 2 and spread is not None and spread >= spread_threshold(criterion)]
    return SubmissionLine(submission_id, author, submitted_at, hidden_at is not None, queued_at is not None,
                          overridden_at is not None, counted, live_claims, wide)
