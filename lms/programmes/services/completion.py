"""Completing a programme: when every requirement is met (courses in any run, whenever; electives
"N of these"; K workshops; the placement signed off), ``completed_at`` is set once (a conditional
UPDATE decides between two processes), then the programme's Open Badge (its evidence: the
learner's course badges), the certificate with its transcript and the learner's notification.

Called from ``lms.completion`` in the learner's transaction when a course completes, after a
tutor confirms a workshop and a supervisor signs a placement off; the ``check-programme-completions``
job catches up whatever was missed (a badge image that could not be read, say) and does nothing twice."""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select, update

from lms.awards import services as awards
from lms.core.errors import DomainError
from lms.core.extensions import db
from lms.core.i18n import gettext, in_language
from lms.core.jobs import SweepReport
from lms.core.urls import external_url
from lms.notifications.services import notify_user
from lms.programmes import queries
from lms.programmes.models import Programme, ProgrammeEnrolment
from lms.programmes.services.programme_file import ProgrammeSpec
from lms.programmes.services.progress import Progress, progress_of, spec_of

log = logging.getLogger(__name__)
KIND = "programme_completed"
SWEEP_BATCH = 200


def source_of(slug: str, user_id: int) -> str:
    """What earned the badge and certificate, for awards' once-per-source rule."""
    return f"programme:{slug}:user:{user_id}"


def after_course_completed(user_id: int, *, now: datetime) -> list[str]:
    """A course of the learner's has just completed: each programme they are on may be complete
    now. Returns the slugs of the programmes completed by it."""
    rows = db.session.execute(
        select(ProgrammeEnrolment, Programme).join(Programme, Programme.id == ProgrammeEnrolment.programme_id)
        .where(ProgrammeEnrolment.user_id == user_id, ProgrammeEnrolment.completed_at.is_(None),
               ProgrammeEnrolment.withdrawn_at.is_(None), Programme.archived_at.is_(None))).all()
    return [programme.slug for enrolment, programme in rows if check_enrolment(enrolment, programme, now=now)]


def check_learner(programme: Programme, user_id: int, *, now: datetime) -> bool:
    """After a workshop or a placement's sign-off: is the learner's programme complete now?"""
    enrolment = db.session.scalar(select(ProgrammeEnrolment).where(ProgrammeEnrolment.programme_id == programme.id,
                                                                   ProgrammeEnrolment.user_id == user_id))
    return enrolment is not None and check_enrolment(enrolment, programme, now=now)


def check_enrolment(enrolment: ProgrammeEnrolment, programme: Programme, *, now: datetime) -> bool:
    """Complete the enrolment if its requirements are met (True if it completed now), and issue
    what a completed one lacks."""
    spec = spec_of(programme)
    if enrolment.withdrawn_at is not None or spec is None:
        return False
    progress = progress_of(programme, spec, enrolment.user_id)
    completed_now = False
    if enrolment.completed_at is None:
        if not progress.complete:
            return False
        claimed = db.session.execute(
            update(ProgrammeEnrolment).where(ProgrammeEnrolment.id == enrolment.id, ProgrammeEnrolment.completed_at.is_(None))
            .values(completed_at=now), execution_options={"synchronize_session": False}).rowcount
        if not claimed:
            return False
        enrolment.completed_at, completed_now = now, True
    if enrolment.award_uid is None or enrolment.certificate_uid is None:
        _issue(enrolment, progress, now=now)
    return completed_now


def _day(value: datetime | date | None, zone: str) -> date | None:
    if value is None or not isinstance(value, datetime):
        return value
    return value.astimezone(ZoneInfo(zone)).date() if value.tzinfo else value.date()


def _issue(enrolment: ProgrammeEnrolment, progress: Progress, *, now: datetime) -> None:
    """The badge, the certificate and the notification; a failure (an unreadable badge image) is
    logged and left for the sweep, never undoing the learner's action."""
    person = queries.user_email(enrolment.user_id)
    if person is None:
        return
    name, _, language, zone = person
    slug, spec = progress.programme.slug, progress.spec
    source = source_of(slug, enrolment.user_id)
    try:
        with db.session.begin_nested(), in_language(language):
            award = enrolment.award_uid or awards.issue_standalone(
                source, _badge(spec), awards.Recipient(name=name, user_id=enrolment.user_id), _evidence(enrolment, progress),
                now=now)
            lines = _transcript(progress, zone)
            certificate = enrolment.certificate_uid or awards.issue_programme_certificate(
                source, user_id=enrolment.user_id, title=spec.certificate_title, lines=lines,
                hours=spec.hours if spec.hours is not None else round(sum(line.hours for line in lines), 1), now=now)
            db.session.execute(update(ProgrammeEnrolment).where(ProgrammeEnrolment.id == enrolment.id)
                               .values(award_uid=award, certificate_uid=certificate),
                               execution_options={"synchronize_session": False})
    except (DomainError, OSError):
        log.exception("could not issue the award of %s; the sweep tries again", source)
        return
    enrolment.award_uid, enrolment.certificate_uid = award, certificate
    notify_user(enrolment.user_id, kind=KIND, key=f"{KIND}:{slug}", now=now,
                payload={"programme": slug, "title": progress.programme.title, "language": progress.programme.language,
                         "award": award, "certificate": certificate})


