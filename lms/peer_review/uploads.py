"""Attachments: checked by their content (not their name), stored under a random key."""

from __future__ import annotations

import secrets
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import filetype

from lms.core.errors import ValidationError

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
    raise ValidationError("attachment", "Attach a PDF, an image (PNG, JPEG, GIF) or an office document (Word, Excel, PowerPoint, OpenDocument).")


def _office_type(data: bytes) -> tuple[str, str] | None:
    """An office document by its archive's directory; the only entry ever read is an
    OpenDocument's one-line "mimetype", and only when its stated size is that small."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                return next((found for prefix, found in OFFICE_TYPES.items() if any(n.startswith(prefix) for n in names)), None)
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= MIMETYPE_ENTRY_MAX:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return (declared, OPEN_DOCUMENT[declared]) if declared in OPEN_DOCUMENT else None
    except (zipfile.BadZipFile, ValueError, NotImplementedError):
        return None
    return None


def store(upload: Upload, folder: Path, *, max_bytes: int) -> tuple[str, str, str, int]:
    """Save the file; returns (key, safe name, MIME type, size)."""
    if len(upload.data) > max_bytes:
        raise ValidationError("attachment", f"The attachment is larger than {max_bytes // (1024 * 1024)} MB.")
    if not upload.data:
        raise ValidationError("attachment", "The attachment is empty.")
    mimetype, extension = sniff(upload.data)
    key = secrets.token_hex(16)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / key).write_bytes(upload.data)
    stem = "".join(c for c in Path(upload.filename or "attachment").stem if c.isalnum() or c in " ._-")[:80].strip() or "attachment"
    return key, stem + extension, mimetype, len(upload.data)
