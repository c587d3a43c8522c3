"""Open Badges 2.0, modestly: a hosted assertion is what its issuer serves at its ``id`` now (fetched,
or read here when it is ours); the checks are that it is an Assertion naming a BadgeClass whose
issuer is a Profile, that it is not revoked (the hosted document, and the issuer's revocation list
when it has one), its expiry, and the recipient's hashed e-mail when one is given. A signed
assertion (JWS, RS256) is checked against the key its ``verification.creator`` names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from badges import signing
from badges.identity import verify_hashed_email
from badges.ob3.checks import Check, failed, passed
from lms.core.outbound import FetchRefused

Fetch = Callable[[str], object]


def _linked(value, fetch: Fetch) -> dict | None:
    """An embedded object, or the one its URL names."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.startswith(("https://", "http://")):
        try:
            document = fetch(value)
        except FetchRefused:
            return None
        return document if isinstance(document, dict) else None
    return None


def verify_assertion(document: dict, email: str | None, now: datetime, *, fetch: Fetch) -> list[Check]:
    if document.get("revoked") is True:
        return [failed("hosted", "found"), failed("status", "the credential has been revoked")]
    if document.get("type") != "Assertion" or not isinstance(document.get("recipient"), dict):
        return [failed("hosted", "not an Assertion")]
    checks = [passed("hosted", "an Assertion")]
    badge = _linked(document.get("badge"), fetch)
    issuer = _linked(badge.get("issuer"), fetch) if badge else None
    if badge is None or badge.get("type") != "BadgeClass":
        checks.append(failed("badge", "the BadgeClass cannot be read"))
    elif issuer is None or issuer.get("type") not in ("Issuer", "Profile"):
        checks.append(failed("badge", "the issuer's Profile cannot be read"))
    else:
        checks.append(passed("badge", f"{badge.get('name')} by {issuer.get('name')}"))
    checks.append(_revocation(document, issuer, fetch))
    checks.append(_expiry(document, now))
    if email is not None:
        checks.append(_recipient(document["recipient"], email))
    return checks


def _revocation(document: dict, issuer: dict | None, fetch: Fetch) -> Check:
    listing = _linked(issuer.get("revocationList"), fetch) if issuer else None
    if issuer and issuer.get("revocationList") and listing is None:
        return failed("status", "the revocation list could not be read")
    revoked = listing.get("revokedAssertions") if isinstance(listing, dict) else None
    for item in revoked if isinstance(revoked, list) else []:
        if item == document.get("id") or (isinstance(item, dict) and item.get("id") == document.get("id")):
            return failed("status", "the credential has been revoked")
    return passed("status", "not revoked")


def _expiry(document: dict, now: datetime) -> Check:
    expires = document.get("expires")
    if not expires:
        return passed("validity", "does not expire")
    try:
        moment = datetime.fromisoformat(str(expires))
    except ValueError:
        return failed("validity", "could not be checked: expires is not a date")
    if moment.tzinfo is None or now >= moment:
        return failed("validity", f"expired at {expires}")
    return passed("validity", f"valid until {expires}")


def _recipient(recipient: dict, email: str) -> Check:
    identity, salt = str(recipient.get("identity", "")), str(recipient.get("salt") or "")
    if recipient.get("type", "email") != "email":
        return failed("recipient", "the e-mail address is not the recipient's")
    if recipient.get("hashed"):
        matches = identity.startswith("sha256$") and verify_hashed_email(identity, email, salt)
    else:
        matches = identity.strip().lower() == email.strip().lower()
    return passed("recipient", "matches") if matches else failed("recipient", "the e-mail address is not the recipient's")


def verify_signed(token: str, payload: dict, email: str | None, now: datetime, *, fetch: Fetch) -> list[Check]:
    """A signed assertion: the signature against its creator key, then the same checks as a hosted one."""
    creator = (payload.get("verification") or {}).get("creator") if isinstance(payload.get("verification"), dict) else None
    key = _linked(creator, fetch) if isinstance(creator, str) else None
    pem = key.get("publicKeyPem") if isinstance(key, dict) else None
    if not isinstance(pem, str) or signing.verify(token, pem) is None:
        return [failed("proof", "the signature does not verify with the issuer's key")]
    return [passed("proof", "signed by the issuer's key")] + verify_assertion(payload, email, now, fetch=fetch)

