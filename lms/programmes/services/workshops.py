"""Workshops: a programme tutor (a tutor of any of its courses) confirms that a learner attended one,
with its title and date. Events linked to the programme (``events.programme_slug``) count by
themselves: their attendance is read from the events feature's tables (``queries.events_attended``),
and ``record_workshop`` is the seam for any other source that wants to record one here."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from lms.core.db import insert_ignoring_duplicates
from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.programmes import queries
from lms.programmes.models import Programme, WorkshopAttendance
from lms.programmes.services.completion import check_learner
from lms.programmes.services.progress import enrolment_of, get_programme

if TYPE_CHECKING:
    from lms.accounts.models import User

TITLE_MAX = 200


def is_programme_tutor(user, spec_courses) -> bool:
    """A tutor of any of the programme's courses (or an administrator)."""
    if user is None or not getattr(user, "id", None):
        return False
    if getattr(user, "is_admin", False):
        return True
    facts = queries.courses_by_slug(spec_courses)
    return queries.teaches_any(user.id, [course.id for course in facts.values()])


def taught_programme(user, programme_slug: str) -> tuple:
    """The programme, for one of its tutors; NotFound for anyone else."""
    programme, spec = get_programme(programme_slug)
    if not is_programme_tutor(user, spec.courses):
        raise NotFound(gettext("No such programme."))
    return programme, spec


def _attended_on(value, *, today: date) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError("attended_on", gettext("Give the date as on a calendar, e.g. 2026-03-14.")) from None
    if not isinstance(value, date):
        raise ValidationError("attended_on", gettext("Give the date as on a calendar, e.g. 2026-03-14."))
    if value > today:
        raise ValidationError("attended_on", gettext("A workshop is confirmed once it has taken place: this date is "
                                                     "in the future."))
    if value.year < 2000:
        raise ValidationError("attended_on", gettext("Give the date as on a calendar, e.g. 2026-03-14."))
    return value


def record_workshop(programme: Programme, learner_id: int, *, title: str, attended_on: date, source: str,
                    confirmed_by: int | None, now: datetime) -> bool:
    """Record one workshop the learner attended (the same title on the same day is once); True if
    new. The learner's programme may complete by it."""
    inserted = db.session.execute(
        insert_ignoring_duplicates(WorkshopAttendance, conflict_columns=["programme_id", "user_id", "title", "attended_on"])
        .values(programme_id=programme.id, user_id=learner_id, title=title, attended_on=attended_on, source=source,
                confirmed_by_id=confirmed_by, confirmed_at=now),
        execution_options={"preserve_rowcount": True}).rowcount
    check_learner(programme, learner_id, now=now)
    return bool(inserted)


def confirm_workshop(actor: User, programme_slug: str, learner_id: int, *, title: str, attended_on, now: datetime) -> bool:
    """A programme tutor confirms that a learner of the programme attended a workshop. Anyone else,
    or a learner not on the programme: NotFound. True if it was not confirmed already."""
    programme, _ = taught_programme(actor, programme_slug)
    if not isinstance(learner_id, int) or enrolment_of(programme.id, learner_id) is None:
        raise NotFound(gettext("No such learner on this programme."))
    title = title.strip() if isinstance(title, str) else ""
    if not title:
        raise ValidationError("title", gettext("Name the workshop."))
    if len(title) > TITLE_MAX or "\x00" in title:
        raise ValidationError("title", gettext("Keep this under %(max)d characters.", max=TITLE_MAX))
    day = _attended_on(attended_on, today=now.date())
    return record_workshop(programme, learner_id, title=title, attended_on=day, source="tutor", confirmed_by=actor.id, now=now)


def learner_name(programme: Programme, learner_id: int) -> str:
    """The name of a learner on the programme (for the tutor's form); NotFound for anyone else."""
    if enrolment_of(programme.id, learner_id) is None:
        raise NotFound(gettext("No such learner on this programme."))
    return queries.user_names([learner_id]).get(learner_id, "")
