"""Verify a badge for anyone: an Open Badges 3.0 credential (JSON, VC-JWT, or baked into a PNG/SVG)
or an Open Badges 2.0 assertion, pasted, uploaded, or given by URL.

This platform's keys, revocation list and assertions are read here, through awards' services (no
HTTP to ourselves); another issuer's over HTTPS with the safe fetcher (lms.core.outbound). Each check
keeps badges' English reason for the command line and logs; pages show ``sentence(check)`` instead,
a translated sentence chosen by the check's name and outcome."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app

from badges import baking as ob2_baking
from badges.ob3 import baking
from badges.ob3.checks import Check, failed, too_deep
from badges.ob3.verify import verify as verify_ob3
from lms.awards import services as awards
from lms.verifier.services import ob2
from lms.core.outbound import FetchRefused, fetch_json
from lms.verifier.services.sentences import refusal, sentence, title

__all__ = ["MAX_IMAGE", "MAX_TEXT", "Outcome", "refusal", "sentence", "title", "verify_badge"]

MAX_TEXT = 1_000_000  # characters pasted
MAX_IMAGE = 2 * 1024 * 1024  # bytes uploaded


@dataclass
class Outcome:
    version: str = ""  # "3.0", "2.0", or "" when nothing could be read
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)


def _fetch(url: str) -> dict | list:
    """A document of ours read here, another site's fetched safely."""
    if _ours(url):
        document = awards.hosted_document(url)
        if document is None:
            raise FetchRefused("unknown", url[:200])
        return document
    config = current_app.config
    return fetch_json(url, allow_private=config["OUTBOUND_ALLOW_PRIVATE"], allow_http=config["OUTBOUND_ALLOW_HTTP"])


def _ours(url: str) -> bool:
    base = current_app.config["BASE_URL"].rstrip("/") + "/"
    return url.startswith(base)


def resolve_key(key_id: str):
    """Our key's Multikey document read here; another issuer's fetched (its document or JWK)."""
    if _ours(key_id):
        return awards.ob3_key_document(key_id)
    try:
        document = _fetch(key_id)
    except FetchRefused:
        return None
    return document if isinstance(document, dict) else None


def status_reader(credential_id: str | None):
    """read_status for badges.ob3.verify: the 1EdTech revocation list (ours read here, another fetched)
    looked up for the credential's id; True revoked, False not, None unreadable."""
    def read(entry: dict) -> bool | None:
        url = entry.get("id")
        if not isinstance(url, str) or not credential_id:
            return None
        try:
            listing = _fetch(url)
        except FetchRefused:
            return None
        revoked = listing.get("revokedCredentials") if isinstance(listing, dict) else None
        if not isinstance(revoked, list):
            return None
        return any(isinstance(item, dict) and item.get("id") == credential_id and item.get("revoked", True) is not False
                   for item in revoked)
    return read


def _jwt_payload(token: str) -> dict | None:
    parts = token.split(".")
    if len(parts) != 3 or len(token) > MAX_TEXT:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, binascii.Error, RecursionError):
        return None
    return payload if isinstance(payload, dict) and not too_deep(payload) else None


def _is_ob2(document: dict) -> bool:
    context = document.get("@context")
    contexts = context if isinstance(context, list) else [context]
    return "https://w3id.org/openbadges/v2" in contexts or document.get("type") == "Assertion"


def verify_badge(*, text: str | None = None, image: bytes | None = None, url: str | None = None,
                 email: str | None = None, now: datetime) -> Outcome:
    """Every check of what was given (one of text, image, url), each with its English reason."""
    email = (email or "").strip() or None
    try:
        if image is not None:
            text = _unbake(image)
        elif url is not None:
            return _verify_url(url.strip(), email, now)
        return _verify_text(text or "", email, now)
    except FetchRefused as error:
        return Outcome("", [failed("fetch", error.code)])


def _unbake(image: bytes) -> str:
    if len(image) > MAX_IMAGE:
        return ""
    try:
        kind = ob2_baking.image_type(image)
    except Exception:  # noqa: BLE001 - the bakery meets arbitrary bytes
        kind = None
    try:
        if kind == "png":
            found = baking.unbake_png(image) or ob2_baking.unbake(image)
        elif kind == "svg":
            found = baking.unbake_svg(image) or ob2_baking.unbake(image)
        else:
            found = None
    except Exception:  # noqa: BLE001 - malformed images raise all sorts (BakingError, XML, zlib)
        found = None
    return found or ""


def _verify_text(text: str, email: str | None, now: datetime) -> Outcome:
    text = text.replace("\x00", "").strip()
    if not text or len(text) > MAX_TEXT:
        return Outcome("", [failed("format", "nothing readable, or too large")])
    if text.startswith(("https://", "http://")):
        return _verify_url(text, email, now)
    document = None
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            return Outcome("", [failed("format", "not JSON")])
        if not isinstance(document, dict) or too_deep(document):
            return Outcome("", [failed("format", "not a credential")])
        if _is_ob2(document):
            return _verify_ob2(document, email, now)
        return _verify_ob3(document, document.get("id"), email, now)
    payload = _jwt_payload(text)
    if payload is not None and _is_ob2(payload):
        return Outcome("2.0", ob2.verify_signed(text, payload, email, now, fetch=_fetch))
    credential_id = (payload or {}).get("jti") or (payload or {}).get("id")
    return _verify_ob3(text, credential_id, email, now)


def _verify_ob2(document: dict, email: str | None, now: datetime) -> Outcome:
    """A hosted 2.0 assertion is checked as its issuer serves it now (the copy given may be stale or altered)."""
    hosted = document.get("id")
    verification = document.get("verification")
    kind = verification.get("type", "hosted") if isinstance(verification, dict) else "hosted"
    if str(kind).lower() in ("hosted", "hostedbadge") and isinstance(hosted, str) and hosted.startswith(("https://", "http://")):
        return _verify_url(hosted, email, now)
    return Outcome("2.0", ob2.verify_assertion(document, email, now, fetch=_fetch))


def _verify_ob3(document, credential_id, email, now) -> Outcome:
    report = verify_ob3(document, resolve_public_key=resolve_key, read_status=status_reader(credential_id),
                        now=now, email=email)
    return Outcome("3.0" if report.credential is not None else "", report.checks)


def _verify_url(url: str, email: str | None, now: datetime) -> Outcome:
    document = _fetch(url)
    if not isinstance(document, dict):
        return Outcome("", [failed("format", "not a credential")])
    if _is_ob2(document) or document.get("revoked") is True:
        return Outcome("2.0", ob2.verify_assertion(document, email, now, fetch=_fetch))
    return _verify_ob3(document, document.get("id"), email, now)
