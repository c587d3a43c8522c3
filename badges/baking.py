"""Baking: an assertion (JSON, a URL, or a JWS) inside a PNG or SVG image, and back."""

from __future__ import annotations

import io
import json

import openbadges_bakery
from defusedxml import minidom


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
    """What was baked into the image (a JSON string, a URL, or a JWS), or None.

    For SVG the bakery returns only the ``verify`` URL when there is one; the full
    content sits in the element's text, which is what we read back here."""
    kind = image_type(image)
    if kind == "svg":
        return _unbake_svg(image)
    if kind == "png":
        return openbadges_bakery.unbake(io.BytesIO(image))
    return None


def _unbake_svg(image: bytes) -> str | None:
    document = minidom.parseString(image)
    nodes = document.getElementsByTagName("openbadges:assertion")
    if not nodes:
        return None
    text = "".join(child.data for child in nodes[0].childNodes if child.nodeType in (child.TEXT_NODE, child.CDATA_SECTION_NODE))
    return text.strip() or nodes[0].getAttribute("verify") or None
