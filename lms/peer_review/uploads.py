"""Attachments: checked by their content (not their name), stored under a random key."""

from __future__ import annotations

import secrets
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from lms.core.errors import ValidationError

OFFICE_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
OPEN_DOCUMENT = {
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
    b"application/vnd.oasis.opendocument.presentation": ".odp",
}


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def sniff(data: bytes) -> tuple[str, str]:
    """(MIME type, extension) judged from the bytes themselves, or ValidationError."""
    if data.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif", ".gif"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = archive.namelist()
                if "mimetype" in names and archive.read("mimetype").strip() in OPEN_DOCUMENT:
                    kind = archive.read("mimetype").strip()
                    return kind.decode(), OPEN_DOCUMENT[kind]
                if "[Content_Types].xml" in names:
                    for prefix, found in OFFICE_TYPES.items():
                        if any(name.startswith(prefix) for name in names):
                            return found
        except zipfile.BadZipFile:
            pass
    raise ValidationError("attachment", "Attach a PDF, an image (PNG, JPEG, GIF) or an office document (Word, Excel, PowerPoint, OpenDocument).")


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
