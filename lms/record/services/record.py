"""A learner's record as a page: every entry from every source, newest first, with the standards
they tagged each with; filtered by a standard; a page of entries at a time. Also their settings
(reflections in or out, the framework they tag with) and the tagging itself."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from sqlalchemy import delete, select

from lms.core.db import insert_ignoring_duplicates
from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.record import queries
from lms.record.models import EntryTag, RecordSettings, Standard, StandardsFramework
from lms.record.services.sources import KINDS, Entry, default_context, read_all, total_hours

PAGE_SIZE = 25


@dataclass(frozen=True)
class Settings:
    include_reflections: bool
    framework: StandardsFramework | None  # the one chosen, or the only one there is


@dataclass(frozen=True)
class RecordPage:
    entries: list[Entry]  # this page's
    page: int
    pages: int
    total: int  # entries shown, after the filter
    total_hours: float  # of those
    settings: Settings
    frameworks: list[StandardsFramework]
    standards: list[Standard]  # the chosen framework's, for tagging and the filter
    standard: Standard | None  # the filter


def get_settings(user_id: int, frameworks: list[StandardsFramework] | None = None) -> Settings:
    frameworks = queries.live_frameworks() if frameworks is None else frameworks
    saved = db.session.get(RecordSettings, user_id)
    chosen = next((f for f in frameworks if saved and f.id == saved.framework_id), None)
    if chosen is None and len(frameworks) == 1:
        chosen = frameworks[0]
    return Settings(bool(saved and saved.include_reflections), chosen)


def save_settings(user_id: int, *, include_reflections: bool, framework_id: int | None) -> None:
    if framework_id is not None and queries.live_standards(framework_id) is None:
        raise ValidationError("framework", gettext("Choose a framework from the list."))
    saved = db.session.get(RecordSettings, user_id)
    if saved is None:
        db.session.execute(insert_ignoring_duplicates(RecordSettings, conflict_columns=["user_id"]).values(
            user_id=user_id, include_reflections=include_reflections, framework_id=framework_id))
        saved = db.session.get(RecordSettings, user_id)
    saved.include_reflections, saved.framework_id = include_reflections, framework_id


def entries_of(user_id: int, *, include_reflections: bool | None = None) -> list[Entry]:
    """The whole record, newest first, each entry with its tags."""
    if include_reflections is None:
        saved = db.session.get(RecordSettings, user_id)
        include_reflections = bool(saved and saved.include_reflections)
    entries = read_all(default_context(user_id, include_reflections))
    tags: dict[tuple[str, str], list] = {}
    for tag in queries.tags_of(user_id):
        tags.setdefault((tag.entry_kind, tag.entry_ref), []).append(tag)
    for entry in entries:
        entry.tags = tags.get((entry.kind, entry.ref), [])
    return entries


def get_record(user_id: int, *, page: int = 1, standard_id: int | None = None) -> RecordPage:
    """One page of the learner's record (``standard_id``: only the entries tagged with it)."""
    frameworks = queries.live_frameworks()
    settings = get_settings(user_id, frameworks)
    standards = queries.live_standards(settings.framework.id) or [] if settings.framework else []
    entries = entries_of(user_id, include_reflections=settings.include_reflections)
    standard = None
    if standard_id is not None:
        standard = db.session.get(Standard, standard_id)
        if standard is None:
            raise NotFound(gettext("No such standard."))
        entries = [entry for entry in entries if any(tag.standard_id == standard_id for tag in entry.tags)]
    pages = max(1, ceil(len(entries) / PAGE_SIZE))
    page = min(max(page, 1), pages)
    return RecordPage(entries[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], page, pages, len(entries), total_hours(entries),
                      settings, frameworks, standards, standard)


def parse_key(key: str) -> tuple[str, str]:
    kind, _, ref = (key or "").partition(":")
    if kind not in KINDS or not ref or len(ref) > 80:
        raise NotFound(gettext("No such entry in your record."))
    return kind, ref


def find_entry(user_id: int, key: str) -> Entry:
    """The learner's own entry by its key (``course:12``, ``badge:<uid>`` ...); anything else: NotFound."""
    kind, ref = parse_key(key)
    saved = db.session.get(RecordSettings, user_id)
    found = next((entry for entry in entries_of(user_id, include_reflections=bool(saved and saved.include_reflections))
                  if entry.kind == kind and entry.ref == ref), None)
    if found is None:
        raise NotFound(gettext("No such entry in your record."))
    return found


def set_tags(user_id: int, key: str, framework_id: int, standard_ids: list[int]) -> Entry:
    """The entry's standards of this framework become ``standard_ids`` (its tags of other frameworks stay)."""
    entry = find_entry(user_id, key)
    standards = queries.live_standards(framework_id)
    if standards is None:
        raise NotFound(gettext("No such standards framework."))
    known = {standard.id for standard in standards}
    if not set(standard_ids) <= known:
        raise ValidationError("standards", gettext("Choose standards from the list."))
    in_framework = select(Standard.id).where(Standard.framework_id == framework_id)
    db.session.execute(delete(EntryTag).where(
        EntryTag.user_id == user_id, EntryTag.entry_kind == entry.kind, EntryTag.entry_ref == entry.ref,
        EntryTag.standard_id.in_(in_framework), EntryTag.standard_id.not_in(standard_ids or [-1])))
    if standard_ids:
        db.session.execute(
            insert_ignoring_duplicates(EntryTag, conflict_columns=["user_id", "entry_kind", "entry_ref", "standard_id"]),
            [{"user_id": user_id, "entry_kind": entry.kind, "entry_ref": entry.ref, "standard_id": standard_id}
             for standard_id in sorted(set(standard_ids))])
    return entry
