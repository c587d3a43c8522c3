"""What record holds about a person (learning they recorded from elsewhere with its files, the
standards they tagged entries with, their record's settings), for privacy's export and erasure.
Erasure deletes it all: nobody else's record depends on it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select

from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.record.models import EntryTag, ExternalEntry, RecordSettings, Standard, StandardsFramework

BATCH = 500

README = {
    "record_entries.json": lazy_gettext("The learning you recorded from elsewhere in your learning record: what, "
                                        "who ran it, when, how long, your note and the file's name."),
    "record_tags.json": lazy_gettext("The professional standards you tagged the entries of your learning record with."),
    "record_settings.json": lazy_gettext("Your learning record's settings: whether it includes your reflections, "
                                         "and the standards framework you tag with."),
    "record/": lazy_gettext("The files you attached to learning you recorded from elsewhere."),
}


def _folder() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "record"


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "record_entries.json", _entries(user_id)
    yield "record_tags.json", _tags(user_id)
    yield "record_settings.json", _settings(user_id)


def _entries(user_id: int) -> Iterator[dict]:
    query = select(ExternalEntry).where(ExternalEntry.user_id == user_id).order_by(ExternalEntry.id)
    for entry in db.session.scalars(query.execution_options(yield_per=BATCH)):
        yield {"id": entry.id, "title": entry.title, "provider": entry.provider, "started_on": entry.started_on,
               "ended_on": entry.ended_on, "hours": entry.hours, "note": entry.note, "file": entry.file_name,
               "created_at": entry.created_at, "updated_at": entry.updated_at}


def _tags(user_id: int) -> Iterator[dict]:
    query = (select(EntryTag.entry_kind, EntryTag.entry_ref, Standard.code, Standard.title,
                    StandardsFramework.slug.label("framework"))
             .join(Standard, Standard.id == EntryTag.standard_id)
             .join(StandardsFramework, StandardsFramework.id == Standard.framework_id)
             .where(EntryTag.user_id == user_id).order_by(EntryTag.id))
    for row in db.session.execute(query.execution_options(yield_per=BATCH)):
        yield {"entry": f"{row.entry_kind}:{row.entry_ref}", "framework": row.framework, "standard": row.code,
               "title": row.title}


def _settings(user_id: int) -> Iterator[dict]:
    row = db.session.execute(select(RecordSettings.include_reflections, StandardsFramework.slug)
                             .outerjoin(StandardsFramework, StandardsFramework.id == RecordSettings.framework_id)
                             .where(RecordSettings.user_id == user_id)).first()
    if row is not None:
        yield {"include_reflections": row[0], "framework": row[1]}


def _files(user_id: int):
    return db.session.execute(select(ExternalEntry.id, ExternalEntry.file_key, ExternalEntry.file_name)
                              .where(ExternalEntry.user_id == user_id, ExternalEntry.file_key.is_not(None))
                              .order_by(ExternalEntry.id)).all()


def files(user_id: int) -> Iterator[tuple[str, object]]:
    for entry_id, key, name in _files(user_id):
        path = _folder() / key
        if path.is_file():
            yield f"record/entry-{entry_id}-{Path(name or 'file').name}", path


def erase(user_id: int, *, now: datetime) -> list[Path]:
    """Deletes the person's entries, tags and settings; returns the files to delete once committed."""
    doomed = [_folder() / key for _, key, _ in _files(user_id)]
    db.session.execute(delete(EntryTag).where(EntryTag.user_id == user_id))
    db.session.execute(delete(ExternalEntry).where(ExternalEntry.user_id == user_id))
    db.session.execute(delete(RecordSettings).where(RecordSettings.user_id == user_id))
    return doomed
