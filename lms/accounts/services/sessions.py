"""Log-in sessions: opened at log-in with what the list of sessions shows, found on each request
by Flask-Login's loader (which keeps "last seen" up to date every few minutes), listed on the
account-security page and ended from there, at log-out or at a password change."""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, bindparam, delete, func, literal, or_, select, update
from ua_parser import parse as ua_parse

from lms.accounts.models import SESSION_USER_FIELDS, LoginSession, SessionUser, User
from lms.core import clock
from lms.core.access import teaches_any_course
from lms.core.errors import DomainError, NotFound
from lms.core.extensions import db
from lms.core.jobs import SweepReport
from lms.core.i18n import gettext

USER_AGENT_MAX = LoginSession.user_agent.type.length
# How stale a session's "last seen" may get before a request brings it up to date.
SEEN_EVERY = timedelta(minutes=5)


class AccountDeactivated(DomainError):
    http_status = 403

    def __init__(self) -> None:
        super().__init__(gettext("This account has been deactivated by an administrator. "
                                 "Contact the site's team if you think this is a mistake."))


class EmailNotVerified(DomainError):
    http_status = 403

    def __init__(self) -> None:
        super().__init__(gettext("Confirm your e-mail address first: open the link we sent you. "
                                 "If it has not arrived, we can send it again."))


def open_session(user: User, *, now: datetime, user_agent: str = "", client: str = "") -> str:
    """Record a log-in; the returned token goes in the browser's session cookie. The browser
    (its User-Agent, cut to the column) and client are what the list of sessions shows."""
    if user.deactivated_at is not None:
        raise AccountDeactivated()
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(token=token, user_id=user.id, created_at=now, last_seen_at=now,
                                user_agent=user_agent[:USER_AGENT_MAX], client=client[:64]))
    user.last_active_at = now
    return token


def close_session(token: str | None, *, now: datetime) -> None:
    if token:
        db.session.execute(update(LoginSession).where(LoginSession.token == token, LoginSession.revoked_at.is_(None))
                           .values(revoked_at=now))


def close_other_sessions(user: User, keep: str | None, *, now: datetime) -> None:
    query = update(LoginSession).where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
    if keep:
        query = query.where(LoginSession.token != keep)
    db.session.execute(query.values(revoked_at=now))


def session_user_loader(
    *, unread_count: ColumnElement | None = None, now: Callable[[], datetime] = clock.now
) -> Callable[[str, str | None], SessionUser | None]:
    """Flask-Login's loader, its statement built once: ``load(session_id, login_token)`` is the
    logged-in user while the server-side log-in record is open and the account not deactivated,
    as a read-only SessionUser, in one Core query with the tutor flag and ``unread_count`` (a
    scalar column correlated to ``users.id``, given by notifications) for the page header.

    When the session was last seen more than SEEN_EVERY ago, it and the account's last activity
    are brought up to date (in a short transaction of their own, so no page's work is committed
    with it): a write every few minutes per session, not one per request."""
    users = User.__table__
    sessions = LoginSession.__table__
    statement = (
        select(*(users.c[name] for name in SESSION_USER_FIELDS), teaches_any_course(users.c.id),
               unread_count if unread_count is not None else literal(0), sessions.c.id, sessions.c.last_seen_at)
        .join(sessions, (sessions.c.token == bindparam("login_token"))
              & (sessions.c.user_id == users.c.id) & sessions.c.revoked_at.is_(None))
        .where(users.c.id == bindparam("user_id"), users.c.deactivated_at.is_(None))
    )

    def load(session_id: str, login_token: str | None) -> SessionUser | None:
        user_id, _, token = session_id.partition(":")
        if not user_id.isdigit() or len(user_id) > 18 or not token or not login_token:
            return None
        # Connection.execute: the statement is plain SQL to run, no ORM entities to build.
        row = db.session.connection().execute(statement, {"user_id": int(user_id), "login_token": login_token}).first()
        if row is None or not secrets.compare_digest(row.session_token, token):
            return None
        *columns, teaches, unread, login_id, last_seen = row
        moment = now()
        if last_seen is None or moment - last_seen >= SEEN_EVERY:
            _mark_seen(login_id, int(user_id), moment)
        return SessionUser(*columns, bool(teaches) or row.is_admin, unread)

    return load


