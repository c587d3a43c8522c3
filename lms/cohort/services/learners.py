"""A run's learners for its tutors: the filters (shared with the exports and the
announcements), the list (search, sort, keyset pages) and one learner's page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select

from lms.cohort.queries import learners as q
from lms.cohort.services.access import TaughtRun, taught_run
from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.core.keyset import PAGE_SIZE, TOP, Cursor, Page, make_page
from lms.core.text import CONTROL_CHARACTERS
from lms.courses.services.runs import live_modules_with_overrides, module_opening_times

INACTIVE_AFTER = timedelta(days=14)
SEARCH_MAX = 254  # the longest e-mail address: a longer query can match nobody's whole address

# The filter names for forms, in the order a tutor reads them ("" is everyone).
STATUSES = {
    "": lazy_gettext("Everyone"),
    "not_started": lazy_gettext("Not started"),
    "behind": lazy_gettext("Behind the suggested pace"),
    "inactive": lazy_gettext("Inactive for 14 days or more"),
    "completed": lazy_gettext("Completed the course"),
}


@dataclass(frozen=True)
class LearnerFilter:
    """Which of a run's learners: ``search`` in the name or e-mail (any case), and a status."""

    search: str = ""  # name or e-mail, case-insensitive substring
    status: str = ""  # "" (everyone) | "not_started" | "behind" | "inactive" | "completed"

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> LearnerFilter:
        """From a query string or form data: odd values ignored, the search on one line and bounded."""
        search = " ".join(CONTROL_CHARACTERS.sub(" ", str(args.get("q") or args.get("search") or "")[:4 * SEARCH_MAX]).split())
        status = str(args.get("status") or "")
        return cls(search=search[:SEARCH_MAX], status=status if status in STATUSES else "")

    def args(self) -> dict[str, str]:
        """The query string that brings this filter back (empty parts left out)."""
        return {k: v for k, v in (("q", self.search), ("status", self.status)) if v}

    @property
    def everyone(self) -> bool:
        return not self.search and not self.status


def _due_plan(taught: TaughtRun, now: datetime, modules, overrides) -> tuple[list[datetime], int, bool, int]:
    """(cut-offs, due for all, has the run ended, modules): on a paced run, module k is due for
    those enrolled by cut-off k; otherwise the same number of modules is due for everyone."""
    course, run = taught.course, taught.run
    if modules is None:
        modules, overrides = live_modules_with_overrides(course.id, run.id, source_hash=course.source_hash)
    count = len(modules)
    ended = run.ends_at is not None and run.ends_at <= now
    if run.pace_days:
        return [now - timedelta(days=run.pace_days * k) for k in range(1, count + 1)], 0, ended, count
    if run.release_mode == "on_enrolment":
        return [], 0, ended, count
    opens = module_opening_times(run, modules, overrides or {}, enrolled_at=None)
    return [], sum(1 for m in modules[1:] if opens[m.id] is not None and opens[m.id] <= now), ended, count


def modules_due(taught: TaughtRun, *, now: datetime, modules=None, overrides=None):
    """How many of the run's modules a learner should have completed by ``now`` (a SQL expression).

    The suggested pace: on a run with ``pace_days`` (self-paced), module k is due ``pace_days × k``
    days after the learner enrolled; on a scheduled run, a module is due when the module after it
    opens; once the run has ended, every module is due, but for a learner whose personal deadline
    is still ahead. A self-paced run without a pace sets no date before its end."""
    cutoffs, for_all, ended, count = _due_plan(taught, now, modules, overrides)
    return q.modules_due(cutoffs, for_all, ended_at=now if ended else None, all_modules=count)


def modules_due_count(taught: TaughtRun, *, now: datetime, enrolled_at: datetime, deadline_at: datetime | None = None,
                      modules=None, overrides=None) -> int:
    """``modules_due`` for one learner, in Python."""
    cutoffs, for_all, ended, count = _due_plan(taught, now, modules, overrides)
    if ended and not (deadline_at is not None and deadline_at > now):
        return count
    return max((k for k, cutoff in enumerate(cutoffs, 1) if enrolled_at <= cutoff), default=for_all)


def conditions(taught: TaughtRun, learner_filter: LearnerFilter, *, now: datetime, due=None) -> list:
    """The WHERE conditions of ``learner_filter`` over the run's enrolments joined to their users."""
    found = []
    if learner_filter.search:
        found.append(q.search_clause(learner_filter.search))
    if learner_filter.status:
        if learner_filter.status == "behind" and due is None:
            due = modules_due(taught, now=now)
        found.append(q.status_clause(learner_filter.status, inactive_before=now - INACTIVE_AFTER, due=due))
    return found


