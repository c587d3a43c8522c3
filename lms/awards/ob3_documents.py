"""Open Badges 3.0 documents the issuer hosts at stable absolute URLs: its Profile, each key as a
Multikey document and as a JWK, the JWKS of all keys, each badge's Achievement, and the
revocation list the credentials' ``credentialStatus`` points at.

Revocation uses the 1EdTech Revocation List Status Method (type ``1EdTechRevocationList``): the
status method the Open Badges 3.0 specification names and 1EdTech's validator checks. The list is
the issuer's revoked credentials by id with the reason: it is read from the 2.0 assertions'
``revoked_at``, so revoking the 2.0 assertion revokes its 3.0 credential in the same moment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import Row

from badges.ob3 import keys
from lms.awards import issuer_keys, queries
from lms.core.i18n import gettext, in_language
from lms.core.urls import external_url

if TYPE_CHECKING:
    from lms.awards.models import IssuerKey

MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
STATUS_TYPE = "1EdTechRevocationList"


def issuer_id() -> str:
    return external_url("badges.issuer_v3")


def issuer_profile() -> dict:
    """The issuer as an Open Badges 3.0 Profile (what each credential's ``issuer`` says too)."""
    config = current_app.config
    profile = {"id": issuer_id(), "type": ["Profile"], "name": config["BADGE_ISSUER_NAME"], "url": config["BASE_URL"],
               "email": config["BADGE_ISSUER_EMAIL"]}
    if config.get("BADGE_ISSUER_DESCRIPTION"):
        profile["description"] = config["BADGE_ISSUER_DESCRIPTION"]
    return profile


def issuer_document() -> dict:
    return {"@context": ["https://www.w3.org/ns/credentials/v2", OB3_CONTEXT], **issuer_profile()}


def key_url(kid: str) -> str:
    """The key's Multikey document: the ``verificationMethod`` of proofs and the ``kid`` of JWTs."""
    return external_url("badges.key_v3", kid=kid, kind="json")


def multikey_document(key: IssuerKey) -> dict:
    return {"@context": MULTIKEY_CONTEXT, "id": key_url(key.kid), "type": "Multikey", "controller": issuer_id(),
            "publicKeyMultibase": keys.multikey(bytes.fromhex(key.public_key))}


def jwk_document(key: IssuerKey) -> dict:
    return keys.jwk(bytes.fromhex(key.public_key), kid=key_url(key.kid))


def jwks_document() -> dict:
    return {"keys": [jwk_document(key) for key in issuer_keys.published_keys()]}


def _published(verification_method: str) -> IssuerKey | None:
    prefix = key_url("KID").removesuffix("KID.json")
    if not verification_method.startswith(prefix) or not verification_method.endswith(".json"):
        return None
    return issuer_keys.published_key(verification_method[len(prefix):-len(".json")])


def public_key_for(verification_method: str) -> bytes | None:
    """A published key's raw public bytes from its URL (the resolver a verifier of ours needs)."""
    key = _published(verification_method)
    return bytes.fromhex(key.public_key) if key else None


def key_document_for(verification_method: str) -> dict | None:
    """A published key's Multikey document (its ``controller`` is the issuer), read here rather than fetched."""
    key = _published(verification_method)
    return multikey_document(key) if key else None


# --- achievements -------------------------------------------------------------------------------


def achievement_url(slug: str) -> str:
    return external_url("badges.achievement", slug=slug)


def achievement(badge: Row) -> dict:
    """The hosted Achievement of a badge class (queries.public_badge_class's row): its criteria,
    and its alignment to the course's outcomes when the course files state them."""
    document = {
        "id": achievement_url(badge.slug), "type": ["Achievement"], "achievementType": "Badge",
        "name": badge.name, "description": badge.description,
        "criteria": {"id": external_url("badges.badge_class", slug=badge.slug, fmt="", _anchor="criteria"),
                     "narrative": badge.criteria},
        "image": {"id": external_url("badges.badge_image", slug=badge.slug), "type": "Image"},
        "creator": issuer_profile(), "inLanguage": badge.course_language,
    }
    alignment = _alignment(badge, badge.alignment)
    if alignment:
        document["alignment"] = alignment
    if badge.tags:
        document["tag"] = list(badge.tags)
    return document


def _alignment(course: Row, numbers) -> list[dict]:
    """The course outcomes numbered (from 1) in ``numbers``, as Open Badges alignments."""
    outcomes = course.course_outcomes or []
    return [{"type": ["Alignment"], "targetName": outcomes[n - 1], "targetType": "ext:LearningOutcome",
             "targetUrl": external_url("catalog.course", course_slug=course.course_slug, _anchor=f"outcome-{n}")}
            for n in numbers if 0 < n <= len(outcomes)]


def certificate_achievement_url(course_slug: str) -> str:
    return external_url("badges.certificate_achievement", course_slug=course_slug)


def certificate_achievement(course: Row) -> dict:
    """The hosted Achievement of a course's certificate (achievementType Certificate), in the course's
    language, aligned to all of the course's outcomes (queries.certified_course's row)."""
    with in_language(course.course_language):
        name = gettext("Certificate: %(course)s", course=course.course_title)
        narrative = gettext("Awarded for completing the course %(course)s as its completion rule requires.",
                            course=course.course_title)
    document = {
        "id": certificate_achievement_url(course.course_slug), "type": ["Achievement"], "achievementType": "Certificate",
        "name": name, "description": course.course_summary or name,
        "criteria": {"id": external_url("catalog.course", course_slug=course.course_slug), "narrative": narrative},
        "creator": issuer_profile(), "inLanguage": course.course_language,
    }
    alignment = _alignment(course, range(1, len(course.course_outcomes or []) + 1))
    if alignment:
        document["alignment"] = alignment
    return document


def standalone_achievement_url(slug: str) -> str:
    return external_url("badges.standalone_achievement", slug=slug)


def standalone_achievement(badge) -> dict:
    """The hosted Achievement of a standalone badge (a StandaloneBadgeClass: a programme's, an award level's)."""
    document = {
        "id": standalone_achievement_url(badge.slug), "type": ["Achievement"], "achievementType": "Badge",
        "name": badge.name, "description": badge.description,
        "criteria": {"id": external_url("badges.standalone_class", slug=badge.slug, fmt="", _anchor="criteria"),
                     "narrative": badge.criteria or badge.description},
        "image": {"id": external_url("badges.standalone_image", slug=badge.slug), "type": "Image"},
        "creator": issuer_profile(),
    }
    if badge.tags:
        document["tag"] = list(badge.tags)
    return document


def achievement_document(achievement_: dict) -> dict:
    return {"@context": ["https://www.w3.org/ns/credentials/v2", OB3_CONTEXT], **achievement_}


# --- revocation -----------------------------------------------------------------------------------


def status_url() -> str:
    return external_url("badges.credential_status")


def credential_status() -> dict:
    return {"id": status_url(), "type": STATUS_TYPE}


def revocation_list() -> dict:
    """Every revoked credential by id, with the reason published with its revocation."""
    return {"id": status_url(), "issuer": issuer_id(), "revokedCredentials": [
        {"id": credential_id, "revoked": True, "revocationReason": reason or ""}
        for credential_id, reason in queries.revoked_credentials()]}


def is_revoked(credential_id: str) -> bool | None:
    """Whether one of our credentials is on the revocation list; None if it is not one of ours."""
    return queries.credential_revoked(credential_id)
