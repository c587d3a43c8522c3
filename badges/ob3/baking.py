"""Open Badges 3.0 baking: a credential (JSON text or a VC-JWT) inside a PNG or SVG image, and back.

PNG: an ``iTXt`` chunk with keyword ``openbadgecredential`` (one; baking again replaces it).
SVG: an ``<openbadges:credential>`` element (namespace ``https://purl.imsglobal.org/ob/v3p0``) first in the root.
Anything that is not such an image, or is too large, raises ``BakingError`` with a reason.
"""

from __future__ import annotations

import struct
import zlib
from xml.dom import Node
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException, minidom

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
OB3_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
XMLNS = "http://www.w3.org/2000/xmlns/"
MAX_IMAGE = 10 * 1024 * 1024  # bytes of image
MAX_TEXT = 1024 * 1024  # bytes of baked text


class BakingError(ValueError):
    """The image cannot be baked or read: not a PNG/SVG, malformed, or too large."""


# --- PNG -------------------------------------------------------------------------------------------------


def bake_png(png: bytes, text: str) -> bytes:
    """The PNG with ``text`` in an ``openbadgecredential`` iTXt chunk (before IEND), replacing any earlier one."""
    payload = _text_bytes(text)
    chunks = [chunk for chunk in _png_chunks(png) if not _is_credential_chunk(chunk)]
    data = KEYWORD + b"\x00\x00\x00" + b"\x00" + b"\x00" + payload  # no compression, no language, no translation
    baked = [*chunks[:-1], (b"iTXt", data), chunks[-1]]
    return PNG_SIGNATURE + b"".join(_chunk_bytes(kind, body) for kind, body in baked)


def unbake_png(png: bytes) -> str | None:
    """The text of the ``openbadgecredential`` iTXt chunk, or None when the PNG carries none."""
    for chunk in _png_chunks(png):
        if _is_credential_chunk(chunk):
            return _itxt_text(chunk[1])
    return None


def _png_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of each chunk up to IEND, every length and CRC checked."""
    if not isinstance(png, bytes | bytearray) or not bytes(png[:8]) == PNG_SIGNATURE:
        raise BakingError("not a PNG image (the PNG signature is missing)")
    if len(png) > MAX_IMAGE:
        raise BakingError(f"the image is larger than {MAX_IMAGE // (1024 * 1024)} MB")
    chunks, offset = [], 8
    while True:
        if offset + 12 > len(png):
            raise BakingError("the PNG is truncated (no IEND chunk)")
        length, kind = struct.unpack(">I4s", png[offset:offset + 8])
        end = offset + 12 + length
        if end > len(png):
            raise BakingError(f"the PNG chunk {kind!r} runs past the end of the file")
        body = bytes(png[offset + 8:offset + 8 + length])
        if struct.unpack(">I", png[end - 4:end])[0] != zlib.crc32(kind + body):
            raise BakingError(f"the PNG chunk {kind!r} has a wrong CRC")
        chunks.append((kind, body))
        offset = end
        if kind == b"IEND":
            break
    if chunks[0][0] != b"IHDR":
        raise BakingError("the PNG does not start with an IHDR chunk")
    return chunks


def _chunk_bytes(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _is_credential_chunk(chunk: tuple[bytes, bytes]) -> bool:
    kind, body = chunk
    return kind == b"iTXt" and body.split(b"\x00", 1)[0] == KEYWORD


def _itxt_text(body: bytes) -> str:
    try:
        _, rest = body.split(b"\x00", 1)
        compressed, method, rest = rest[0], rest[1], rest[2:]
        _language, _translated, text = rest.split(b"\x00", 2)
    except (ValueError, IndexError) as error:
        raise BakingError("the openbadgecredential iTXt chunk is malformed") from error
    if compressed:
        if method != 0:
            raise BakingError("the openbadgecredential iTXt chunk uses an unknown compression")
        text = _inflate(text)
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BakingError("the baked credential is not UTF-8 text") from error


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(data, MAX_TEXT + 1)
    except zlib.error as error:
        raise BakingError("the compressed iTXt chunk cannot be inflated") from error
    if len(text) > MAX_TEXT or inflater.unconsumed_tail:
        raise BakingError(f"the baked credential is larger than {MAX_TEXT // 1024} KB")
    return text


def _text_bytes(text: str) -> bytes:
    if not isinstance(text, str) or not text.strip():
        raise BakingError("the credential to bake is empty or not text")
    data = text.encode("utf-8")
    if len(data) > MAX_TEXT:
        raise BakingError(f"the credential to bake is larger than {MAX_TEXT // 1024} KB")
    return data


# --- SVG -------------------------------------------------------------------------------------------------


def bake_svg(svg: bytes | str, text: str) -> bytes:
    """The SVG with ``<openbadges:credential>`` (text as CDATA, or escaped if it holds ``]]>``) first in the root,
    replacing any earlier one. UTF-8 bytes out."""
    _text_bytes(text)
    document = _svg_document(svg)
    root = document.documentElement
    for old in _credential_elements(document):
        old.parentNode.removeChild(old)
    element = document.createElementNS(OB3_NAMESPACE, "openbadges:credential")
    declared = root.getAttribute("xmlns:openbadges") if root.hasAttribute("xmlns:openbadges") else None
    if declared is None:
        root.setAttributeNS(XMLNS, "xmlns:openbadges", OB3_NAMESPACE)
    elif declared != OB3_NAMESPACE:  # the prefix is already taken (e.g. by Open Badges 2.0): declare it locally
        element.setAttributeNS(XMLNS, "xmlns:openbadges", OB3_NAMESPACE)
    content = document.createTextNode(text) if "]]>" in text else document.createCDATASection(text)
    element.appendChild(content)
    root.insertBefore(element, root.firstChild)
    return document.toxml(encoding="utf-8")


def unbake_svg(svg: bytes | str) -> str | None:
    """The text of the first ``<openbadges:credential>`` element (stripped), or None when there is none."""
    for element in _credential_elements(_svg_document(svg)):
        text = "".join(node.data for node in element.childNodes
                       if node.nodeType in (Node.TEXT_NODE, Node.CDATA_SECTION_NODE)).strip()
        if len(text.encode("utf-8")) > MAX_TEXT:
            raise BakingError(f"the baked credential is larger than {MAX_TEXT // 1024} KB")
        return text or None
    return None


def _svg_document(svg: bytes | str):
    if not isinstance(svg, bytes | bytearray | str):
        raise BakingError("an SVG image is bytes or text")
    if len(svg) > MAX_IMAGE:
        raise BakingError(f"the image is larger than {MAX_IMAGE // (1024 * 1024)} MB")
    try:
        document = minidom.parseString(svg, forbid_dtd=True)
    except (ExpatError, DefusedXmlException, ValueError, LookupError) as error:  # LookupError: unknown encoding
        raise BakingError(f"not a well-formed SVG image: {error}") from error
    root = document.documentElement
    if root.localName != "svg" or root.namespaceURI not in (SVG_NAMESPACE, None):
        raise BakingError("not an SVG image (the root element is not <svg>)")
    return document


def _credential_elements(document) -> list:
    return list(document.getElementsByTagNameNS(OB3_NAMESPACE, "credential"))
