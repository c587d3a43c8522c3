"""A course's cover picture: ``cover = "images/cover.png"`` and ``cover_alt`` in the course
file, checked like badge artwork (a file inside the course's content folder, of a kind
browsers show), with the words a screen reader says instead of the picture."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from lms.core.i18n import gettext
from lms.courses.catalog.files import DEFAULT_MAX_FILE_BYTES

COVER_TYPES = (".png", ".jpg", ".jpeg", ".svg", ".webp")
MAX_TEXT = 300  # Course.cover_path and Course.cover_alt


def read_cover(data: dict, folder: Path | None, add: Callable[[tuple, str], None], *,
               max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> tuple[str | None, str | None]:
    """(cover path relative to ``folder``, its text alternative), or (None, None); ``add(key path, message)`` reports."""
    cover, alt = data.get("cover"), data.get("cover_alt")
    for key, value in (("cover", cover), ("cover_alt", alt)):
        if isinstance(value, str) and len(value.strip()) > MAX_TEXT:
            add((key,), gettext("'%(key)s' is %(num)d characters long; keep it within %(limit)d",
                                 key=key, num=len(value.strip()), limit=MAX_TEXT))
            return None, None
    if cover is None:
        if alt is not None:
            add(("cover_alt",), gettext("'cover_alt' describes a cover picture, but there is no 'cover'"))
        return None, None
    if not isinstance(cover, str) or not cover.strip():
        add(("cover",), gettext("'cover' must be the path of a picture, e.g. \"images/cover.png\""))
        return None, None
    if not isinstance(alt, str) or not alt.strip():
        add(("cover",) if alt is None else ("cover_alt",),
            gettext("the cover needs 'cover_alt': a short description of the picture for people who cannot see it"))
        alt = None
    cover = cover.strip()
    if folder is not None:
        path = (folder / cover).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            add(("cover",), gettext("cover picture '%(cover)s' not found in %(folder)s", cover=cover, folder=folder))
            return None, None
        if path.suffix.lower() not in COVER_TYPES:
            add(("cover",), gettext("a cover picture must be a PNG, JPEG, SVG or WebP file"))
            return None, None
        if path.stat().st_size > max_bytes:
            add(("cover",), gettext("cover picture '%(cover)s' is larger than the %(limit)d KB a course file may be: "
                                    "save it smaller (about 1200 px wide is plenty)", cover=cover, limit=max_bytes // 1024))
            return None, None
    return (cover, alt.strip()) if alt else (None, None)
