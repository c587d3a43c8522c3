"""The programme pages: the list, one programme with the viewer's progress, and enrolling (which
enrols the learner in each required course's next open run, as the catalogue's Enrol does)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from lms.awards import services as awards
from lms.core.db import insert_ignoring_duplicates
from lms.core.extensions import db
from lms.core.render import render_markdown
from lms.core.urls import external_url
from lms.courses.services.runs import featured_runs
from lms.learning import services as learning
from lms.programmes import queries
from lms.programmes.models import Programme, ProgrammeEnrolment
from lms.programmes.services.completion import check_enrolment
from lms.programmes.services.programme_file import ProgrammeSpec
from lms.programmes.services.progress import (
    COMPLETED, NOT_ENROLLED, Progress, enrolment_of, get_programme, list_programmes, progress_of,
)
from lms.programmes.services.workshops import is_programme_tutor

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Run


@dataclass(frozen=True)
class ProgrammeCard:
    """A programme in a list (its page and the catalogue)."""

    slug: str
    title: str
    summary_html: str
    language: str
    duration_months: tuple[int, int]
    hours_per_week: tuple[int, int]
    courses: int
    hours: float | None


@dataclass
class ProgrammePage:
    progress: Progress
    summary_html: str
    workshops_html: str
    placement_html: str
    next_runs: dict[str, Run | None] = field(default_factory=dict)  # courses not enrolled: their next open run
    is_tutor: bool = False
    award_url: str | None = None
    certificate_urls: dict[str, str] | None = None
    badge_image_url: str | None = None

    @property
    def spec(self) -> ProgrammeSpec:
        return self.progress.spec


@dataclass(frozen=True)
class EnrolResult:
    enrolled: list[str]  # course titles enrolled in now
    already: list[str]  # enrolled or completed before
    no_run: list[str]  # no run open for enrolment yet
    new: bool  # the programme enrolment is new


def _card(programme: Programme, spec: ProgrammeSpec) -> ProgrammeCard:
    first = spec.summary.strip().split("\n\n")[0] if spec.summary else ""
    return ProgrammeCard(programme.slug, programme.title, render_markdown(first, media=False), programme.language,
                         spec.duration_months, spec.hours_per_week, len(spec.required) +
                         (spec.electives.choose if spec.electives else 0), spec.hours)


def programme_cards() -> list[ProgrammeCard]:
    """The live programmes, for their list and the catalogue."""
    return [_card(programme, spec) for programme, spec in list_programmes()]


def _next_run(runs: list[Run], course_id: int, now: datetime) -> Run | None:
    joinable = featured_runs([run for run in runs if run.course_id == course_id], now)
    return joinable[0] if joinable else None


def get_programme_page(slug: str, viewer: User | None, *, now: datetime) -> ProgrammePage:
    programme, spec = get_programme(slug)
    progress = progress_of(programme, spec, viewer.id if viewer else None)
    waiting = [c.slug for c in progress.required + progress.electives if c.state == NOT_ENROLLED]
    facts = queries.courses_by_slug(waiting)
    runs = queries.runs_of([f.id for f in facts.values()])
    page = ProgrammePage(
        progress, render_markdown(spec.summary, media=False),
        render_markdown(spec.workshops.about, media=False) if spec.workshops else "",
        render_markdown(spec.placement.about, media=False) if spec.placement else "",
        next_runs={slug: _next_run(runs, facts[slug].id, now) if slug in facts else None for slug in waiting},
        is_tutor=is_programme_tutor(viewer, spec.courses) if viewer else False,
        badge_image_url=external_url("programmes.badge_image", slug=programme.slug))
    enrolment = progress.enrolment
    if enrolment is not None and enrolment.award_uid:
        page.award_url = external_url("badges.standalone_award", uid=enrolment.award_uid, fmt="")
    if enrolment is not None and enrolment.certificate_uid:
        page.certificate_urls = awards.programme_certificate_urls(enrolment.certificate_uid)
    return page


def enrol(user: User, programme_slug: str, *, now: datetime) -> EnrolResult:
    """Join the programme (twice is once) and each required course's next open run; a course
    already enrolled in or completed is left as it is, one with no open run is reported."""
    programme, spec = get_programme(programme_slug)
    new = bool(db.session.execute(
        insert_ignoring_duplicates(ProgrammeEnrolment, conflict_columns=["programme_id", "user_id"])
        .values(programme_id=programme.id, user_id=user.id, enrolled_at=now),
        execution_options={"preserve_rowcount": True}).rowcount)
    enrolment = enrolment_of(programme.id, user.id)
    if enrolment.withdrawn_at is not None:
        enrolment.withdrawn_at, new = None, True
    progress = progress_of(programme, spec, user.id)
    facts = queries.courses_by_slug(spec.required)
    runs = queries.runs_of([f.id for f in facts.values()])
    enrolled, already, no_run = [], [], []
    for course in progress.required:
        if course.state != NOT_ENROLLED:
            (already if course.slug in facts else no_run).append(course.title)
            continue
        run = _next_run(runs, facts[course.slug].id, now)
        if run is None:
            no_run.append(course.title)
            continue
        learning.enrol(user, run.id, course_slug=course.slug, now=now)
        enrolled.append(course.title)
    check_enrolment(enrolment, programme, now=now)  # courses done before may complete it at once
    return EnrolResult(enrolled, already, no_run, new)


def completed_courses(progress: Progress) -> int:
    return sum(1 for course in progress.required + progress.electives if course.state == COMPLETED)
