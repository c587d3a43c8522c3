"""A run's people for its tutors: the enrolments page (a summary, the people and the invitations
waiting, each a keyset page), one learner's enrolment, and what a tutor does to it: unenrol
(the work stays), enrol again, a personal deadline, a move to another run of the course."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from lms.awards import services as awards
from lms.core.audit import record_audit
from lms.core.errors import DomainError, NotFound, ValidationError
from lms.core.i18n import gettext
from lms.core.keyset import PAGE_SIZE, TOP, Cursor, Page, make_page
from lms.learning import services as learning
from lms.peer_review import services as peer_review
from lms.roster import queries
from lms.roster.services.access import TaughtRun, taught_run

if TYPE_CHECKING:
    from sqlalchemy import Row

    from lms.accounts.models import User
    from lms.courses.models import Run
    from lms.learning.models import Enrolment

SEARCH_LONGEST = 100
LATEST_DEADLINE = timedelta(days=366)  # after the run's end


@dataclass(frozen=True)
class RosterPage:
    taught: TaughtRun
    summary: Row  # enrolled, unenrolled, with a deadline, invitations waiting, accepted
    people: Page
    invitations: Page
    search: str
    people_at: Cursor  # where each list's page starts, kept by the other list's pager
    invitations_at: Cursor


def roster_page(user, course_slug: str, run_slug: str, *, now: datetime, search: str = "", people: Cursor = TOP,
                invitations: Cursor = TOP, size: int = PAGE_SIZE) -> RosterPage:
    """The enrolments page, in a fixed number of statements whatever the run's size."""
    taught = taught_run(user, course_slug, run_slug)
    run_id, search = taught.run.id, " ".join(search.split())[:SEARCH_LONGEST]
    total, before, known = queries.count_people(run_id, people, search)
    people = people if known else TOP  # someone of another run, or a made-up id: start from the top
    people_page = make_page(queries.people_page(run_id, people, search, size), lambda row: row.id, cursor=people,
                            rows_before_cursor=before if known else 0, total=total, prefix="p_")
    waiting, before, known = queries.count_invitations(run_id, now, invitations)
    invitations = invitations if known else TOP
    invitations_page = make_page(queries.invitations_page(run_id, now, invitations, size), lambda row: row.id,
                                 cursor=invitations, rows_before_cursor=before if known else 0, total=waiting,
                                 prefix="i_")
    return RosterPage(taught, queries.run_summary(run_id, now), people_page, invitations_page, search, people, invitations)


@dataclass(frozen=True)
class LearnerEnrolment:
    """One person's enrolment in the run (unenrolled too), for the tutor."""

    taught: TaughtRun
    learner: User
    enrolment: Enrolment
    modules_completed: int
    modules_total: int
    course_completed_at: datetime | None
    runs: list[tuple[Run, bool]]  # the course's runs, each with whether the learner has an enrolment there

    @property
    def unenrolled(self) -> bool:
        return self.enrolment.unenrolled_at is not None

    @property
    def closes_at(self) -> datetime | None:
        return learning.closes_at(self.taught.run, self.enrolment)

    @property
    def deadline_window(self) -> DeadlineWindow:
        return deadline_window(self.taught.run, self.enrolment.deadline_at)

    @property
    def destinations(self) -> list[Run]:
        """The runs the learner could be moved to: the course's others they are not in."""
        return [run for run, enrolled in self.runs if run.id != self.taught.run.id and not enrolled]


def learner_enrolment(user, course_slug: str, run_slug: str, learner_id: int) -> LearnerEnrolment:
    return _learner(taught_run(user, course_slug, run_slug), learner_id)


def _learner(taught: TaughtRun, learner_id: int) -> LearnerEnrolment:
    row = queries.learner_in_run(taught.run.id, learner_id)
    if row is None:
        raise NotFound(gettext("No such learner in this run."))
    learner, enrolment, completed, finished = row
    return LearnerEnrolment(taught, learner, enrolment, completed, queries.count_live_modules(taught.course.id), finished,
                            [(run, bool(enrolled)) for run, enrolled in queries.runs_of_course_for(taught.course.id, learner_id)])


def unenrol_learner(user, course_slug: str, run_slug: str, learner_id: int, *, now: datetime) -> tuple[LearnerEnrolment, bool]:
    """Take the learner out of the run: their pages say they are not enrolled, their work stays
    (and comes back if they are enrolled again). True if it changed anything."""
    found = learner_enrolment(user, course_slug, run_slug, learner_id)
    return found, _audited(learning.unenrol(found.enrolment, now=now), "enrolment.cancel", user, found, now)


def _refuse_closed_account(found: LearnerEnrolment, field: str | None = None) -> None:
    """A closed account (deactivated, or erased) keeps its enrolments as they are: a tutor may take
    it out of a run, never put it back, move it or keep its window open."""
    if found.learner.deactivated_at is not None:
        message = gettext("This account is closed: its enrolment can no longer be changed.")
        raise ValidationError(field, message) if field else DomainError(message)