def _mark_seen(login_id: int, user_id: int, now: datetime) -> None:
    with db.engine.begin() as connection:
        connection.execute(update(LoginSession).where(LoginSession.id == login_id).values(last_seen_at=now))
        connection.execute(update(User).where(User.id == user_id).values(last_active_at=now))


def client_key(address: str | None) -> str:
    """Whom a request comes from, for counting: the client's address (already the real one
    behind a trusted proxy, see TRUSTED_PROXIES), an IPv6 client by its /64 network since
    one household or server holds the whole of it."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)




# The sessions list shows at most this many (the most recently used): more would be a list
# nobody reads, and the button "sign out all others" covers the rest.
SESSIONS_SHOWN = 50


@dataclass(frozen=True)
class SessionRow:
    id: int
    device: str
    client: str
    created_at: datetime
    last_seen_at: datetime | None
    is_current: bool


def device_name(user_agent: str) -> str:
    """"Firefox 128 on Ubuntu", read from the User-Agent by ua-parser (its regexes, kept up to
    date upstream), or a plain "Unknown browser" when it says nothing we know."""
    parsed = ua_parse(user_agent) if user_agent else None
    browser = parsed.user_agent if parsed else None
    system = parsed.os if parsed else None
    name = " ".join(part for part in (browser.family if browser else "", browser.major if browser else "") if part)
    if not name or name == "Other":
        name = gettext("Unknown browser")
    if system and system.family and system.family != "Other":
        return gettext("%(browser)s on %(system)s", browser=name, system=" ".join(
            part for part in (system.family, system.major) if part))
    return name


def list_sessions(user_id: int, *, current_token: str | None) -> list[SessionRow]:
    """The person's open sessions, most recently used first, this one marked."""
    rows = db.session.execute(
        select(LoginSession.id, LoginSession.token, LoginSession.user_agent, LoginSession.client,
               LoginSession.created_at, LoginSession.last_seen_at)
        .where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc()).limit(SESSIONS_SHOWN)
    ).all()
    return [SessionRow(row.id, device_name(row.user_agent), row.client, row.created_at, row.last_seen_at,
                       bool(current_token) and secrets.compare_digest(row.token, current_token))
            for row in rows]


def end_session(user_id: int, session_id: int, *, now: datetime) -> bool:
    """Sign out one of the person's own sessions: True if it was open, False if it had ended
    already (a double click). Someone else's, or none, is not found."""
    own = db.session.scalar(select(LoginSession.id).where(LoginSession.id == session_id, LoginSession.user_id == user_id)) \
        if 0 < session_id < 2**63 else None
    if own is None:
        raise NotFound(gettext("No such session."))
    return bool(db.session.execute(
        update(LoginSession).where(LoginSession.id == session_id, LoginSession.revoked_at.is_(None)).values(revoked_at=now)
    ).rowcount)


# The list of sessions shows ended ones for a while (what signed in where); then they go.
ENDED_SESSIONS_KEPT = timedelta(days=90)
# A session unused for longer than the remember-me cookie lives (a year) can no longer be resumed.
IDLE_SESSIONS_KEPT = timedelta(days=400)


def forget_ended_sessions(*, now: datetime) -> SweepReport:
    """Delete sessions ended more than ENDED_SESSIONS_KEPT ago, and those no browser can resume;
    running it again deletes nothing."""
    last_used = func.coalesce(LoginSession.last_seen_at, LoginSession.created_at)
    gone = db.session.execute(delete(LoginSession).where(or_(
        LoginSession.revoked_at < now - ENDED_SESSIONS_KEPT, last_used < now - IDLE_SESSIONS_KEPT))).rowcount
    return SweepReport(recorded=gone or 0)
