"""Build Open Badges 2.0 JSON-LD documents from plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from badges.identity import hash_email

CONTEXT = "https://w3id.org/openbadges/v2"


@dataclass(frozen=True)
class IssuerData:
    id: str
    name: str
    url: str
    email: str
    description: str = ""
    image: str | None = None
    revocation_list: str | None = None
    public_key: str | None = None  # the CryptographicKey URL, for signed assertions


@dataclass(frozen=True)
class Alignment:
    target_name: str
    target_url: str
    target_description: str = ""
    target_framework: str = ""


@dataclass(frozen=True)
class BadgeClassData:
    id: str
    issuer: str
    name: str
    description: str
    image: str
    criteria_url: str
    criteria_narrative: str
    tags: tuple[str, ...] = ()
    alignments: tuple[Alignment, ...] = ()


@dataclass(frozen=True)
class Evidence:
    narrative: str
    id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class AssertionData:
    id: str
    badge: str
    image: str
    recipient_email: str
    salt: str
    issued_on: datetime  # aware
    evidence: tuple[Evidence, ...] = ()
    narrative: str | None = None
    signing_key: str | None = None  # a CryptographicKey URL: the SignedBadge variant
    expires: datetime | None = None
    extra: dict = field(default_factory=dict)
    recipient_url: str | None = None  # an organisation's web address: a plain ``url`` identity instead of the e-mail


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("Open Badges dates need a time zone")
    return value.isoformat()


def issuer_profile(data: IssuerData) -> dict:
    document = {
        "@context": CONTEXT, "type": "Issuer", "id": data.id, "name": data.name, "url": data.url, "email": data.email,
    }
    if data.description:
        document["description"] = data.description
    if data.image:
        document["image"] = data.image
    if data.revocation_list:
        document["revocationList"] = data.revocation_list
    if data.public_key:
        document["publicKey"] = data.public_key
    return document


def badge_class(data: BadgeClassData) -> dict:
    document = {
        "@context": CONTEXT, "type": "BadgeClass", "id": data.id, "name": data.name, "description": data.description,
        "image": data.image, "criteria": {"id": data.criteria_url, "narrative": data.criteria_narrative},
        "issuer": data.issuer, "tags": list(data.tags),
    }
    if data.alignments:
        document["alignment"] = [
            {key: value for key, value in {
                "targetName": a.target_name, "targetUrl": a.target_url, "targetDescription": a.target_description,
                "targetFramework": a.target_framework}.items() if value}
            for a in data.alignments
        ]
    return document


def assertion(data: AssertionData) -> dict:
    """An Assertion with a hashed, salted e-mail identity (or an organisation's web address, not hashed:
    it is public); hosted unless a signing key is named."""
    if data.recipient_url:
        recipient = {"type": "url", "hashed": False, "identity": data.recipient_url}
    else:
        identity, _ = hash_email(data.recipient_email, data.salt)
        recipient = {"type": "email", "hashed": True, "salt": data.salt, "identity": identity}
    document = {
        "@context": CONTEXT, "type": "Assertion", "id": data.id, "recipient": recipient,
        "badge": data.badge, "image": data.image, "issuedOn": _iso(data.issued_on),
        "verification": {"type": "SignedBadge", "creator": data.signing_key} if data.signing_key else {"type": "HostedBadge"},
    }
    if data.evidence:
        document["evidence"] = [
            {key: value for key, value in {"id": e.id, "narrative": e.narrative, "name": e.name}.items() if value}
            for e in data.evidence
        ]
    if data.narrative:
        document["narrative"] = data.narrative
    if data.expires:
        document["expires"] = _iso(data.expires)
    document.update(data.extra)
    return document


def revoked_assertion(assertion_id: str, reason: str) -> dict:
    """What a hosted assertion URL answers (with HTTP 410) once revoked."""
    return {"@context": CONTEXT, "type": "Assertion", "id": assertion_id, "revoked": True, "revocationReason": reason}


def revocation_list(list_id: str, issuer_id: str, revoked: list[tuple[str, str]]) -> dict:
    """``revoked``: (assertion id, reason) pairs."""
    return {
        "@context": CONTEXT, "type": "RevocationList", "id": list_id, "issuer": issuer_id,
        "revokedAssertions": [{"id": uid, "revocationReason": reason} for uid, reason in revoked],
    }


def cryptographic_key(key_id: str, owner: str, public_key_pem: str) -> dict:
    return {"@context": CONTEXT, "type": "CryptographicKey", "id": key_id, "owner": owner, "publicKeyPem": public_key_pem}
