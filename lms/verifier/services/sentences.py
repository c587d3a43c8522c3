"""What a person reads about each check, in their language: a title and one sentence chosen by
the check's name, its outcome and (for a few failures) the kind of reason; never badges' English."""

from __future__ import annotations

from badges.ob3.checks import Check
from lms.core.i18n import gettext, lazy_gettext

TITLES = {
    "format": lazy_gettext("Format"),
    "fetch": lazy_gettext("Download"),
    "issuer key": lazy_gettext("Issuer's key"),
    "proof": lazy_gettext("Signature"),
    "status": lazy_gettext("Revocation"),
    "validity": lazy_gettext("Validity dates"),
    "schema": lazy_gettext("Structure"),
    "recipient": lazy_gettext("Recipient"),
    "hosted": lazy_gettext("Hosted assertion"),
    "badge": lazy_gettext("Badge and issuer"),
}

PASSED = {
    "issuer key": lazy_gettext("The signing key belongs to the issuer."),
    "proof": lazy_gettext("The signature is valid: the badge has not been changed since it was issued."),
    "status": lazy_gettext("The badge has not been revoked."),
    "validity": lazy_gettext("The badge is within its validity dates."),
    "schema": lazy_gettext("The badge has the structure the Open Badges standard requires."),
    "recipient": lazy_gettext("The badge was awarded to this e-mail address."),
    "hosted": lazy_gettext("The issuer still hosts this badge."),
    "badge": lazy_gettext("The badge and its issuer can be read."),
}

FAILED = {
    "format": lazy_gettext("This is not a badge we can read: paste an Open Badges credential (JSON or JWT), upload a badge image, or give its address."),
    "issuer key": lazy_gettext("The signing key is unknown or does not belong to the issuer."),
    "proof": lazy_gettext("The signature does not match: the badge has been changed or was not signed by its issuer."),
    "status": lazy_gettext("The issuer's revocation list could not be read."),
    "validity": lazy_gettext("The badge has no valid dates."),
    "schema": lazy_gettext("The badge does not have the structure the Open Badges standard requires."),
    "recipient": lazy_gettext("The badge was not awarded to this e-mail address."),
    "hosted": lazy_gettext("The issuer no longer hosts this badge as a valid assertion."),
    "badge": lazy_gettext("The badge or its issuer cannot be read."),
}

REFUSED = {
    "private": lazy_gettext("This address points to a private or local network, which the verifier does not visit."),
    "scheme": lazy_gettext("Only https:// addresses can be checked."),
    "too large": lazy_gettext("The document at this address is too large."),
    "slow": lazy_gettext("The site took too long to answer."),
    "type": lazy_gettext("The address does not answer with a JSON document."),
    "not json": lazy_gettext("The address does not answer with a JSON document."),
}


def refusal(code: str) -> str:
    return str(REFUSED.get(code, lazy_gettext("The document at this address could not be downloaded.")))


def title(check: Check) -> str:
    return str(TITLES.get(check.name, check.name))


def sentence(check: Check) -> str:
    """The translated sentence for this check's outcome."""
    if check.name == "fetch":
        return refusal(check.ok and "" or check.reason)
    if check.ok:
        return str(PASSED.get(check.name, gettext("Passed")))
    if check.name == "status" and "revoked" in check.reason:
        return gettext("The issuer has revoked this badge.")
    if check.name == "validity" and check.reason.startswith("expired"):
        return gettext("The badge has expired.")
    if check.name == "validity" and check.reason.startswith("not valid before"):
        return gettext("The badge is not valid yet.")
    return str(FAILED.get(check.name, gettext("Failed")))
