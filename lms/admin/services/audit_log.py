"""The audit log for administrators: one page at a time, newest first, filtered by action,
by who acted, by whose data changed and by dates; and the same rows as a CSV file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from lms.admin import queries
from lms.core.keyset import Cursor
from lms.core.spreadsheet import csv_chunks

PAGE_SIZE = 50
NOBODY = -1  # an address no account uses: no row matches


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""  # an e-mail address
    subject: str = ""
    since: date | None = None
    until: date | None = None  # inclusive: the whole day

    def query_args(self) -> dict:
        args = {"action": self.action, "actor": self.actor, "subject": self.subject,
                "since": self.since.isoformat() if self.since else "", "until": self.until.isoformat() if self.until else ""}
        return {key: value for key, value in args.items() if value}


def _person(email: str) -> int | None:
    if not email:
        return None
    user = queries.user_by_email(email)
    return user.id if user is not None else NOBODY


def _filters(chosen: AuditFilter) -> dict:
    def midnight(day: date) -> datetime:
        return datetime.combine(day, time(), timezone.utc)

    return {"action": chosen.action, "actor_id": _person(chosen.actor), "subject_id": _person(chosen.subject),
            "since": midnight(chosen.since) if chosen.since else None,
            "until": midnight(chosen.until) + timedelta(days=1) if chosen.until else None}


@dataclass(frozen=True)
class AuditPage:
    rows: list
    previous: dict[str, int] | None
    next: dict[str, int] | None


NO_ROWS = AuditPage([], None, None)


def audit_page(chosen: AuditFilter, cursor: Cursor, *, size: int = PAGE_SIZE) -> AuditPage:
    rows = queries.audit_rows(cursor, size, **_filters(chosen))
    more = len(rows) > size
    rows = rows[:size]
    if cursor.backwards:
        rows.reverse()
        previous = {"before": rows[0][0].id} if more else None
        following = {"after": rows[-1][0].id} if rows else None
    else:
        previous = ({"before": rows[0][0].id} if rows else {}) if cursor.after is not None else None
        following = {"after": rows[-1][0].id} if more else None
    return AuditPage(rows, previous, following)


HEADER = ("id", "when (UTC)", "action", "actor id", "actor", "subject id", "subject", "target", "target id", "reason", "details")


def audit_csv(chosen: AuditFilter) -> Iterator[bytes]:
    """Every matching row (names as they are now; an erased account's is empty), written while it
    is sent, so memory stays flat however long the log."""
    statement, engine = queries.audit_export(**_filters(chosen))

    def rows():
        for (row_id, at, action, actor_id, actor_name, actor_email, subject_id, subject_name, subject_email,
             target_kind, target_id, reason, details) in queries.streamed(statement, engine):
            yield (row_id, at, action, actor_id or "", f"{actor_name} <{actor_email}>" if actor_email else "",
                   subject_id or "", f"{subject_name} <{subject_email}>" if subject_email else "", target_kind,
                   target_id, reason, " ".join(f"{key}={value}" for key, value in sorted((details or {}).items())))
    return csv_chunks(HEADER, rows())
