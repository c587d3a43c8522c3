"""Learning done elsewhere, recorded by the learner: a title, a provider, when, how long, a note
(Markdown, rendered safe) and an optional file (checked like peer work's attachments: by its
size and its bytes). Only its learner reads, changes or deletes it; anyone else gets a 404."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, select

from lms.core.db import insert_ignoring_duplicates
from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.core.render import render_markdown
from lms.peer_review.services.submissions import Upload, check as check_upload, write as write_upload
from lms.record.models import EntryTag, ExternalEntry

__all__ = ["EntryInput", "Upload", "add_entry", "update_entry", "delete_entry", "get_entry", "entry_file",
           "parse_day", "parse_hours", "LIMITS"]

LIMITS = {"title": 300, "provider": 200, "note": 20_000}
MAX_HOURS = 10_000
EARLIEST = date(1950, 1, 1)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@dataclass(frozen=True)
class EntryInput:
    """What the learner typed, as text: the service parses and judges it (each complaint names its field)."""

    title: str
    provider: str = ""
    started_on: str = ""
    ended_on: str = ""
    hours: str = ""
    note: str = ""


def parse_day(raw: str, field: str, *, today: date, required: bool) -> date | None:
    raw = (raw or "").strip()
    if not raw:
        if required:
            raise ValidationError(field, gettext("Enter the date, such as 2026-09-25."))
        return None
    try:
        day = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise ValidationError(field, gettext("Enter a date such as 2026-09-25."))
    if not EARLIEST <= day <= today:
        raise ValidationError(field, gettext("Enter a date between %(first)s and today.", first=EARLIEST.isoformat()))
    return day


def parse_hours(raw: str) -> float | None:
    raw = (raw or "").strip().replace(",", ".")
    if not raw:
        return None
    if len(raw) > 10 or not re.fullmatch(r"\d+(\.\d+)?", raw):
        raise ValidationError("hours", gettext("Enter the hours as a number, such as 2 or 1.5."))
    hours = round(float(raw), 2)
    if not 0 < hours <= MAX_HOURS:
        raise ValidationError("hours", gettext("Enter a number of hours above 0 and at most %(most)d.", most=MAX_HOURS))
    return hours


def _fields(data: EntryInput, *, today: date) -> dict:
    title, provider, note = data.title.strip(), data.provider.strip(), data.note.strip()
    if not title:
        raise ValidationError("title", gettext("Enter what you learned or attended."))
    for name, value in (("title", title), ("provider", provider), ("note", note)):
        if len(value) > LIMITS[name]:
            raise ValidationError(name, gettext("Keep this under %(max)d characters.", max=LIMITS[name]))
    started = parse_day(data.started_on, "started_on", today=today, required=True)
    ended = parse_day(data.ended_on, "ended_on", today=today, required=False)
    if ended is not None and ended < started:
        raise ValidationError("ended_on", gettext("The end cannot come before the start."))
    return {"title": title, "provider": provider, "started_on": started, "ended_on": ended,
            "hours": parse_hours(data.hours), "note": note, "note_html": render_markdown(note, media=False) if note else ""}


def _file_fields(upload: Upload | None, upload_dir: Path, max_bytes: int):
    """The upload checked (ValidationError on the 'file' field), to be written once the row is settled."""
    if upload is None:
        return None
    try:
        return check_upload(upload, max_bytes=max_bytes)
    except ValidationError as error:
        raise ValidationError("file", str(error)) from None


def _write_file(checked, upload_dir: Path) -> dict:
    key, name, mimetype, size = write_upload(checked, upload_dir)
    return {"file_key": key, "file_name": name, "file_type": mimetype, "file_size": size}


def add_entry(user_id: int, form_token: str, data: EntryInput, *, upload: Upload | None, upload_dir: Path,
              max_bytes: int, today: date, now: datetime) -> ExternalEntry:
    """A new entry; the same form sent twice (a double click) adds it once, and both answer with it."""
    if not TOKEN.match(form_token or ""):
        raise ValidationError("title", gettext("This form has expired: open it again from your record."))
    fields = _fields(data, today=today)
    checked = _file_fields(upload, upload_dir, max_bytes)
    row = {"user_id": user_id, "form_token": form_token, "created_at": now, "updated_at": now, **fields}
    inserted = db.session.scalar(insert_ignoring_duplicates(ExternalEntry, conflict_columns=["user_id", "form_token"])
                                 .values(**row).returning(ExternalEntry.id))
    entry = db.session.scalar(select(ExternalEntry).where(ExternalEntry.user_id == user_id,
                                                          ExternalEntry.form_token == form_token))
    if inserted is not None and checked is not None:
        for name, value in _write_file(checked, upload_dir).items():
            setattr(entry, name, value)
    return entry


def get_entry(user_id: int, entry_id: int) -> ExternalEntry:
    entry = db.session.get(ExternalEntry, entry_id)
    if entry is None or entry.user_id != user_id:
        raise NotFound(gettext("No such entry in your record."))
    return entry


def update_entry(user_id: int, entry_id: int, data: EntryInput, *, upload: Upload | None, remove_file: bool,
                 upload_dir: Path, max_bytes: int, today: date, now: datetime) -> tuple[ExternalEntry, Path | None]:
    """Change the learner's own entry; returns it and a replaced or removed file to delete after the commit."""
    entry = get_entry(user_id, entry_id)
    fields = _fields(data, today=today)
    checked = _file_fields(upload, upload_dir, max_bytes)
    old = upload_dir / entry.file_key if entry.file_key and (checked is not None or remove_file) else None
    for name, value in fields.items():
        setattr(entry, name, value)
    if checked is not None:
        fields = _write_file(checked, upload_dir)
    elif remove_file:
        fields = dict.fromkeys(("file_key", "file_name", "file_type", "file_size"))
    else:
        fields = {}
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.updated_at = now
    return entry, old


def delete_entry(user_id: int, entry_id: int, upload_dir: Path) -> Path | None:
    """Delete the learner's own entry and its tags; returns its file to delete after the commit."""
    entry = get_entry(user_id, entry_id)
    doomed = upload_dir / entry.file_key if entry.file_key else None
    db.session.execute(delete(EntryTag).where(EntryTag.user_id == user_id, EntryTag.entry_kind == "external",
                                              EntryTag.entry_ref == str(entry.id)))
    db.session.delete(entry)
    return doomed


def entry_file(user_id: int, entry_id: int) -> ExternalEntry:
    """The entry whose file its learner downloads; anyone else, or no file: NotFound."""
    entry = get_entry(user_id, entry_id)
    if entry.file_key is None:
        raise NotFound(gettext("No such file."))
    return entry
