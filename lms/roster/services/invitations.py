"""An invitation's link: the page it opens and accepting it, by creating an account with the
invited address or, when that address has an account, by logging in with it. Either way the
person is enrolled in the run and the invitation is used up: marking it taken is a conditional
UPDATE, so a double click or a second browser makes one account and one enrolment."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import update

from lms.accounts import services as accounts
from lms.core.errors import DomainError, NotFound, PermissionDenied
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.learning import services as learning
from lms.roster import queries
from lms.roster.models import Invitation

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Course, Run

LONGEST_TOKEN = 100  # the links carry 43 characters; anything much longer is no token of ours


class InvitationGone(DomainError):
    """The link was ours, but it is used up or has expired."""

    http_status = 410


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class OpenInvitation:
    """A link that may still be accepted, what it leads to, and whether its address has an account."""

    invitation: Invitation
    run: Run
    course: Course
    account_exists: bool

    @property
    def email(self) -> str:
        return self.invitation.email

    def is_for(self, user) -> bool:
        return accounts.normalise_email(user.email) == self.invitation.email


def open_invitation(token: str, *, now: datetime) -> OpenInvitation:
    """The invitation behind a link; NotFound for a link that is not one, InvitationGone for one
    used or expired, each saying what to do."""
    row = queries.invitation_by_token_hash(token_hash(token)) if 0 < len(token) <= LONGEST_TOKEN else None
    if row is None:
        raise NotFound(gettext("This invitation link is not valid. Check that you opened the whole link from the "
                               "e-mail, or ask your tutor to invite you again."))
    invitation, run, course = row
    if invitation.accepted_at is not None:
        raise InvitationGone(_used())
    if invitation.expires_at <= now:
        raise InvitationGone(gettext("This invitation has expired. Ask your tutor to invite you again."))
    return OpenInvitation(invitation, run, course, accounts.get_user_by_email(invitation.email) is not None)


def _used() -> str:
    return gettext("This invitation has already been used. Log in to reach the course.")


def _take(opened: OpenInvitation, user_id: int | None, *, now: datetime) -> None:
    """Mark the invitation used, unless a twin request did first."""
    taken = db.session.execute(update(Invitation).where(Invitation.id == opened.invitation.id, Invitation.accepted_at.is_(None))
                               .values(accepted_at=now, user_id=user_id), execution_options={"synchronize_session": False})
    if taken.rowcount != 1:
        raise InvitationGone(_used())


def accept_with_new_account(token: str, *, name: str, password: str, timezone: str, language: str,
                            now: datetime) -> tuple[User, OpenInvitation, str]:
    """Create the account of the invited address, enrol it in the run and log it in (the token of
    its log-in record, for the session). The account's checks raise ValidationError for their
    field; the caller then rolls back, and the link still works."""
    opened = open_invitation(token, now=now)
    _take(opened, None, now=now)
    user = accounts.register_user(email=opened.email, name=name, password=password, timezone=timezone,
                                  language=language, now=now)
    db.session.execute(update(Invitation).where(Invitation.id == opened.invitation.id).values(user_id=user.id),
                       execution_options={"synchronize_session": False})
    learning.enrol(user, opened.run.id, course_slug=opened.course.slug, now=now, by_tutor=True)
    return user, opened, accounts.open_session(user, now=now)


def accept_as(user: User, token: str, *, now: datetime) -> OpenInvitation:
    """Enrol the logged-in account, which must have the invited address, in the run."""
    opened = open_invitation(token, now=now)
    if not opened.is_for(user):
        raise PermissionDenied(gettext("This invitation is for %(email)s. Log in with that address to accept it.",
                                       email=opened.email))
    _take(opened, user.id, now=now)
    learning.enrol(user, opened.run.id, course_slug=opened.course.slug, now=now, by_tutor=True)
    return opened
