"""Enrolling people from a tutor's file of e-mail addresses: accounts are enrolled through
learning's service, other addresses invited (one invitation per run and address, its e-mail
sent by the roster's job). Everything is written in the tutor's one transaction, committed by
the view at the end: a failure half-way leaves nothing, and every write is idempotent (inserts
ignore duplicates, updates are conditional), so sending the same file twice, or twice at once,
enrols and invites each person once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import update

from lms.core.audit import record_audit
from lms.core.db import chunks, insert_ignoring_duplicates
from lms.core.extensions import db
from lms.core.i18n import default_language, is_language
from lms.learning import services as learning
from lms.roster import queries
from lms.roster.models import Invitation
from lms.roster.services.access import TaughtRun, taught_run
from lms.roster.services.addresses import Problem, read_addresses

if TYPE_CHECKING:
    from lms.courses.models import Course

INVITATION_LIFETIME = timedelta(days=30)
SHOWN_PROBLEMS = 200  # refused rows listed on the result page; the count says how many there were


@dataclass
class UploadResult:
    """What one file did to the run."""

    taught: TaughtRun
    enrolled: int = 0  # accounts enrolled now, ``restored`` among them
    restored: int = 0  # had been unenrolled: back, with their work
    invited: int = 0  # invitations made (or made again, the earlier one having expired): an e-mail each
    already_in: int = 0
    already_invited: int = 0
    repeated: int = 0  # rows whose address an earlier row gave
    refused: list[Problem] = field(default_factory=list)

    @property
    def shown_refused(self) -> list[Problem]:
        return self.refused[:SHOWN_PROBLEMS]

    @property
    def changed(self) -> bool:
        return bool(self.enrolled or self.invited)


def invitation_language(course: Course) -> str:
    """The language an invitation is written in: the course's, when the site speaks it (the
    person invited has no account, so no language of their own), else the site's default."""
    return course.language if is_language(course.language) else default_language()


def enrol_from_file(user, course_slug: str, run_slug: str, data: bytes, *, now: datetime) -> UploadResult:
    """Enrol the file's addresses that have an account and invite the others, in the course's
    language (invitation_language). Raises ValidationError("file") for a file that cannot be
    used, before anything changes."""
    taught = taught_run(user, course_slug, run_slug)
    language = invitation_language(taught.course)
    found = read_addresses(data)
    emails = [address for _, address in found.addresses]
    accounts = queries.user_ids_by_email(emails)
    enrolled = learning.enrol_users([accounts[email] for email in emails if email in accounts], taught.run.id, now=now)
    result = UploadResult(taught, enrolled=len(enrolled.new) + len(enrolled.restored), restored=len(enrolled.restored),
                          already_in=len(enrolled.already), repeated=found.repeated, refused=found.refused)
    unknown = [email for email in emails if email not in accounts]
    result.invited = _invite(unknown, taught.run.id, inviter_id=user.id, language=language, now=now)
    result.already_invited = len(unknown) - result.invited
    if result.enrolled:  # one row per file: who enrolled how many into which run
        record_audit(action="enrolment.upload", now=now, actor_id=user.id, target_kind="run", target_id=taught.run.id,
                     details={"enrolled": result.enrolled, "restored": result.restored})
    return result


def _invite(emails: list[str], run_id: int, *, inviter_id: int, language: str, now: datetime) -> int:
    """Invite these addresses to the run; an invitation that expired unanswered is made again.
    Returns how many invitations (and so e-mails) this makes."""
    existing = queries.invitations_for(run_id, emails)
    made = 0
    terms = {"language": language, "invited_by_id": inviter_id, "invited_at": now, "expires_at": now + INVITATION_LIFETIME}
    fresh = [email for email in emails if email not in existing]
    for chunk in chunks(fresh):
        rows = [{"run_id": run_id, "email": email, "attempts": 0, **terms} for email in chunk]
        made += len(db.session.scalars(insert_ignoring_duplicates(Invitation, conflict_columns=["run_id", "email"])
                                       .values(rows).returning(Invitation.id)).all())
    lapsed = [invitation_id for invitation_id, expires_at, accepted_at in existing.values()
              if accepted_at is None and expires_at <= now]
    for chunk in chunks(lapsed):
        made += len(db.session.scalars(
            update(Invitation).where(Invitation.id.in_(chunk), Invitation.accepted_at.is_(None), Invitation.expires_at <= now)
            .values(token_hash=None, sent_at=None, claimed_until=None, attempts=0, last_error=None, **terms)
            .returning(Invitation.id), execution_options={"synchronize_session": False}).all())
    return made
