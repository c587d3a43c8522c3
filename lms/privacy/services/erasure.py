"""Erasure: asked for with the password (or by retention), at once the account is closed, then a
scheduler job erases it exactly once: every feature's part, then the account row."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, update

from lms import features
from lms.accounts import services as accounts
from lms.core.audit import record_audit
from lms.core.db import insert_ignoring_duplicates
from lms.core.extensions import db
from lms.privacy.models import AccountErasure
from lms.privacy.services.exports import forget_exports

log = logging.getLogger(__name__)


def request_erasure(user_id: int, password: str, *, now: datetime) -> None:
    """The person confirms with their password: the account closes now, the erasure is queued."""
    accounts.confirm_password(user_id, password, now=now)
    queue_erasure(user_id, reason="requested", now=now)


def queue_erasure(user_id: int, *, reason: str, now: datetime) -> None:
    """Close the account at once (log-in refused, sessions and wallet tokens ended) and queue its
    erasure; a second request (a double submit, retention meanwhile) is the same one."""
    db.session.execute(insert_ignoring_duplicates(AccountErasure, conflict_columns=["user_id"])
                       .values(user_id=user_id, reason=reason, requested_at=now))
    for _, part in features.personal_data_parts():
        if hasattr(part, "suspend"):
            part.suspend(user_id, now=now)


def _claim(claimer: str, *, now: datetime, skip: list[int]) -> int | None:
    due = select(AccountErasure.id).where(AccountErasure.erased_at.is_(None), AccountErasure.claimed_by.is_(None))
    if skip:
        due = due.where(AccountErasure.id.not_in(skip))
    for erasure_id in db.session.scalars(due.order_by(AccountErasure.requested_at).limit(5)):
        taken = db.session.execute(update(AccountErasure).where(AccountErasure.id == erasure_id, AccountErasure.claimed_by.is_(None),
                                                                AccountErasure.erased_at.is_(None))
                                   .values(claimed_by=claimer, claimed_at=now))
        if taken.rowcount == 1:
            return erasure_id
    return None


def erase_due(*, claimer: str, now: datetime, stop=lambda: False) -> int:
    """Erase every queued account, each exactly once: claimed (committed), erased in one transaction
    that also marks it done and lists its files, the files deleted after that commit. A failure gives
    the claim back, and the run goes on with the others: one erasure that keeps failing holds none of
    the rest back. Files a previous run could not delete are tried first."""
    delete_files_left()
    erased, failed = 0, []
    while not stop():
        erasure_id = _claim(claimer, now=now, skip=failed)
        db.session.commit()
        if erasure_id is None:
            break
        try:
            _erase(erasure_id, now=now)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("erasure %s failed; it is tried again at the next run", erasure_id)
            release_erasures(claimer)
            failed.append(erasure_id)
            continue
        _delete_files(db.session.get(AccountErasure, erasure_id))
        erased += 1
    return erased


def _erase(erasure_id: int, *, now: datetime) -> None:
    erasure = db.session.get(AccountErasure, erasure_id)
    user_id = erasure.user_id
    doomed: list[Path] = [*forget_exports(user_id)]
    for _, part in reversed(features.personal_data_parts()):  # accounts last: the others may still read the person
        doomed += part.erase(user_id, now=now) or []
    record_audit(action="account.erase", now=now, target_kind="account_erasure", target_id=erasure.id, reason=erasure.reason)
    erasure.erased_at, erasure.user_id = now, None
    erasure.files_left = "\n".join(str(path) for path in doomed)


def _delete_files(erasure: AccountErasure) -> None:
    """Delete what the erasure listed; keep, for the next run, what could not be deleted now."""
    left = []
    for name in filter(None, erasure.files_left.split("\n")):
        try:
            Path(name).unlink(missing_ok=True)
        except OSError:
            log.exception("erasure %s: %s could not be deleted; tried again at the next run", erasure.id, name)
            left.append(name)
    erasure.files_left = "\n".join(left)
    db.session.commit()


def delete_files_left() -> int:
    """Erasures whose files could not all be deleted: tried again. Returns how many erasures were retried."""
    pending = db.session.scalars(select(AccountErasure).where(AccountErasure.erased_at.is_not(None),
                                                              AccountErasure.files_left != "")).all()
    for erasure in pending:
        _delete_files(erasure)
    return len(pending)


def release_erasures(claimer: str) -> int:
    released = db.session.execute(update(AccountErasure).where(AccountErasure.claimed_by == claimer,
                                                               AccountErasure.erased_at.is_(None))
                                  .values(claimed_by=None, claimed_at=None)).rowcount
    db.session.commit()
    return released