def badge_image(spec: ProgrammeSpec) -> Path:
    return Path(current_app.config["CONTENT_DIR"]) / "programmes" / spec.slug / spec.badge.image


def _badge(spec: ProgrammeSpec) -> awards.StandaloneBadge:
    with in_language(spec.language):
        parts = [gettext("Completed the programme “%(title)s”:", title=spec.title)]
        parts += [f"- {slug}" for slug in spec.required]
        if spec.electives:
            parts.append(gettext("- %(num)d of: %(courses)s", num=spec.electives.choose, courses=", ".join(spec.electives.courses)))
        if spec.workshops:
            parts.append(gettext("- %(num)d workshops", num=spec.workshops.attend))
        if spec.placement:
            least = format(spec.placement.hours, "g")
            parts.append(gettext("- a supervised placement of at least %(hours)s hours", hours=least))
    return awards.StandaloneBadge(slug=f"programme-{spec.slug}", name=spec.badge.name, description=spec.badge.description,
                                  criteria="\n".join(parts), image=badge_image(spec), tags=spec.badge.tags)


def _evidence(enrolment: ProgrammeEnrolment, progress: Progress) -> list[awards.EvidenceItem]:
    """The learner's course badges (their public pages) for the courses that counted."""
    counted = progress.counted_courses
    facts = queries.courses_by_slug([course.slug for course in counted])
    by_course = {facts[c.slug].id: c for c in counted if c.slug in facts}
    items, seen = [], set()
    for uid, badge_name, course_id in queries.course_badges(enrolment.user_id, by_course):
        if course_id not in seen:
            seen.add(course_id)
            items.append(awards.EvidenceItem(name=badge_name, url=external_url("badges.assertion", uid=uid, fmt=""),
                                             narrative=gettext("Completed the course “%(title)s”.",
                                                               title=by_course[course_id].title)))
    for course_id, course in by_course.items():
        if course_id not in seen:
            items.append(awards.EvidenceItem(name=course.title,
                                             narrative=gettext("Completed the course “%(title)s”.", title=course.title)))
    return items


def _transcript(progress: Progress, zone: str) -> list[awards.TranscriptLine]:
    """One line per counted course, then the workshops and the placement (in the holder's language)."""
    lines = [awards.TranscriptLine(course.title, _day(course.started_at, zone), _day(course.completed_at, zone),
                                   course.hours, gettext("Completed")) for course in progress.counted_courses]
    lines += [awards.TranscriptLine(gettext("Workshop: %(title)s", title=workshop.title), workshop.attended_on,
                                    workshop.attended_on, 0, gettext("Attended")) for workshop in progress.workshops]
    placement = progress.placement
    if placement is not None and placement.status == "signed_off":
        lines.append(awards.TranscriptLine(gettext("Placement: %(host)s", host=placement.host), placement.starts_on,
                                           placement.ends_on, placement.hours, gettext("Signed off")))
    return lines


def check_programme_completions(*, now: datetime) -> SweepReport:
    """Every live programme enrolment not complete, or complete without its badge or certificate:
    complete and issue what is due. A second run records nothing."""
    report, after = SweepReport(), 0
    while True:
        batch = queries.incomplete_enrolments(after, SWEEP_BATCH)
        if not batch:
            return report
        enrolments = {row.id: row for row in db.session.scalars(
            select(ProgrammeEnrolment).where(ProgrammeEnrolment.id.in_([row[0] for row in batch])))}
        programmes = {row.slug: row for row in db.session.scalars(
            select(Programme).where(Programme.slug.in_({row[2] for row in batch})))}
        for enrolment_id, _, slug in batch:
            enrolment = enrolments[enrolment_id]
            missing = enrolment.completed_at is not None and (enrolment.award_uid is None or enrolment.certificate_uid is None)
            if check_enrolment(enrolment, programmes[slug], now=now) or (missing and enrolment.award_uid is not None
                                                                          and enrolment.certificate_uid is not None):
                report.recorded += 1
        after = batch[-1][0]
