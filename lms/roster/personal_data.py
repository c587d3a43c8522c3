"""What the roster holds about a person: invitations sent to their address."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import delete, or_, select

from lms.accounts.services import get_user
from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.roster.models import Invitation

README = {
    "invitations.json": lazy_gettext("The invitations into course runs sent to your address, and when you accepted them."),
}


def _theirs(user_id: int):
    """Accepted by them, or sent to their address (the invitation may predate the account)."""
    return or_(Invitation.user_id == user_id, Invitation.email == get_user(user_id).email)


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "invitations.json", _invitations(user_id)


def _invitations(user_id: int) -> Iterator[dict]:
    query = (select(Invitation.email, Invitation.invited_at, Invitation.expires_at, Invitation.accepted_at)
             .where(_theirs(user_id)).order_by(Invitation.id))
    for row in db.session.execute(query):
        yield row._asdict()


def files(user_id: int) -> Iterator[tuple[str, object]]:
    return iter(())


def erase(user_id: int, *, now: datetime) -> list:
    db.session.execute(delete(Invitation).where(_theirs(user_id)))
    return []
