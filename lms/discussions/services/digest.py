"""The daily digest of replies in followed threads, for those who chose it.

A reply for someone who chose "daily" waits in the ledger (e-mail status "digest"). At the first
run after 07:00 in their own time zone, each person with replies waiting gets one
``discussion_digest`` notification for that local day (key ``discussion_digest:<user>:<date>``,
so two schedulers, or a second run, record it once) listing them by thread; the e-mail job then
sends it in their language like any other, and the replies it lists are marked "digested".
Replies that come after that day's digest wait for the next one. Work goes a chunk of waiting
people at a time (never the whole user table): the replies of a chunk are read in one statement,
numbered and counted in SQL, at most LISTED each."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lms.discussions.queries import following as q
from lms.notifications import services as notifications

DIGEST_HOUR = 7  # local time: the digest goes at the first run from then on
CHUNK = 200  # people handled per statement
LISTED = 30  # replies a digest lists; the rest are counted


@lru_cache(maxsize=512)
def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def digest_day(zone: str | None, now: datetime) -> date | None:
    """The local day whose digest is due for someone in ``zone`` at ``now``, or None before 07:00."""
    local = now.astimezone(_zone(zone))
    return local.date() if local.hour >= DIGEST_HOUR else None


def digest_key(user_id: int, day: date) -> str:
    return f"{q.DIGEST}:{user_id}:{day.isoformat()}"


def _payload(day: date, rows: list) -> dict:
    """The replies of one person's digest grouped by thread, threads in the order of their first reply."""
    threads: dict[int, dict] = {}
    for reply in (row.payload for row in rows):
        thread = threads.setdefault(reply["thread"], {
            "course": reply["course"], "course_title": reply["course_title"],
            "course_language": reply.get("course_language"), "thread": reply["thread"], "title": reply["title"],
            "replies": []})
        thread["replies"].append({"post": reply["post"], "author": reply["author"], "excerpt": reply["excerpt"],
                                  "language": reply.get("language")})
        thread["title"] = reply["title"]  # the newest title, should it have changed
    waiting = rows[0].waiting
    courses = list(dict.fromkeys(thread["course_title"] for thread in threads.values()))
    return {"date": day.isoformat(), "count": waiting, "more": waiting - len(rows), "threads": list(threads.values()),
            "course_title": ", ".join(courses)}


def _chunk(users: list, through: int, *, now: datetime) -> int:
    """One chunk of people with replies waiting: those who chose no e-mail meanwhile have theirs
    skipped; those whose local day's digest is due and not yet recorded get it. Returns how many
    digests were recorded."""
    notifications.skip_waiting([user.id for user in users if user.discussion_email == "off"], kind=q.REPLY)
    due = {user.id: day for user in users if user.discussion_email != "off"
           and (day := digest_day(user.timezone, now)) is not None}
    if not due:
        return 0
    done = q.digests_since(users[0].id, users[-1].id, since=now - timedelta(days=2))
    due = {user_id: day for user_id, day in due.items() if digest_key(user_id, day) not in done}
    if not due:
        return 0
    by_user: dict[int, list] = {}
    for row in q.replies_waiting(list(due), through=through, listed=LISTED):
        by_user.setdefault(row.user_id, []).append(row)
    # Whose every waiting reply was removed or hidden since: nothing to send, nothing left waiting.
    notifications.skip_waiting([user_id for user_id in due if user_id not in by_user], kind=q.REPLY, through=through)
    digests = [(user_id, digest_key(user_id, due[user_id]), _payload(due[user_id], rows)) for user_id, rows in by_user.items()]
    return notifications.record_digests(digests, kind=q.DIGEST, of_kind=q.REPLY, through=through, now=now)


def digest_bound() -> int:
    """A digest run's bound, taken once at its start: replies recorded after it wait for the next run."""
    return q.newest_notification_id()


def send_digests(*, after: int, through: int, now: datetime) -> tuple[int, int | None]:
    """Record the digests due at ``now`` for the next chunk of people (by id, after ``after``) with
    replies waiting (up to ``through``). Returns how many were recorded and the chunk's last
    person's id, to go on from (None: nobody is left)."""
    users = q.users_waiting(after=after, through=through, limit=CHUNK)
    if not users:
        return 0, None
    return _chunk(users, through, now=now), users[-1].id