def learner_ids(taught: TaughtRun, learner_filter: LearnerFilter, *, now: datetime) -> Select:
    """SELECT users.id FROM the run's enrolled learners matching the filter: SQL to use as a subquery
    (``User.id.in_(learner_ids(...))``, ``INSERT ... SELECT``). Building it reads the run's module
    overrides once for the "behind" filter, nothing otherwise."""
    return q.enrolled(taught.run.id).where(*conditions(taught, learner_filter, now=now))


def count_learners(taught: TaughtRun, learner_filter: LearnerFilter, *, now: datetime) -> int:
    """How many of the run's learners match: one COUNT."""
    return db.session.scalar(select(func.count()).select_from(learner_ids(taught, learner_filter, now=now).subquery()))


# --- The learner list -------------------------------------------------------------------------

SORT_NAMES = {
    "name": lazy_gettext("Name"),
    "email": lazy_gettext("E-mail"),
    "enrolled": lazy_gettext("Enrolled"),
    "active": lazy_gettext("Last active"),
    "done": lazy_gettext("Modules completed"),
}
# What a row says of its learner: the first that holds, in this order.
ROW_STATUSES = {
    "completed": lazy_gettext("Completed"),
    "not_started": lazy_gettext("Not started"),
    "inactive": lazy_gettext("Inactive"),
    "behind": lazy_gettext("Behind"),
    "on_track": lazy_gettext("On track"),
}


@dataclass(frozen=True)
class LearnerSort:
    """The list's order: one of ``q.SORTS``, up or down; the enrolment breaks ties."""

    key: str = "name"
    descending: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> LearnerSort:
        key = str(args.get("sort") or "")
        return cls(key if key in q.SORTS else "name", str(args.get("dir") or "") == "desc")

    def args(self) -> dict[str, str]:
        return {"sort": self.key, **({"dir": "desc"} if self.descending else {})} if self != LearnerSort() else {}


@dataclass(frozen=True)
class LearnerRow:
    enrolment_id: int
    user_id: int
    name: str
    email: str
    enrolled_at: datetime
    last_active_at: datetime | None
    done: int
    due: int
    completed_at: datetime | None
    status: str  # a key of ROW_STATUSES


@dataclass(frozen=True)
class LearnerList:
    course: object
    run: object
    modules: int  # the course's live modules (the N of "k of N")
    learner_filter: LearnerFilter
    sort: LearnerSort
    learners: Page[LearnerRow]
    everyone: int  # the run's learners, whatever the filter


def status_of(row, *, now: datetime) -> str:
    """The row's status by the filters' own rules (see ``q.status_clause``)."""
    if row.completed_at is not None:
        return "completed"
    if row.last_active_at is None and row.done == 0:
        return "not_started"
    if (row.last_active_at or row.enrolled_at) <= now - INACTIVE_AFTER:
        return "inactive"
    return "behind" if row.done < row.due else "on_track"


def list_learners(user, course_slug: str, run_slug: str, *, learner_filter: LearnerFilter = LearnerFilter(),
                  sort: LearnerSort = LearnerSort(), cursor: Cursor = TOP, now: datetime, size: int = PAGE_SIZE) -> LearnerList:
    """One page of the run's learners matching the filter, in the chosen order: for the course's
    tutors and admins only. Whatever the run's size: the run, its module overrides, one COUNT
    (the run, the matching, the place of the page) and one page of ``size`` rows."""
    taught = taught_run(user, course_slug, run_slug)
    course, run = taught.course, taught.run
    modules, overrides = live_modules_with_overrides(course.id, run.id, source_hash=course.source_hash)
    due = modules_due(taught, now=now, modules=modules, overrides=overrides)
    where = conditions(taught, learner_filter, now=now, due=due)
    keys = q.sort_keys(run.id, sort.key, cursor)
    everyone, total, before, known = q.count_page_place(run.id, where, keys, cursor, descending=sort.descending)
    cursor = cursor if known else TOP  # a learner who left, another run's: start from the top
    rows = q.learner_page(run.id, where, q.sort_keys(run.id, sort.key, cursor), cursor,
                          descending=sort.descending, due=due, size=size)
    if cursor.backwards:
        rows = list(reversed(rows))
    found = [LearnerRow(*row, status=status_of(row, now=now)) for row in rows]
    page = make_page(found, lambda row: row.enrolment_id, cursor=cursor, rows_before_cursor=before if known else 0, total=total)
    return LearnerList(course, run, len(modules), learner_filter, sort, page, everyone)
