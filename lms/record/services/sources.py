"""Where the entries of a learning record come from: one source per kind of learning, each read
in a statement or two whatever the number of entries. A kind of learning that comes later (as
events did, #21: a feature below this one) is one more ``Source`` in ``SOURCES``, reading through
that feature's services or record's queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from types import SimpleNamespace

from flask import url_for
from sqlalchemy import select

from lms.awards import services as awards
from lms.programmes import services as programmes
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.core.render import render_markdown
from lms.core.site_settings import site_setting
from lms.record import queries
from lms.record.models import ExternalEntry

KINDS = ("course", "programme", "event", "badge", "award", "certificate", "reflection", "external")


@dataclass
class Entry:
    """One line of a learning record, whatever its source. ``started``/``ended`` are UTC instants
    (shown in the reader's zone) or calendar days (shown as they are)."""

    kind: str
    ref: str
    title: str
    provider: str = ""
    started: datetime | date | None = None
    ended: datetime | date | None = None
    hours: float | None = None
    outcome: str = ""
    url: str | None = None
    detail: str = ""
    note_html: str = ""
    language: str | None = None  # the words' language when they are course content
    has_file: bool = False
    editable: bool = False
    tags: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.ref}"

    @property
    def when(self) -> datetime:
        """The moment it is sorted by: its end, else its start."""
        moment = self.ended or self.started
        if moment is None:
            return datetime.min.replace(tzinfo=timezone.utc)
        if isinstance(moment, datetime):
            return moment
        return datetime.combine(moment, time(12), tzinfo=timezone.utc)


def total_hours(entries: list[Entry]) -> float:
    """The hours of these entries, each counted once: a programme's hours are those of the courses,
    workshops and placement it is made of, which are entries of their own."""
    return round(sum(entry.hours or 0 for entry in entries if entry.kind != "programme"), 1)


@dataclass(frozen=True)
class Context:
    """What a source may need besides the learner's id."""

    user_id: int
    include_reflections: bool
    site_name: str


@dataclass(frozen=True)
class Source:
    kind: str
    read: Callable[[Context], list[Entry]]


def _courses(context: Context) -> list[Entry]:
    entries = []
    for row in queries.course_entries(context.user_id):
        done = row.completed_at is not None
        entries.append(Entry(
            "course", str(row.enrolment_id), row.course_title, context.site_name, row.enrolled_at, row.completed_at,
            round(row.minutes / 60, 1) if done and row.minutes else None,
            gettext("Completed") if done else gettext("In progress"),
            url_for("catalog.course", course_slug=row.course_slug), row.run_title, language=row.course_language))
    return entries


def _programmes(context: Context) -> list[Entry]:
    return [Entry("programme", item.slug, item.title, context.site_name, item.enrolled_at, item.completed_at, item.hours,
                  gettext("Completed") if item.completed_at else gettext("In progress"),
                  url_for("programmes.programme", slug=item.slug))
            for item in programmes.record_of(context.user_id)]


def _events(context: Context) -> list[Entry]:
    return [Entry("event", str(row.id), row.title, context.site_name, row.starts_at, row.ends_at,
                  round((row.ends_at - row.starts_at).total_seconds() / 3600, 1) or None, gettext("Attended"),
                  url_for("events.event", ref=row.slug))
            for row in queries.attended_events(context.user_id)]


def _badges(context: Context) -> list[Entry]:
    entries = []
    for award in awards.list_my_awards(SimpleNamespace(id=context.user_id)):
        revoked = award.assertion.revoked_at is not None
        entries.append(Entry(
            "badge", award.assertion.uid, award.badge.name, award.course.title, award.assertion.issued_on, None, None,
            gettext("Revoked") if revoked else gettext("Badge awarded"),
            url_for("badges.assertion", uid=award.assertion.uid, fmt=""), language=award.course.language))
    standalone = getattr(awards, "standalone_awards_of_user", None)
    for award in standalone(context.user_id) if standalone else ():
        entries.append(Entry(
            "award", award.uid, award.badge_name, context.site_name, award.issued_on, None, None,
            gettext("Revoked") if award.revoked_at else gettext("Badge awarded"), award.page_url))
    return entries


def _certificates(context: Context) -> list[Entry]:
    entries = []
    for certificate, course in awards.list_my_certificates(SimpleNamespace(id=context.user_id)):
        revoked = certificate.revoked_at is not None
        entries.append(Entry(
            "certificate", certificate.uid, gettext("Certificate: %(course)s", course=course.title), context.site_name,
            certificate.issued_on, None, None,  # its hours are the course's, counted there once
            gettext("Revoked") if revoked else gettext("Certificate issued"),
            url_for("badges.certificate", uid=certificate.uid), language=course.language))
    for record in awards.programme_certificates_of_user(context.user_id):  # hours: the programme's, counted there
        entries.append(Entry(
            "certificate", record.uid, record.title, context.site_name, record.issued_on, None, None,
            gettext("Revoked") if record.revoked_at else gettext("Certificate issued"),
            awards.programme_certificate_urls(record.uid)["page"]))
    return entries


def _reflections(context: Context) -> list[Entry]:
    if not context.include_reflections:
        return []
    return [Entry("reflection", str(row.id), row.activity_title, row.course_title, row.updated_at, None, None,
                  gettext("Reflection"), url_for("catalog.course", course_slug=row.course_slug),
                  note_html=render_markdown(row.text, media=False), language=row.course_language)
            for row in queries.reflection_entries(context.user_id)]


def _external(context: Context) -> list[Entry]:
    entries = []
    for entry in db.session.scalars(select(ExternalEntry).where(ExternalEntry.user_id == context.user_id)):
        entries.append(Entry(
            "external", str(entry.id), entry.title, entry.provider, entry.started_on, entry.ended_on, entry.hours,
            gettext("Recorded by you"), None, note_html=entry.note_html, has_file=entry.file_key is not None,
            editable=True))
    return entries


SOURCES: list[Source] = [
    Source("course", _courses), Source("programme", _programmes), Source("event", _events), Source("badge", _badges),
    Source("certificate", _certificates), Source("reflection", _reflections), Source("external", _external),
]


def read_all(context: Context) -> list[Entry]:
    """Every entry of the record, newest first."""
    entries = [entry for source in SOURCES for entry in source.read(context)]
    entries.sort(key=lambda entry: (entry.when, entry.kind, entry.ref), reverse=True)
    return entries


def default_context(user_id: int, include_reflections: bool) -> Context:
    return Context(user_id, include_reflections, site_setting("site_name"))
