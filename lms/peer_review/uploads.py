"""Attachments: checked by their content (not their name), stored under a random key."""

from __future__ import annotations

import secrets
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import filetype

from lms.core.errors import ValidationError
from lms.core.i18n import gettext, lazy_gettext

# What may be attached, judged by the bytes (file names are not trusted). Plain files by their
# header (the filetype library); office documents, which are zip archives, by their directory.
ACCEPTED = {"pdf", "png", "jpg", "gif"}
SNIFF_BYTES = 8192
OFFICE_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
OPEN_DOCUMENT = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
MIMETYPE_ENTRY_MAX = 100  # an OpenDocument's "mimetype" entry is one short line
# Office documents are zip archives, and a small archive can unpack to gigabytes (a zip bomb),
# here while sniffing or later on a reviewer's computer. So an archive is judged by its directory
# before anything is inflated, with Apache POI's limits in spirit: what it states it unpacks to,
# in all and per entry, and how far each entry is compressed. A directory can lie, so the one
# entry ever read (the "mimetype" line) is read as a bounded prefix: zipfile then inflates at
# most its minimum read (4 KB), whatever the entry claims.
ARCHIVE_MAX_ENTRIES = 10_000
ARCHIVE_MAX_UNPACKED = 100 * 1024 * 1024  # declared, all entries together
ARCHIVE_MAX_RATIO = 100  # unpacked size / packed size, for entries above the grace size
RATIO_GRACE_BYTES = 1024 * 1024
READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}  # bzip2 and LZMA inflate unbounded
TOO_BIG = lazy_gettext("This document would unpack to far more than its size (over 100 MB, or over 100 times its "
                       "packed size), which is how harmful archives look: attach it as a PDF instead.")
TOO_MANY_PARTS = lazy_gettext("This document is made of more than 10,000 parts: attach it as a PDF instead.")


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def sniff(data: bytes) -> tuple[str, str]:
    """(MIME type, extension) judged from the bytes themselves, or ValidationError."""
    kind = filetype.guess(data[:SNIFF_BYTES])
    if kind is not None and kind.extension in ACCEPTED:
        return kind.mime, f".{kind.extension}"
    if data.startswith(b"PK\x03\x04"):
        found = _office_type(data)
        if found:
            return found
    raise ValidationError("attachment", gettext(
        "Attach a PDF, an image (PNG, JPEG, GIF) or an office document (Word, Excel, PowerPoint, OpenDocument)."))


def _office_type(data: bytes) -> tuple[str, str] | None:
    """An office document by its archive's directory, checked against the bounds first; the only
    entry ever read is an OpenDocument's one-line "mimetype", and only a bounded prefix of it."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_bounds(entries)
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" in names:
                return next((found for prefix, found in OFFICE_TYPES.items() if any(n.startswith(prefix) for n in names)), None)
            if "mimetype" in names:
                declared = _read_mimetype(archive, archive.getinfo("mimetype"))
                return (declared, OPEN_DOCUMENT[declared]) if declared in OPEN_DOCUMENT else None
    except (zipfile.BadZipFile, zlib.error, ValueError, NotImplementedError, RuntimeError, EOFError):  # RuntimeError: encrypted
        return None
    return None


def _check_bounds(entries: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive whose directory says it unpacks too far, before inflating a byte."""
    if len(entries) > ARCHIVE_MAX_ENTRIES:
        raise ValidationError("attachment", str(TOO_MANY_PARTS))
    unpacked = 0
    for entry in entries:
        unpacked += entry.file_size
        squeezed = entry.file_size > RATIO_GRACE_BYTES and entry.file_size > ARCHIVE_MAX_RATIO * entry.compress_size
        if squeezed or unpacked > ARCHIVE_MAX_UNPACKED:
            raise ValidationError("attachment", str(TOO_BIG))


def _read_mimetype(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> str | None:
    """The "mimetype" line, read as a prefix of at most MIMETYPE_ENTRY_MAX + 1 bytes."""
    if entry.file_size > MIMETYPE_ENTRY_MAX or entry.compress_type not in READABLE_METHODS:
        return None
    with archive.open(entry) as stream:
        line = stream.read(MIMETYPE_ENTRY_MAX + 1)
    if len(line) > MIMETYPE_ENTRY_MAX:
        return None
    return line.decode("ascii", "replace").strip()


@dataclass(frozen=True)
class CheckedUpload:
    """An attachment that passed every check, not yet written anywhere."""

    data: bytes
    name: str  # safe, with the extension of what the bytes are
    mimetype: str


def check(upload: Upload, *, max_bytes: int) -> CheckedUpload:
    """Judge the file by its size and its bytes; ValidationError if it cannot be attached."""
    if len(upload.data) > max_bytes:
        raise ValidationError("attachment", gettext("The attachment is larger than %(megabytes)d MB.",
                                                    megabytes=max_bytes // (1024 * 1024)))
    if not upload.data:
        raise ValidationError("attachment", gettext("The attachment is empty."))
    mimetype, extension = sniff(upload.data)
    stem = "".join(c for c in Path(upload.filename or "attachment").stem if c.isalnum() or c in " ._-")[:80].strip() or "attachment"
    return CheckedUpload(upload.data, stem + extension, mimetype)


def write(attachment: CheckedUpload, folder: Path) -> tuple[str, str, str, int]:
    """Save a checked attachment under a random key; returns (key, safe name, MIME type, size)."""
    key = secrets.token_hex(16)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / key).write_bytes(attachment.data)
    return key, attachment.name, attachment.mimetype, len(attachment.data)


def store(upload: Upload, folder: Path, *, max_bytes: int) -> tuple[str, str, str, int]:
    """Check the file, then save it; returns (key, safe name, MIME type, size)."""
    return write(check(upload, max_bytes=max_bytes), folder)
