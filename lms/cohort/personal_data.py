"""What cohort holds about a person: the announcements a tutor wrote, and a tutor's saved
learner filter that may name a learner."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import or_, select, update

from lms.accounts.services import get_user
from lms.cohort.models import Announcement
from lms.cohort.queries.announcements import ledger_key
from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.notifications import services as notifications

BATCH = 500
ERASED_AUTHOR = "—"  # as the anonymised account is named

README = {
    "announcements.json": lazy_gettext("The announcements you wrote to the learners of a course run, as a tutor."),
}


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "announcements.json", _announcements(user_id)


def _announcements(user_id: int) -> Iterator[dict]:
    query = (select(Announcement.subject, Announcement.body, Announcement.language, Announcement.created_at,
                    Announcement.sent_at, Announcement.recipients)
             .where(Announcement.author_id == user_id).order_by(Announcement.id))
    for row in db.session.execute(query.execution_options(yield_per=BATCH)):
        yield row._asdict()


def files(user_id: int) -> Iterator[tuple[str, object]]:
    return iter(())


def erase(user_id: int, *, now: datetime) -> list:
    """A tutor's announcements stay (learners received them). A filter typed with the person's
    address or name is cleared: it would keep them in the table."""
    user = get_user(user_id)
    db.session.execute(update(Announcement).where(or_(Announcement.search == user.email, Announcement.search == user.name))
                       .values(search=""))
    sent = select(Announcement.run_id, Announcement.id).where(Announcement.author_id == user_id, Announcement.sent_at.is_not(None))
    for run_id, announcement_id in db.session.execute(sent).all():  # the learners' notes named the author
        notifications.restate(ledger_key(run_id, announcement_id), author=ERASED_AUTHOR)
    return []
