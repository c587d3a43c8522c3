"""The zip of a learner's badges: each badge image with its Open Badges 2.0 assertion baked in
(PNG or SVG, as the badge is drawn) and each signed Open Badges 3.0 credential (JSON), for the
course and module badges and the programme (standalone) awards they hold, revoked ones left out.

Built from awards' own services, without HTTP (the hosted assertion through ``hosted_document``,
baked with ``badges.baking`` as awards bakes it; the signed credentials as stored at award time), into a temporary file that spills to disk past a
few megabytes, then streamed from there: memory stays flat however many badges there are."""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import IO

from flask import current_app

from badges import baking
from lms.awards import services as awards
from lms.core.errors import NotFound
from lms.core.i18n import gettext
from lms.core.urls import external_url

MAX_BADGES = 500
IN_MEMORY_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class BadgeFile:
    name: str  # its path inside the zip
    read: object  # () -> bytes | None


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:60] or "badge"


def _course_award_files(user) -> list[BadgeFile]:
    files = []
    for award in awards.list_my_awards(user):
        if award.assertion.revoked_at is not None:
            continue
        uid, stem = award.assertion.uid, _safe(award.badge.slug)
        artwork = Path(current_app.config["CONTENT_DIR"]) / award.course.slug / award.badge.image_path
        kind = "svg" if artwork.suffix.lower() == ".svg" else "png"
        files.append(BadgeFile(f"open-badges-2.0/{stem}-{uid}.{kind}", lambda uid=uid, artwork=artwork: _baked(uid, artwork)))
        files.append(BadgeFile(f"open-badges-3.0/{stem}-{uid}.json", lambda uid=uid: _credential(user, uid)))
    return files


def _baked(uid: str, artwork: Path) -> bytes | None:
    """The badge's artwork with its hosted Open Badges 2.0 assertion baked in: the document awards hosts
    (read without HTTP), baked as awards bakes it; None if the artwork has left the content folder."""
    document = awards.hosted_document(external_url("badges.assertion", uid=uid, fmt=".json"))
    try:
        image = artwork.read_bytes()
    except OSError:
        return None
    return baking.bake(image, document) if document and baking.image_type(image) else None


def _credential(user, uid: str) -> bytes | None:
    document = awards.credential_to_send(user, uid=uid).document
    return document.encode() if document else None


def _standalone_files(user_id: int) -> list[BadgeFile]:
    files = []
    for award in awards.standalone_awards_of_user(user_id):
        if award.revoked_at is not None:
            continue
        stem = _safe(award.badge_slug or award.badge_name)
        files.append(BadgeFile(f"open-badges-2.0/{stem}-{award.uid}.{award.image_kind}",
                               lambda uid=award.uid: awards.standalone_baked_image(uid)[1]))
        files.append(BadgeFile(f"open-badges-3.0/{stem}-{award.uid}.json",
                               lambda uid=award.uid: _standalone_credential(user_id, uid)))
    return files


def _standalone_credential(user_id: int, uid: str) -> bytes | None:
    document = awards.standalone_credential_document(user_id, uid)  # None until signed: the sweep signs it
    return document.encode() if document else None


def badges_zip(user_id: int, *, name: str) -> tuple[IO[bytes], int]:
    """The learner's badges as a zip in a temporary file (rewound), and how many badge files it holds."""
    user = SimpleNamespace(id=user_id)
    files = (_course_award_files(user) + _standalone_files(user_id))[:MAX_BADGES * 2]
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)
    written = []
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for badge_file in files:
            try:
                data = badge_file.read()
            except (LookupError, NotFound):  # artwork gone from the content folder; an award revoked meanwhile
                data = None
            if data:
                archive.writestr(badge_file.name, data)
                written.append(badge_file.name)
        archive.writestr("README.txt", _readme(name, written))
    spool.seek(0)
    return spool, len(written)


def _readme(name: str, written: list[str]) -> str:
    lines = [gettext("The badges of %(name)s.", name=name), "",
             gettext("open-badges-2.0/: each badge image with its Open Badges 2.0 award baked in; a badge "
                     "backpack or verifier reads it from the image."),
             gettext("open-badges-3.0/: each signed Open Badges 3.0 credential (a Verifiable Credential), for a "
                     "digital wallet or verifier."), "", *written]
    return "\n".join(lines) + "\n"

