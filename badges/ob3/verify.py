"""Verify an Open Badges 3.0 credential (embedded eddsa-rdfc-2022 proof, or a VC-JWT), without the network.

Every check is reported, each with a reason: proof, issuer key, status, validity, schema, and recipient (when an
e-mail address is given). The caller passes what needs the outside world: ``resolve_public_key(key_id)`` (raw
Ed25519 key or None) and ``read_status(credentialStatus)`` (True revoked, False not revoked, None unknown).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from badges.identity import verify_hashed_email
from badges.ob3 import credentials, jwt, proofs, schema
from badges.ob3.checks import MAX_DEPTH, Check, failed, passed, too_deep

MAX_DOCUMENT = 1_000_000  # characters
StatusReader = Callable[[dict], bool | None]


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)
    credential: dict | None = None  # the credential read (the JWT's payload without its registered claims)
    format: str = ""  # "embedded" (Data Integrity proof) or "jwt"
    key_id: str | None = None  # the proof's verificationMethod or the JWT's kid

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    def failures(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]


def verify(document: dict | str, *, resolve_public_key: proofs.KeyResolver, read_status: StatusReader,
           now: datetime, email: str | None = None) -> Report:
    """Every check of ``document`` (a credential dict, its JSON text, or a VC-JWT) at ``now`` (aware UTC)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    report = _read(document, resolve_public_key)
    credential = report.credential
    if credential is None:
        return report
    report.checks.insert(0, _guarded("issuer key", issuer_key, credential, report, resolve_public_key))
    report.checks.append(_guarded("status", status, credential, read_status))
    report.checks.append(_guarded("validity", validity, credential, now))
    report.checks.append(_guarded("schema", schema_check, credential))
    if email is not None:
        report.checks.append(_guarded("recipient", recipient, credential, email))
    return report


def _read(document, resolve_public_key) -> Report:
    """The credential and the proof check, whichever form the document takes."""
    if isinstance(document, str):
        text = document.strip()
        if len(text) > MAX_DOCUMENT:
            return Report([failed("format", f"the document is larger than {MAX_DOCUMENT // 1000} kB")])
        if not text.startswith("{"):
            credential, check = jwt.decode(text, resolve_public_key)
            return Report([check], credential, "jwt", jwt.key_id(text) if credential is not None else None)
        try:
            document = json.loads(text)
        except (ValueError, RecursionError) as error:
            return Report([failed("format", f"the document is not JSON: {str(error)[:200]}")])
    if not isinstance(document, dict):
        return Report([failed("format", "the document is neither a credential (JSON object) nor a VC-JWT")])
    if too_deep(document):
        return Report([failed("format", f"the document nests deeper than {MAX_DEPTH} levels")])
    try:
        key_id = proofs.select_proof(document)["verificationMethod"]
    except proofs.ProofError:
        key_id = None
    return Report([proofs.check_proof(document, resolve_public_key)], document, "embedded", key_id)


def _guarded(name: str, check: Callable[..., Check], *args) -> Check:
    """A check that meets an odd document fails with a reason instead of raising."""
    try:
        return check(*args)
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        return failed(name, f"could not be checked: {error}")


def issuer_key(credential: dict, report: Report, resolve_public_key: proofs.KeyResolver) -> Check:
    """The signing key resolves and belongs to the issuer: the resolved Multikey document's ``controller`` is the
    issuer; or, for a bare key, its id is the issuer's id plus a fragment or an https URL of the issuer's origin."""
    key_id, issuer_id = report.key_id, credentials.issuer_id(credential)
    if not issuer_id:
        return failed("issuer key", "the credential names no issuer id")
    if not key_id:
        return failed("issuer key", "no proof names a key")
    resolved = resolve_public_key(key_id)
    if resolved is None:
        return failed("issuer key", f"the issuer key {key_id!r} is not known")
    controller = resolved.get("controller") if isinstance(resolved, dict) else None
    if controller is not None:
        if controller != issuer_id:
            return failed("issuer key", f"the key {key_id!r} is controlled by {controller!r}, not the issuer")
        return passed("issuer key", f"{key_id}, controlled by {issuer_id}")
    if key_id.split("#", 1)[0] == issuer_id or _same_https_origin(key_id, issuer_id):
        return passed("issuer key", f"{key_id} of {issuer_id}")
    return failed("issuer key", f"the key {key_id!r} is not one of the issuer {issuer_id!r}")


def _same_https_origin(first: str, second: str) -> bool:
    a, b = urlsplit(first), urlsplit(second)
    return a.scheme == b.scheme == "https" and bool(a.netloc) and (a.netloc.lower(), a.port) == (b.netloc.lower(), b.port)


def status(credential: dict, read_status: StatusReader) -> Check:
    entry = credential.get("credentialStatus")
    if entry is None:
        return passed("status", "the credential has no credentialStatus (it cannot be revoked)")
    if not isinstance(entry, dict):
        return failed("status", "credentialStatus is not an object")
    revoked = read_status(entry)
    if revoked is None:
        return failed("status", f"the status at {entry.get('id')!r} could not be read")
    if revoked:
        return failed("status", "the credential has been revoked")
    return passed("status", "not revoked")


def validity(credential: dict, now: datetime) -> Check:
    valid_from = _datetime(credential.get("validFrom"), "validFrom")
    if valid_from is None:
        return failed("validity", "the credential has no validFrom")
    if now < valid_from:
        return failed("validity", f"not valid before {credential['validFrom']}")
    valid_until = _datetime(credential.get("validUntil"), "validUntil")
    if valid_until is not None and now >= valid_until:
        return failed("validity", f"expired at {credential['validUntil']}")
    return passed("validity", f"valid from {credential['validFrom']}"
                  + (f" until {credential['validUntil']}" if valid_until else ""))


def _datetime(value, name: str) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{name} has no time zone")
    return moment


def schema_check(credential: dict) -> Check:
    found = schema.problems(credential)
    if found:
        more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
        return failed("schema", "; ".join(found[:3]) + more)
    return passed("schema", "conforms to the Open Badges 3.0 AchievementCredential schema")


def recipient(credential: dict, email: str) -> Check:
    """The e-mail address is the one the credential was awarded to (a hashed or plain IdentityObject)."""
    subject = credential.get("credentialSubject")
    identities = subject.get("identifier") if isinstance(subject, dict) else None
    for identity in identities if isinstance(identities, list) else []:
        if not isinstance(identity, dict) or identity.get("identityType") != "emailAddress":
            continue
        value = str(identity.get("identityHash", ""))
        if identity.get("hashed"):
            if value.startswith("sha256$") and verify_hashed_email(value, email, str(identity.get("salt") or "")):
                return passed("recipient", "the e-mail address matches the hashed recipient")
        elif value.strip().lower() == email.strip().lower():
            return passed("recipient", "the e-mail address matches the recipient")
    return failed("recipient", "the e-mail address is not the recipient's")
