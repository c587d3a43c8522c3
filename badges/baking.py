"""Baking: an assertion (JSON, a URL, or a JWS) inside a PNG or SVG image, and back."""

from __future__ import annotations

import io
import json

import openbadges_bakery


def image_type(data: bytes) -> str | None:
    kind = openbadges_bakery.check_image_type(io.BytesIO(data))
    return kind.lower() if kind else None


def bake(image: bytes, content: dict | str) -> bytes:
    """The image with ``content`` (an assertion dict, its URL, or a signed JWS) baked in."""
    text = json.dumps(content, separators=(",", ":")) if isinstance(content, dict) else content
    if image_type(image) is None:
        raise ValueError("only PNG and SVG images can be baked")
    baked = openbadges_bakery.bake(io.BytesIO(image), text)
    try:
        return baked.read()
    finally:
        baked.close()


def unbake(image: bytes) -> str | None:
    """What was baked into the image (a JSON string, a URL, or a JWS), or None."""
    if image_type(image) is None:
        return None
    return openbadges_bakery.unbake(io.BytesIO(image))
