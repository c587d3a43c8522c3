"""An unsigned OpenBadgeCredential (Open Badges 3.0, VC Data Model 2.0) from plain facts.

Signing is separate: ``badges.ob3.proofs.add_proof`` (embedded proof) or ``badges.ob3.jwt.encode`` (VC-JWT).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from badges.ob3.data import SCHEMA_URL

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# Defines 1EdTechJsonSchemaValidator2019 and 1EdTechRevocationList (as the specification's examples use it).
EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
SCHEMA_TYPE = "1EdTechJsonSchemaValidator2019"


@dataclass
class CredentialFacts:
    credential_id: str  # a URL (or urn:uuid:...) naming this credential
    issuer: dict  # Profile: id, type ["Profile"], name, url, email?, image?
    valid_from: datetime | str
    valid_until: datetime | str | None
    name: str
    description: str
    image_url: str | None
    achievement: dict  # hosted Achievement: id, type, achievementType, name, description, criteria, image?, alignment
    recipient_identity: str  # "sha256$" + hex of e-mail + salt (badges.identity.hash_email)
    salt: str
    evidence: list[dict] = field(default_factory=list)
    status: dict | None = None  # credentialStatus, e.g. {"id": ..., "type": "1EdTechRevocationList"}
    schema_url: str = SCHEMA_URL
    # An organisation as the subject, instead of a hashed e-mail: its Profile (id = its web address).
    profile: dict | None = None


def build_credential(facts: CredentialFacts) -> dict:
    """The unsigned credential: contexts VC 2.0, OB 3.0.3, then OB extensions (for credentialSchema's and
    credentialStatus's types); the subject is identified by a hashed e-mail."""
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT, EXTENSIONS_CONTEXT],
        "id": facts.credential_id,
        "type": list(CREDENTIAL_TYPES),
        "name": facts.name,
        "description": facts.description,
        "issuer": _issuer(facts.issuer),
        "validFrom": timestamp(facts.valid_from),
        "credentialSubject": _subject(facts),
        "credentialSchema": [{"id": facts.schema_url, "type": SCHEMA_TYPE}],
    }
    if facts.image_url:
        credential["image"] = {"id": facts.image_url, "type": "Image"}
    if facts.valid_until is not None:
        credential["validUntil"] = timestamp(facts.valid_until)
    if facts.evidence:
        credential["evidence"] = [_with_type(item, ["Evidence"]) for item in facts.evidence]
    if facts.status:
        credential["credentialStatus"] = dict(facts.status)
    return credential


def issuer_id(credential: dict) -> str | None:
    """The issuer's id, whether ``issuer`` is a Profile object or a bare IRI."""
    issuer = credential.get("issuer")
    found = issuer.get("id") if isinstance(issuer, dict) else issuer
    return found if isinstance(found, str) else None


def _subject(facts: CredentialFacts) -> dict:
    if facts.profile is not None:
        return organisation_subject(facts.profile, facts.achievement)
    return {
        "type": ["AchievementSubject"],
        "identifier": [{"type": "IdentityObject", "identityHash": facts.recipient_identity,
                        "identityType": "emailAddress", "hashed": True, "salt": facts.salt}],
        "achievement": _achievement(facts.achievement),
    }


def organisation_subject(profile: dict, achievement: dict) -> dict:
    """An organisation as an AchievementSubject that is also its Profile: ``id`` its web address, with its
    ``name`` and ``url`` (the Profile's terms), and the same address as a plain identifier."""
    subject = {"id": profile["id"], "type": ["AchievementSubject", "Profile"], "name": profile["name"],
               "url": profile.get("url") or profile["id"],
               "identifier": [{"type": "IdentityObject", "identityHash": profile["id"], "identityType": "identifier",
                               "hashed": False}],
               "achievement": _achievement(achievement)}
    return subject


def _issuer(issuer: dict) -> dict:
    profile = _with_type(issuer, ["Profile"])
    if isinstance(profile.get("image"), str):
        profile["image"] = {"id": profile["image"], "type": "Image"}
    return {key: value for key, value in profile.items() if value is not None}


def _achievement(achievement: dict) -> dict:
    result = _with_type(achievement, ["Achievement"])
    if isinstance(result.get("image"), str):
        result["image"] = {"id": result["image"], "type": "Image"}
    if result.get("alignment"):
        result["alignment"] = [_with_type(item, ["Alignment"]) for item in result["alignment"]]
    else:
        result.pop("alignment", None)
    return {key: value for key, value in result.items() if value is not None}


def _with_type(item: dict, default) -> dict:
    copied = dict(item)
    copied.setdefault("type", default)
    return copied


def timestamp(moment: datetime | str) -> str:
    """An XML Schema dateTime in UTC, to the second ("2024-01-01T00:00:00Z"); strings pass as they are."""
    if isinstance(moment, str):
        return moment
    if moment.tzinfo is None:
        raise ValueError("credential dates must be timezone-aware (UTC)")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
