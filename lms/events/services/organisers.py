"""What organisers (administrators and tutors) see: who may organise, an event's registrations a
page at a time, and the same as a CSV file for a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import func, literal, select

from lms.core import keyset
from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.core.spreadsheet import csv_chunks
from lms.events import queries
from lms.events.models import STATUSES, Event, Feedback, Registration


def is_organiser(user) -> bool:
    """Administrators and tutors organise events (anyone else meets a 404 on their pages)."""
    if user is None or not getattr(user, "is_authenticated", True):
        return False
    return bool(getattr(user, "is_admin", False) or getattr(user, "is_tutor_anywhere", False) or queries.is_organiser(user.id))


def check_organiser(user) -> None:
    if not is_organiser(user):
        raise NotFound(gettext("No such page."))


@dataclass(frozen=True)
class RegistrationRow:
    user_id: int
    name: str
    email: str
    status: str
    queued_at: object
    promoted_at: object
    attended_at: object
    attendance_by: str | None
    id: int


@dataclass(frozen=True)
class Counts:
    registered: int
    waiting: int
    cancelled: int
    attended: int


def counts(event: Event) -> Counts:
    by = dict(db.session.execute(select(Registration.status, func.count()).where(Registration.event_id == event.id)
                                 .group_by(Registration.status)).all())
    attended = db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event.id, Registration.attended_at.is_not(None)))
    return Counts(by.get("registered", 0), by.get("waiting", 0), by.get("cancelled", 0), attended)


def registrations_page(event: Event, *, status: str, args: Mapping[str, str]) -> keyset.Page[RegistrationRow]:
    """One page of the event's registrations of ``status``, in the order people asked (the waiting list's order)."""
    status = status if status in STATUSES else "registered"
    cursor = keyset.Cursor.from_args(args)
    at = select(Registration.queued_at).where(Registration.id == cursor.row_id).scalar_subquery()
    keys = [(Registration.queued_at, at), (Registration.id, literal_id(cursor))]
    where = [Registration.event_id == event.id, Registration.status == status]
    query = queries.with_people(select(Registration.user_id), Registration.user_id).add_columns(
        Registration.status, Registration.queued_at, Registration.promoted_at, Registration.attended_at,
        Registration.attendance_by, Registration.id).where(*where)
    if (after := keyset.after_cursor(keys, cursor)) is not None:
        query = query.where(after)
    rows = [RegistrationRow(*row) for row in db.session.execute(
        query.order_by(*keyset.order(keys, cursor)).limit(keyset.PAGE_SIZE))]
    if cursor.backwards:
        rows.reverse()
    total = db.session.scalar(select(func.count()).select_from(Registration).where(*where))
    before = db.session.scalar(select(func.count()).select_from(Registration).where(
        *where, keyset.before_cursor(keys, cursor))) if cursor.row_id is not None else 0
    return keyset.make_page(rows, lambda row: row.id, cursor=cursor, rows_before_cursor=before, total=total)


def literal_id(cursor: keyset.Cursor):
    return literal(cursor.row_id)


def registrations_csv(event: Event, *, labels: Mapping[str, str]) -> Iterator[bytes]:
    """Every registration (waiting and cancelled too) with attendance and feedback rating, as CSV
    (core.spreadsheet: no cell can become a formula). ``labels``: the statuses in the reader's words."""
    header = [gettext("Name"), gettext("E-mail"), gettext("Status"), gettext("Asked (UTC)"),
              gettext("Promoted from the waiting list (UTC)"), gettext("Cancelled (UTC)"), gettext("Attended (UTC)"),
              gettext("Rating")]
    query = queries.with_people(select(Registration.status, Registration.queued_at, Registration.promoted_at,
                                       Registration.cancelled_at, Registration.attended_at, Feedback.rating),
                                Registration.user_id).outerjoin(
        Feedback, (Feedback.event_id == Registration.event_id) & (Feedback.user_id == Registration.user_id)).where(
        Registration.event_id == event.id).order_by(Registration.status, Registration.queued_at, Registration.id)

    engine, labels = db.engine, dict(labels)  # taken while the request runs: the file is written after the view returns

    def rows():
        with engine.connect() as connection:
            for status, queued, promoted, cancelled, attended, rating, name, email in connection.execution_options(
                    yield_per=1000).execute(query):
                yield [name, email, str(labels.get(status, status)), queued, promoted, cancelled, attended, rating]

    return csv_chunks(header, rows())
