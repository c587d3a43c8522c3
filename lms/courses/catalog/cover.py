"""A course's cover picture: ``cover = "images/cover.png"`` and ``cover_alt`` in the course
file, checked like badge artwork (a file inside the course's content folder, of a kind
browsers show), with the words a screen reader says instead of the picture."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

COVER_TYPES = (".png", ".jpg", ".jpeg", ".svg", ".webp")


def read_cover(data: dict, folder: Path | None, add: Callable[[tuple, str], None]) -> tuple[str | None, str | None]:
    """(cover path relative to ``folder``, its text alternative), or (None, None); ``add(key path, message)`` reports."""
    cover, alt = data.get("cover"), data.get("cover_alt")
    if cover is None:
        if alt is not None:
            add(("cover_alt",), "'cover_alt' describes a cover picture, but there is no 'cover'")
        return None, None
    if not isinstance(cover, str) or not cover.strip():
        add(("cover",), "'cover' must be the path of a picture, e.g. \"images/cover.png\"")
        return None, None
    if not isinstance(alt, str) or not alt.strip():
        add(("cover",) if alt is None else ("cover_alt",),
            "the cover needs 'cover_alt': a short description of the picture for people who cannot see it")
        alt = None
    cover = cover.strip()
    if folder is not None:
        path = (folder / cover).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            add(("cover",), f"cover picture '{cover}' not found in {folder}")
            return None, None
        if path.suffix.lower() not in COVER_TYPES:
            add(("cover",), "a cover picture must be a PNG, JPEG, SVG or WebP file")
            return None, None
    return (cover, alt.strip()) if alt else (None, None)
