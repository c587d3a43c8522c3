"""Attachments: checked by their content (not their name), stored under a random key."""

from __future__ import annotations

import secrets
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import filetype

from lms.core.errors import ValidationError

# What may be attached, by the type the bytes show (file names are not trusted).
ACCEPTED = {"pdf", "png", "jpg", "gif", "docx", "xlsx", "pptx", "odt", "ods", "odp"}
ZIP_BASED = {"docx", "xlsx", "pptx", "odt", "ods", "odp"}
# Type detection reads only this much: a file is judged by its header, never by decompressing it.
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def sniff(data: bytes) -> tuple[str, str]:
    """(MIME type, extension) judged from the bytes themselves (the ``filetype`` library reads
    the header), or ValidationError. An office document must also be a readable zip archive:
    its directory is read, none of its entries is decompressed."""
    kind = filetype.guess(data[:SNIFF_BYTES])
    if kind is not None and kind.extension in ACCEPTED and (kind.extension not in ZIP_BASED or _is_zip(data)):
        return kind.mime, f".{kind.extension}"
    raise ValidationError("attachment", "Attach a PDF, an image (PNG, JPEG, GIF) or an office document (Word, Excel, PowerPoint, OpenDocument).")


def _is_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return bool(archive.namelist())
    except zipfile.BadZipFile:
        return False


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