def reenrol_learner(user, course_slug: str, run_slug: str, learner_id: int, *, now: datetime) -> tuple[LearnerEnrolment, bool]:
    found = learner_enrolment(user, course_slug, run_slug, learner_id)
    _refuse_closed_account(found)
    return found, _audited(learning.reenrol(found.enrolment), "enrolment.restore", user, found, now)


def _audited(changed: bool, action: str, user, found: LearnerEnrolment, now: datetime, **details) -> bool:
    """An audit row for a tutor's change to a learner's enrolment, when it changed anything."""
    if changed:
        record_audit(action=action, now=now, actor_id=user.id, subject_user_id=found.learner.id, target_kind="enrolment",
                     target_id=found.enrolment.id, details={"run": found.taught.run.slug, **details})
    return changed


@dataclass(frozen=True)
class DeadlineWindow:
    """The days a personal deadline may take, on the run's clock, for the deadline form."""

    zone: str  # the run's time zone, which the days are in
    given: date | None  # the day of the learner's deadline now, if they have one
    first: date | None  # the run's last day (None: the run has no end, so no deadline to give)
    last: date | None  # a year after it (LATEST_DEADLINE)


def deadline_window(run: Run, deadline_at: datetime | None) -> DeadlineWindow:
    zone = ZoneInfo(run.timezone)
    given = deadline_at.astimezone(zone).date() if deadline_at else None
    if run.ends_at is None:
        return DeadlineWindow(run.timezone, given, None, None)
    first = run.ends_at.astimezone(zone).date()
    return DeadlineWindow(run.timezone, given, first, first + LATEST_DEADLINE)


def deadline_from_day(run: Run, day: date) -> datetime:
    """The end of that day on the run's clock: a personal deadline is a whole day."""
    return datetime.combine(day, time(23, 59), ZoneInfo(run.timezone)).astimezone(ZoneInfo("UTC"))


def give_deadline(user, course_slug: str, run_slug: str, learner_id: int, *, day: date | None,
                  now: datetime) -> tuple[LearnerEnrolment, bool]:
    """A personal deadline for this learner: the run's window stays open for them until the end
    of ``day`` on the run's clock (None takes it away). The day must come after the run's end
    and within a year of it."""
    found = learner_enrolment(user, course_slug, run_slug, learner_id)
    _refuse_closed_account(found, "day")
    run = found.taught.run
    if day is None:
        return found, _audited(learning.set_deadline(found.enrolment, None), "enrolment.deadline", user, found, now, day="")
    if run.ends_at is None:
        raise ValidationError("day", gettext("This run has no end, so nobody needs a later deadline."))
    try:
        deadline = deadline_from_day(run, day)
    except (OverflowError, ValueError):
        deadline = None
    if deadline is None or deadline > run.ends_at + LATEST_DEADLINE:
        raise ValidationError("day", gettext("Choose a day at most a year after the run ends."))
    if deadline <= run.ends_at:
        raise ValidationError("day", gettext("Choose a day after the run ends: until then the run is open to everyone."))
    return found, _audited(learning.set_deadline(found.enrolment, deadline), "enrolment.deadline", user, found, now,
                           day=day.isoformat())


def move_learner(user, course_slug: str, run_slug: str, learner_id: int, *, to_run: str,
                 now: datetime) -> tuple[LearnerEnrolment, Run]:
    """Move the learner's enrolment, with everything it holds, to another run of the same course.
    Their progress follows the enrolment; their peer-review submissions follow it too, into the
    new run's review queue (reviews received stay on them); badges and the certificate earned
    follow the work that earned them. Returns the run they are now in."""
    found = learner_enrolment(user, course_slug, run_slug, learner_id)
    _refuse_closed_account(found, "run")
    target = next((run for run, _ in found.runs if run.slug == to_run), None)
    if target is None:
        raise ValidationError("run", gettext("Choose another run of this course."))
    if target.id == found.taught.run.id:
        raise ValidationError("run", gettext("The learner is in this run already: choose another run."))
    if any(run.id == target.id and enrolled for run, enrolled in found.runs):
        raise ValidationError("run", gettext("%(name)s already has an enrolment in that run. Enrol them again there "
                                             "from its own enrolments page.", name=found.learner.name))
    if found.unenrolled:
        raise ValidationError("run", gettext("Enrol %(name)s again before moving them.", name=found.learner.name))
    from_run = found.taught.run.id
    enrolment = found.enrolment
    learning.move_enrolment(enrolment, target.id)
    peer_review.follow_enrolment(enrolment.id, target.id)
    awards.move_awards(enrolment.id, found.learner.id, from_run, target.id)
    _audited(True, "enrolment.move", user, found, now, to=target.slug)
    return found, target
