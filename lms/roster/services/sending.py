"""Sending invitations, for the roster's job (lms.roster.jobs): claim a batch of due ones, write
each e-mail in the invitation's language (the course's, or the site's default: see
enrolling.invitation_language) with a fresh link, record what became of them.

The link's token is made at the claim and only its hash is kept, committed before the e-mail
leaves: a link in an e-mail always works. If a sender dies after the mail server took a letter
but before recording it, the invitation goes again later with a new link (the first one then
says it is not valid): a rare second e-mail rather than a lost one."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import render_template
from sqlalchemy import or_, update

from lms.core.extensions import db
from lms.core.i18n import gettext, in_language, ngettext
from lms.core.mail import Letter, PreparedMessage, message_id
from lms.core.urls import external_url
from lms.roster import queries
from lms.roster.models import Invitation
from lms.roster.services.enrolling import INVITATION_LIFETIME
from lms.roster.services.invitations import token_hash

CLAIM = timedelta(minutes=10)  # a sender's hold on a batch: longer than any batch takes
RETRY_AFTER = timedelta(minutes=15)  # after a failed send
MAX_ATTEMPTS = 5
LAST_ERROR = 500  # characters kept of a failure


def claim_due(*, now: datetime, limit: int) -> dict[int, str]:
    """Invitation id -> the raw token of its new link, for up to ``limit`` due invitations this
    sender now holds (a conditional UPDATE each: no two senders hold one). Commit, then send."""
    claimed = {}
    for invitation_id in queries.due_invitations(now, limit, MAX_ATTEMPTS):
        token = secrets.token_urlsafe(32)
        taken = db.session.execute(
            update(Invitation).where(Invitation.id == invitation_id, Invitation.sent_at.is_(None),
                                     Invitation.accepted_at.is_(None),
                                     or_(Invitation.claimed_until.is_(None), Invitation.claimed_until <= now))
            .values(claimed_until=now + CLAIM, token_hash=token_hash(token)), execution_options={"synchronize_session": False})
        if taken.rowcount == 1:
            claimed[invitation_id] = token
    return claimed


@dataclass(frozen=True)
class Words:
    subject: str
    text: str
    html: str


def _words(row, link: str) -> Words:
    """One invitation's e-mail in the language being drawn; the HTML part says the same, with
    the course's words marked in the course's language."""
    invitation, _, course_title, course_language, run_title, inviter = row
    days = INVITATION_LIFETIME.days
    if inviter:
        invites = gettext("%(tutor)s invites you to the course “%(course)s” (%(run)s).", tutor=inviter, course=course_title,
                          run=run_title)
    else:
        invites = gettext("You are invited to the course “%(course)s” (%(run)s).", course=course_title, run=run_title)
    text = "\n\n".join((
        gettext("Hello,"), invites,
        ngettext("To create your account and join the course, open this link within %(num)d day:",
                 "To create your account and join the course, open this link within %(num)d days:", days),
        link, _closing(),
    )) + "\n"
    subject = gettext("Invitation to the course “%(course)s”", course=course_title)
    html = render_template("roster/invitation_email.html", subject=subject, language=invitation.language, link=link,
                           days=days, inviter=inviter, course_title=course_title, run_title=run_title,
                           course_language=course_language)
    return Words(subject, text, html)


def _closing() -> str:
    return gettext("The link works once. If you did not expect this invitation, ignore this message: no account is "
                   "created without you.")


def write_letters(claimed: dict[int, str], *, sender: str, now: datetime) -> list[tuple[int, Letter]]:
    """(invitation id, its e-mail) for the claimed invitations, each in its own language."""
    prepared: dict[tuple[str, str], PreparedMessage] = {}
    letters = []
    for row in queries.invitation_letters(sorted(claimed)):
        invitation = row[0]
        link = external_url("roster.invitation", token=claimed[invitation.id])
        with in_language(invitation.language):
            words = _words(row, link)
        key = (words.subject, invitation.language)
        if key not in prepared:
            prepared[key] = PreparedMessage(words.subject, sender=sender, date=now, language=invitation.language)
        identifier = message_id(f"{now:%Y%m%d%H%M%S}.invitation-{invitation.id}.{invitation.attempts}")
        letters.append((invitation.id, prepared[key].letter(invitation.email, words.text, words.html, message_id=identifier)))
    return letters


def record_sending(claimed: Sequence[int], sent: Sequence[int], failed: dict[int, str], *, now: datetime) -> None:
    """What became of a claimed batch: sent, failed (tried again later, up to MAX_ATTEMPTS), or
    not tried (the sender was asked to stop): given back at once."""
    done = set(sent) | set(failed)
    if sent:
        db.session.execute(update(Invitation).where(Invitation.id.in_(sent))
                           .values(sent_at=now, claimed_until=None, last_error=None), execution_options={"synchronize_session": False})
    for invitation_id, error in failed.items():
        db.session.execute(update(Invitation).where(Invitation.id == invitation_id).values(
            attempts=Invitation.attempts + 1, last_error=error[:LAST_ERROR], claimed_until=now + RETRY_AFTER),
            execution_options={"synchronize_session": False})
    untried = [invitation_id for invitation_id in claimed if invitation_id not in done]
    if untried:
        db.session.execute(update(Invitation).where(Invitation.id.in_(untried)).values(claimed_until=None),
                           execution_options={"synchronize_session": False})
