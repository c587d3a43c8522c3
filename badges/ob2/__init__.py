"""Open Badges 2.0 (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html)."""

from badges.ob2.documents import (
    CONTEXT,
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

__all__ = [
    "CONTEXT", "Alignment", "AssertionData", "BadgeClassData", "Evidence", "IssuerData", "assertion", "badge_class",
    "cryptographic_key", "issuer_profile", "revocation_list", "revoked_assertion",
]
