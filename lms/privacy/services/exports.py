"""Data exports: asked for on the "My data" page, built by the scheduler exactly once, downloaded by
their owner until they expire."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, insert, literal, select, true, update

from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.accounts.services import get_user
from lms.core.i18n import gettext, in_language
from lms.notifications import services as notifications
from lms.privacy.models import DataExport
from lms.privacy.services.archive import write_archive
from lms.privacy.services.people import accounts_part

log = logging.getLogger(__name__)
WAITING = ("pending", "building")
UID_LENGTH = 32


def export_folder() -> Path:
    """Where zips wait for their download: DATA_EXPORT_DIR, by default inside the instance folder."""
    return Path(current_app.config.get("DATA_EXPORT_DIR") or Path(current_app.instance_path) / "data-exports")


def request_export(user_id: int, *, now: datetime) -> bool:
    """Ask for a copy; one waiting request at a time (a double click, or two tabs, make one).
    Returns whether a new request was made."""
    accounts_part().lock_person(user_id)  # two requests at once queue here, and the second sees the first
    waiting = select(DataExport.id).where(DataExport.user_id == user_id, DataExport.status.in_(WAITING)).exists()
    made = db.session.execute(insert(DataExport).from_select(
        ["user_id", "uid", "status", "requested_at", "error"],
        select(literal(user_id), literal(secrets.token_hex(UID_LENGTH // 2)), literal("pending"),
               literal(now, DataExport.requested_at.type), literal("")).where(true(), ~waiting)),
        execution_options={"preserve_rowcount": True})
    return made.rowcount == 1


def list_exports(user_id: int, *, limit: int = 5) -> list[DataExport]:
    return list(db.session.scalars(select(DataExport).where(DataExport.user_id == user_id)
                                   .order_by(DataExport.requested_at.desc(), DataExport.id.desc()).limit(limit)))


def export_for_download(user_id: int, uid: str, *, now: datetime) -> tuple[DataExport, Path | None]:
    """The owner's export and its file; None for the file once it expired. Anyone else's: NotFound."""
    export = None
    if len(uid) == UID_LENGTH and uid.isalnum() and uid.isascii():
        export = db.session.scalar(select(DataExport).where(DataExport.uid == uid, DataExport.user_id == user_id))
    if export is None or export.status not in ("ready", "expired"):
        raise NotFound(gettext("No such data export."))
    path = export_folder() / export.file_name if export.file_name else None
    if export.status == "expired" or export.expires_at <= now or path is None or not path.is_file():
        return export, None
    return export, path


def _claim(claimer: str, *, now: datetime) -> int | None:
    """One pending export, taken by a conditional UPDATE: of two schedulers, one wins it."""
    for export_id in db.session.scalars(select(DataExport.id).where(DataExport.status == "pending")
                                        .order_by(DataExport.requested_at, DataExport.id).limit(5)):
        taken = db.session.execute(update(DataExport).where(DataExport.id == export_id, DataExport.status == "pending")
                                   .values(status="building", claimed_by=claimer, claimed_at=now))
        if taken.rowcount == 1:
            return export_id
    return None


def build_due_exports(*, claimer: str, now: datetime, stop=lambda: False) -> int:
    """Build every pending export, one at a time: claim (committed), write the zip, mark it ready
    and notify its owner (one commit). Returns how many were built."""
    built = 0
    while not stop():
        export_id = _claim(claimer, now=now)
        db.session.commit()
        if export_id is None:
            break
        export = db.session.get(DataExport, export_id)
        folder = export_folder()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{export.uid}.zip"
        try:
            with in_language(get_user(export.user_id).language):  # the README in the owner's language
                write_archive(path, export.user_id)
        except Exception as error:
            db.session.rollback()
            log.exception("data export %s failed", export_id)
            _failed(export_id, claimer, error, now=now)
            continue
        try:
            _finish(export, path, claimer, now=now)
        except Exception as error:  # e.g. the notification refused: the export must not stay "building"
            db.session.rollback()
            log.exception("data export %s could not be finished", export_id)
            _failed(export_id, claimer, error, now=now)
            path.unlink(missing_ok=True)
            continue
        built += 1
    return built


def _failed(export_id: int, claimer: str, error: Exception, *, now: datetime) -> None:
    db.session.execute(update(DataExport).where(DataExport.id == export_id, DataExport.claimed_by == claimer)
                       .values(status="failed", finished_at=now, error=f"{type(error).__name__}: {error}"[:2000]))
    db.session.commit()


def _finish(export: DataExport, path: Path, claimer: str, *, now: datetime) -> None:
    expires_at = now + timedelta(days=current_app.config["EXPORT_DAYS"])
    done = db.session.execute(update(DataExport).where(DataExport.id == export.id, DataExport.claimed_by == claimer,
                                                       DataExport.status == "building")
                              .values(status="ready", finished_at=now, expires_at=expires_at, file_name=path.name,
                                      size_bytes=path.stat().st_size))
    if done.rowcount == 1:
        notifications.notify_user(export.user_id, kind="data_export_ready", key=f"data-export:{export.uid}",
                                  payload={"export": export.uid, "expires_at": expires_at.isoformat()}, now=now)
    db.session.commit()
    if done.rowcount != 1:  # erased meanwhile (the row is gone) or given back: the zip must not outlive it
        path.unlink(missing_ok=True)


def release_exports(claimer: str) -> int:
    """Exports a dead scheduler was building are pending again (their half-written zip was never renamed)."""
    released = db.session.execute(update(DataExport).where(DataExport.status == "building", DataExport.claimed_by == claimer)
                                  .values(status="pending", claimed_by=None, claimed_at=None)).rowcount
    db.session.commit()
    return released


def delete_expired_exports(*, now: datetime) -> int:
    """Zips past their day are deleted; the row stays, marked expired, so the link explains itself.
    Then any file in the folder that no export being built or ready names (a build that crashed, an
    erasure that could not delete) goes once it is an hour old. Returns how many files went."""
    expired = db.session.scalars(select(DataExport).where(DataExport.status == "ready", DataExport.expires_at <= now)).all()
    for export in expired:
        if export.file_name:
            (export_folder() / export.file_name).unlink(missing_ok=True)
        export.status = "expired"
    db.session.commit()
    return len(expired) + _delete_strays(now=now)


STRAY_AGE = timedelta(hours=1)


def _delete_strays(*, now: datetime) -> int:
    folder = export_folder()
    if not folder.is_dir():
        return 0
    live = {f"{uid}.{suffix}" for uid in db.session.scalars(select(DataExport.uid).where(
        DataExport.status.in_(("building", "ready")))) for suffix in ("zip", "part")}
    deleted = 0
    for path in folder.iterdir():
        if path.name in live or not path.is_file():
            continue
        if datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc) < now - STRAY_AGE:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def forget_exports(user_id: int) -> list[Path]:
    """For erasure: the person's export rows go; returns their files, to delete after the commit."""
    names = db.session.scalars(select(DataExport.file_name).where(DataExport.user_id == user_id,
                                                                  DataExport.file_name.is_not(None))).all()
    db.session.execute(delete(DataExport).where(DataExport.user_id == user_id))
    return [export_folder() / name for name in names]
