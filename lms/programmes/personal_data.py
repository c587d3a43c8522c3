"""What programmes hold about a person, for privacy's export and erasure: their programme
enrolments, the workshops confirmed for them, and their placements (which name a supervisor:
that person's name and e-mail go with the placement). Erasure deletes the learner's rows; a tutor's
name is only referred to by id in the workshops they confirmed, which forget it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import delete, select, update

from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.programmes.models import PlacementRecord, Programme, ProgrammeEnrolment, WorkshopAttendance

README = {
    "programmes.json": lazy_gettext("The programmes you enrolled in: when, when you completed them, and the ids of "
                                    "the badge and certificate completing them issued."),
    "programme_workshops.json": lazy_gettext("The workshops a tutor confirmed you attended, for your programmes."),
    "programme_placements.json": lazy_gettext("Your placements: the host, dates, hours, your report, your supervisor's "
                                              "name and e-mail, and their decision."),
}


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "programmes.json", _enrolments(user_id)
    yield "programme_workshops.json", _workshops(user_id)
    yield "programme_placements.json", _placements(user_id)


def _enrolments(user_id: int) -> Iterator[dict]:
    rows = db.session.execute(select(ProgrammeEnrolment, Programme.slug, Programme.title)
                              .join(Programme, Programme.id == ProgrammeEnrolment.programme_id)
                              .where(ProgrammeEnrolment.user_id == user_id).order_by(ProgrammeEnrolment.id))
    for enrolment, slug, title in rows:
        yield {"programme": slug, "title": title, "enrolled_at": enrolment.enrolled_at,
               "completed_at": enrolment.completed_at, "withdrawn_at": enrolment.withdrawn_at,
               "badge": enrolment.award_uid, "certificate": enrolment.certificate_uid}


def _workshops(user_id: int) -> Iterator[dict]:
    rows = db.session.execute(select(WorkshopAttendance, Programme.slug)
                              .join(Programme, Programme.id == WorkshopAttendance.programme_id)
                              .where(WorkshopAttendance.user_id == user_id).order_by(WorkshopAttendance.id))
    for workshop, slug in rows:
        yield {"programme": slug, "title": workshop.title, "attended_on": workshop.attended_on,
               "confirmed_at": workshop.confirmed_at}


def _placements(user_id: int) -> Iterator[dict]:
    rows = db.session.execute(select(PlacementRecord, Programme.slug)
                              .join(Programme, Programme.id == PlacementRecord.programme_id)
                              .where(PlacementRecord.user_id == user_id).order_by(PlacementRecord.id))
    for placement, slug in rows:
        yield {"programme": slug, "host": placement.host, "starts_on": placement.starts_on, "ends_on": placement.ends_on,
               "hours": placement.hours, "report": placement.report, "supervisor_name": placement.supervisor_name,
               "supervisor_email": placement.supervisor_email, "status": placement.status,
               "submitted_at": placement.submitted_at, "decided_at": placement.decided_at,
               "decision_comment": placement.decision_comment}


def files(user_id: int) -> Iterator[tuple[str, object]]:
    return iter(())


def erase(user_id: int, *, now: datetime) -> list:
    """The learner's placements (with their supervisor's name and e-mail), workshops and programme
    enrolments are deleted; workshops they confirmed as a tutor forget who confirmed them."""
    db.session.execute(delete(PlacementRecord).where(PlacementRecord.user_id == user_id))
    db.session.execute(delete(WorkshopAttendance).where(WorkshopAttendance.user_id == user_id))
    db.session.execute(update(WorkshopAttendance).where(WorkshopAttendance.confirmed_by_id == user_id)
                       .values(confirmed_by_id=None))
    db.session.execute(delete(ProgrammeEnrolment).where(ProgrammeEnrolment.user_id == user_id))
    return []
