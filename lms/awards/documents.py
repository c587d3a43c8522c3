"""Our rows as Open Badges 2.0 documents at stable absolute URLs (from LMS_BASE_URL).

The JSON-LD URLs end in ``.json``; the same path without it is the human page."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app

from badges import baking, signing
from badges.ob2 import (
    Alignment,
    AssertionData,
    BadgeClassData,
    Evidence,
    IssuerData,
    assertion,
    badge_class,
    cryptographic_key,
    issuer_profile,
    revocation_list,
    revoked_assertion,
)
from lms.awards.models import Assertion
from lms.core.urls import external_url
from lms.courses.services import content

if TYPE_CHECKING:
    from lms.courses.models import BadgeClass, Course

KEY_ID = "1"


def issuer() -> dict:
    config = current_app.config
    return issuer_profile(IssuerData(
        id=external_url("badges.issuer", fmt=".json"), name=config["BADGE_ISSUER_NAME"], url=config["BASE_URL"],
        email=config["BADGE_ISSUER_EMAIL"], description=config["BADGE_ISSUER_DESCRIPTION"],
        revocation_list=external_url("badges.revocations"), public_key=external_url("badges.key", key_id=KEY_ID),
    ))


def badge_class_document(badge: BadgeClass, course: Course) -> dict:
    alignments = tuple(
        Alignment(target_name=course.outcomes[n - 1],
                  target_url=external_url("catalog.course", course_slug=course.slug, _anchor=f"outcome-{n}"))
        for n in badge.alignment if 0 < n <= len(course.outcomes)
    )
    return badge_class(BadgeClassData(
        id=external_url("badges.badge_class", slug=badge.slug, fmt=".json"),
        issuer=external_url("badges.issuer", fmt=".json"), name=badge.name, description=badge.description,
        image=external_url("badges.badge_image", slug=badge.slug),
        criteria_url=external_url("badges.badge_class", slug=badge.slug, fmt="", _anchor="criteria"),
        criteria_narrative=badge.criteria, tags=tuple(badge.tags), alignments=alignments,
    ))


def assertion_document(row: Assertion, *, signed: bool = False) -> dict:
    badge = content.get_badge(row.badge_class_id)
    kind = image_kinds(badge, content.get_course(badge.course_id))[0]  # the image that exists, PNG first
    return assertion(AssertionData(
        id=external_url("badges.assertion", uid=row.uid, fmt=".json"),
        badge=external_url("badges.badge_class", slug=badge.slug, fmt=".json"),
        image=external_url("badges.baked", uid=row.uid, ext=kind), recipient_email=row.recipient_email, salt=row.salt,
        issued_on=row.issued_on,
        evidence=(Evidence(narrative=row.evidence, id=external_url("badges.assertion", uid=row.uid, fmt="")),) if row.evidence else (),
        signing_key=external_url("badges.key", key_id=KEY_ID) if signed else None,
    ))


def revoked_document(row: Assertion) -> dict:
    return revoked_assertion(external_url("badges.assertion", uid=row.uid, fmt=".json"), row.revocation_reason or "")


def revocations_document(rows: list[Assertion]) -> dict:
    return revocation_list(
        external_url("badges.revocations"), external_url("badges.issuer", fmt=".json"),
        [(external_url("badges.assertion", uid=r.uid, fmt=".json"), r.revocation_reason or "") for r in rows],
    )


def private_key_pem() -> str:
    """LMS_BADGE_SIGNING_KEY, or a key kept in instance/ (made on first use)."""
    configured = current_app.config.get("BADGE_SIGNING_KEY")
    if configured:
        return configured
    path = Path(current_app.instance_path) / "badge_signing_key.pem"
    if not path.exists():
        path.write_text(signing.new_private_key_pem())
        path.chmod(0o600)
    return path.read_text()


def key_document() -> dict:
    return cryptographic_key(external_url("badges.key", key_id=KEY_ID), external_url("badges.issuer", fmt=".json"),
                             signing.public_key_pem(private_key_pem()))


def signed_assertion(row: Assertion) -> str:
    return signing.sign(assertion_document(row, signed=True), private_key_pem())


def _artwork_path(badge: BadgeClass, course: Course) -> Path:
    return Path(current_app.config["CONTENT_DIR"]) / course.slug / badge.image_path


def image_kinds(badge: BadgeClass, course: Course) -> tuple[str, ...]:
    """The formats the badge is drawn in ("png", "svg"), PNG first: the file the course declares
    and its sibling in the other format if there is one (validation asks for one image only)."""
    path = _artwork_path(badge, course)
    declared = path.suffix.lower().lstrip(".")
    return tuple(kind for kind in ("png", "svg") if kind == declared or path.with_suffix(f".{kind}").exists())


def artwork(badge: BadgeClass, course: Course, *, kind: str | None = None) -> tuple[bytes, str]:
    """The badge's image file (PNG or SVG); ``kind`` asks for the other format beside it if it exists."""
    path = _artwork_path(badge, course)
    if kind and path.suffix.lower() != f".{kind}":
        sibling = path.with_suffix(f".{kind}")
        if sibling.exists():
            path = sibling
    try:
        data = path.read_bytes()
    except OSError as error:  # artwork removed from the content folder since the course was imported
        raise LookupError(f"the badge's artwork {path.name} is missing") from error
    return data, "image/svg+xml" if path.suffix.lower() == ".svg" else "image/png"


def baked_image(row: Assertion, badge: BadgeClass, course: Course, kind: str) -> bytes:
    """The badge image with the hosted assertion baked in, baked once and kept on disk
    (the route checks revocation before it ever gets here)."""
    image, _ = artwork(badge, course, kind=kind)
    if baking.image_type(image) != kind:
        raise LookupError(f"no {kind.upper()} artwork for this badge")
    fingerprint = hashlib.sha256(current_app.config["BASE_URL"].encode() + image).hexdigest()[:16]
    path = Path(current_app.instance_path) / "baked" / f"{row.uid}-{fingerprint}.{kind}"
    if path.exists():
        return path.read_bytes()
    data = baking.bake(image, assertion_document(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return data
