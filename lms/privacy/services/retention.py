"""Retention: idle accounts are warned, then erased unless they came back; registrations never
verified are erased. Each sweep picks what is due and not yet done, so running twice does nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from lms.core.extensions import db
from lms.notifications import services as notifications
from lms.privacy import queries
from lms.privacy.services.erasure import queue_erasure
from lms.privacy.services.people import accounts_part

BATCH = 500


def retention_facts() -> dict[str, int]:
    """The periods the privacy page states, in days, from the settings."""
    config = current_app.config
    return {"inactive_days": int(config["RETENTION_INACTIVE_DAYS"]), "warning_days": int(config["RETENTION_WARNING_DAYS"]),
            "unverified_days": int(config["UNVERIFIED_ACCOUNT_DAYS"]), "export_days": int(config["EXPORT_DAYS"])}


def sweep_inactive(*, now: datetime) -> int:
    """Warn the newly idle (once: users.inactivity_warned_at; the e-mail through the ledger), and
    queue the erasure of those warned RETENTION_WARNING_DAYS ago who did not come back."""
    facts, done = retention_facts(), 0
    erase_on = now + timedelta(days=facts["warning_days"])
    while ids := queries.inactive_unwarned(now - timedelta(days=facts["inactive_days"]), BATCH):
        accounts_part().mark_warned(ids, now=now)
        notifications.notify_each([(user_id, f"retention:{now.date().isoformat()}", {"erase_on": erase_on.isoformat()})
                                   for user_id in ids], kind="account_inactive", now=now)
        db.session.commit()
        done += len(ids)
    while ids := queries.warned_and_gone(now - timedelta(days=facts["warning_days"]), BATCH):
        for user_id in ids:
            queue_erasure(user_id, reason="inactive", now=now)
        db.session.commit()
        done += len(ids)
    return done


def erase_unverified(*, now: datetime) -> int:
    """Registrations whose address was never confirmed within UNVERIFIED_ACCOUNT_DAYS are erased."""
    done = 0
    while ids := queries.unverified_before(now - timedelta(days=retention_facts()["unverified_days"]), BATCH):
        for user_id in ids:
            queue_erasure(user_id, reason="unverified", now=now)
        db.session.commit()
        done += len(ids)
    return done
