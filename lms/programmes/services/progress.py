"""Where a learner stands in a programme: each course (not enrolled, in progress with its modules,
completed in any run, whenever), the electives that count, the workshops (confirmed by a tutor
or attended as events), the placement; and whether that completes the programme."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.programmes import queries
from lms.programmes.models import PlacementRecord, Programme, ProgrammeEnrolment, WorkshopAttendance
from lms.programmes.services.programme_file import ProgrammeSpec

NOT_ENROLLED, IN_PROGRESS, COMPLETED, UNAVAILABLE = "not_enrolled", "in_progress", "completed", "unavailable"


@dataclass(frozen=True)
class CourseStatus:
    slug: str
    title: str
    language: str
    state: str  # NOT_ENROLLED, IN_PROGRESS, COMPLETED, or UNAVAILABLE (not on the site)
    modules_done: int = 0
    modules_total: int = 0
    minutes: int = 0
    run_title: str = ""
    enrolled_at: datetime | None = None
    started_at: datetime | None = None  # for the transcript: the run's start or the learner's enrolment
    completed_at: datetime | None = None
    counts: bool = True  # an elective beyond the number to choose does not count

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


@dataclass(frozen=True)
class Workshop:
    title: str
    attended_on: date
    source: str  # "tutor" (confirmed by a programme tutor) or "event"


@dataclass
class Progress:
    programme: Programme
    spec: ProgrammeSpec
    enrolment: ProgrammeEnrolment | None
    required: list[CourseStatus] = field(default_factory=list)
    electives: list[CourseStatus] = field(default_factory=list)
    workshops: list[Workshop] = field(default_factory=list)
    placement: PlacementRecord | None = None

    @property
    def electives_done(self) -> int:
        return sum(1 for course in self.electives if course.state == COMPLETED and course.counts)

    @property
    def required_done(self) -> int:
        return sum(1 for course in self.required if course.state == COMPLETED)

    @property
    def workshops_needed(self) -> int:
        return self.spec.workshops.attend if self.spec.workshops else 0

    @property
    def placement_done(self) -> bool:
        return self.spec.placement is None or (self.placement is not None and self.placement.status == "signed_off")

    @property
    def counted_courses(self) -> list[CourseStatus]:
        return [c for c in self.required if c.state == COMPLETED] + \
            [c for c in self.electives if c.state == COMPLETED and c.counts]

    @property
    def complete(self) -> bool:
        choose = self.spec.electives.choose if self.spec.electives else 0
        return (self.required_done == len(self.required) and self.electives_done >= choose
                and len(self.workshops) >= self.workshops_needed and self.placement_done)


def get_programme(slug: str) -> tuple[Programme, ProgrammeSpec]:
    """A live programme by slug; NotFound for anything else (odd input included)."""
    row = db.session.scalar(select(Programme).where(Programme.slug == slug, Programme.archived_at.is_(None))) \
        if isinstance(slug, str) and 0 < len(slug) <= 80 and "\x00" not in slug else None
    spec = spec_of(row) if row is not None else None
    if spec is None:
        raise NotFound(gettext("No such programme."))
    return row, spec


def spec_of(row: Programme) -> ProgrammeSpec | None:
    """The programme's checked spec, or None for a row that holds none (made by hand, not synced)."""
    try:
        return ProgrammeSpec.from_spec(row.spec)
    except (KeyError, TypeError, ValueError):
        return None


def list_programmes() -> list[tuple[Programme, ProgrammeSpec]]:
    rows = db.session.scalars(select(Programme).where(Programme.archived_at.is_(None)).order_by(Programme.title, Programme.id))
    return [(row, spec) for row in rows if (spec := spec_of(row)) is not None]


def enrolment_of(programme_id: int, user_id: int) -> ProgrammeEnrolment | None:
    return db.session.scalar(select(ProgrammeEnrolment).where(ProgrammeEnrolment.programme_id == programme_id,
                                                              ProgrammeEnrolment.user_id == user_id))


def _status(slug: str, facts: queries.CourseFacts | None, mine: list[queries.LearnerCourse]) -> CourseStatus:
    if facts is None:
        return CourseStatus(slug, slug, "en", UNAVAILABLE)
    base = {"slug": slug, "title": facts.title, "language": facts.language, "modules_total": facts.modules,
            "minutes": facts.minutes}
    done = [e for e in mine if e.completed_at is not None]
    if done:
        first = min(done, key=lambda e: e.completed_at)
        started = min(max(first.enrolled_at, first.run_starts_at), first.completed_at)
        return CourseStatus(**base, state=COMPLETED, modules_done=facts.modules,
                            run_title=first.run_title, enrolled_at=first.enrolled_at, started_at=started,
                            completed_at=first.completed_at)
    active = [e for e in mine if e.unenrolled_at is None]
    if active:
        latest = active[-1]
        return CourseStatus(**base, state=IN_PROGRESS, modules_done=min(latest.modules_completed, facts.modules),
                            run_title=latest.run_title, enrolled_at=latest.enrolled_at)
    return CourseStatus(**base, state=NOT_ENROLLED)


def _workshops(programme: Programme, user_id: int) -> list[Workshop]:
    confirmed = [Workshop(row.title, row.attended_on, row.source) for row in db.session.scalars(
        select(WorkshopAttendance).where(WorkshopAttendance.programme_id == programme.id,
                                         WorkshopAttendance.user_id == user_id)
        .order_by(WorkshopAttendance.attended_on, WorkshopAttendance.id))]
    events = [Workshop(title, starts_at.date(), "event")
              for _, title, starts_at in queries.events_attended(programme.slug, [user_id])]
    return sorted(confirmed + events, key=lambda workshop: workshop.attended_on)


def placement_of(programme_id: int, user_id: int) -> PlacementRecord | None:
    return db.session.scalar(select(PlacementRecord).where(PlacementRecord.programme_id == programme_id,
                                                           PlacementRecord.user_id == user_id))


def progress_of(programme: Programme, spec: ProgrammeSpec, user_id: int | None) -> Progress:
    """The learner's progress (nobody's, for a visitor: every course "not enrolled")."""
    facts = queries.courses_by_slug(spec.courses)
    mine: dict[int, list[queries.LearnerCourse]] = {}
    if user_id is not None:
        for row in queries.learner_courses(user_id, [f.id for f in facts.values()]):
            mine.setdefault(row.course_id, []).append(row)

    def status(slug: str) -> CourseStatus:
        found = facts.get(slug)
        return _status(slug, found, mine.get(found.id, []) if found else [])

    progress = Progress(programme, spec, enrolment_of(programme.id, user_id) if user_id else None,
                        required=[status(slug) for slug in spec.required])
    if spec.electives:
        electives = [status(slug) for slug in spec.electives.courses]
        done = sorted((c for c in electives if c.state == COMPLETED), key=lambda c: c.completed_at)
        counted = {c.slug for c in done[:spec.electives.choose]}
        progress.electives = [c if c.state != COMPLETED or c.slug in counted else
                              CourseStatus(**{**c.__dict__, "counts": False}) for c in electives]
    if user_id is not None:
        progress.workshops = _workshops(programme, user_id)
        progress.placement = placement_of(programme.id, user_id)
    return progress
