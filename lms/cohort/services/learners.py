"""A run's learners for its tutors: the filters (shared with the exports and the
announcements), the list (search, sort, keyset pages) and one learner's page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select

from lms.cohort.queries import learners as q
from lms.cohort.services.access import TaughtRun
from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
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


def modules_due(taught: TaughtRun, *, now: datetime):
    """How many of the run's modules a learner should have completed by ``now`` (a SQL expression).

    The suggested pace: on a run with ``pace_days`` (self-paced), module k is due ``pace_days × k``
    days after the learner enrolled; on a scheduled run, a module is due when the next one opens
    and the last when the run ends; a self-paced run without a pace is due at its end."""
    course, run = taught.course, taught.run
    modules, overrides = live_modules_with_overrides(course.id, run.id, source_hash=course.source_hash)
    count = len(modules)
    ended = run.ends_at is not None and run.ends_at <= now
    if ended:
        return q.modules_due([], count)
    if run.pace_days:
        return q.modules_due([now - timedelta(days=run.pace_days * k) for k in range(1, count + 1)], 0)
    if run.release_mode == "on_enrolment":
        return q.modules_due([], 0)
    opens = module_opening_times(run, modules, overrides, enrolled_at=None)
    following = [opens[m.id] for m in modules[1:]]
    due = sum(1 for opened in following if opened is not None and opened <= now)
    return q.modules_due([], due)


def filtered(taught: TaughtRun, learner_filter: LearnerFilter, *, now: datetime) -> Select:
    """SELECT users.id FROM the run's enrolments and users, matching ``learner_filter``."""
    query = q.enrolled(taught.run.id)
    if learner_filter.search:
        query = query.where(q.search_clause(learner_filter.search))
    if learner_filter.status:
        due = modules_due(taught, now=now) if learner_filter.status == "behind" else None
        query = query.where(q.status_clause(learner_filter.status, course_id=taught.course.id,
                                            inactive_before=now - INACTIVE_AFTER, due=due))
    return query


def learner_ids(taught: TaughtRun, learner_filter: LearnerFilter, *, now: datetime) -> Select:
    """SELECT users.id ... of the run's enrolled learners matching the filter (to use as a subquery:
    ``User.id.in_(learner_ids(...))`` or ``INSERT ... SELECT``). Builds SQL only (the "behind"
    filter reads the run's module overrides once)."""
    return filtered(taught, learner_filter, now=now)


def count_learners(taught: TaughtRun, learner_filter: LearnerFilter, *, now: datetime) -> int:
    """How many of the run's learners match: one COUNT."""
    return db.session.scalar(select(func.count()).select_from(learner_ids(taught, learner_filter, now=now).subquery()))
