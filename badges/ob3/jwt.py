"""VC-JWT for Open Badges 3.0 (specification section 8.2): a compact JWS, alg EdDSA, whose payload is the
credential itself (its members at the top level, no ``vc`` wrapper) plus the registered claims it implies:
``iss`` = issuer id, ``jti`` = credential id, ``nbf`` = validFrom, ``exp`` = validUntil, ``sub`` = subject id.
"""

from __future__ import annotations

from datetime import datetime

import jwt as pyjwt

from badges.ob3 import keys
from badges.ob3.checks import MAX_DEPTH, Check, failed, passed, too_deep
from badges.ob3.credentials import issuer_id
from badges.ob3.proofs import KeyResolver

ALGORITHM = "EdDSA"
CHECK = "proof"
CLAIMS = ("iss", "jti", "nbf", "exp", "sub")
MAX_TOKEN = 1_000_000  # characters; a badge credential is a few kilobytes


def encode(credential: dict, seed: bytes, kid: str) -> str:
    """The credential (without any embedded proof) as a signed VC-JWT; ``kid`` names the issuer's key."""
    payload = {key: value for key, value in credential.items() if key != "proof"}
    payload.update(registered_claims(payload))
    return pyjwt.encode(payload, keys.private_key(seed), algorithm=ALGORITHM, headers={"kid": kid, "typ": "JWT"})


def registered_claims(credential: dict) -> dict:
    claims = {"iss": issuer_id(credential), "jti": credential.get("id"), "nbf": _epoch(credential.get("validFrom"))}
    if credential.get("validUntil"):
        claims["exp"] = _epoch(credential["validUntil"])
    subject = credential.get("credentialSubject")
    if isinstance(subject, dict) and isinstance(subject.get("id"), str):
        claims["sub"] = subject["id"]
    return {key: value for key, value in claims.items() if value is not None}


def decode(token: str, resolve_public_key: KeyResolver) -> tuple[dict | None, Check]:
    """(the credential, the check of its signature); the credential is None when the token cannot be read.

    Dates are not judged here (``verify`` checks validFrom/validUntil against its ``now``), but the registered
    claims must agree with the credential they sign.
    """
    if not isinstance(token, str) or len(token) > MAX_TOKEN or token.count(".") != 2:
        return None, failed(CHECK, "not a compact JWS (three base64url parts)")
    try:
        header = pyjwt.get_unverified_header(token)
    except (pyjwt.PyJWTError, RecursionError) as error:
        return None, failed(CHECK, f"the JWT header cannot be read: {str(error)[:200]}")
    if header.get("alg") != ALGORITHM:
        return None, failed(CHECK, f"the JWT's alg is {header.get('alg')!r}, not {ALGORITHM}")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        return None, failed(CHECK, "the JWT header names no key (kid)")
    public = resolve_public_key(kid)
    if public is None:
        return None, failed(CHECK, f"the issuer key {kid!r} is not known")
    try:
        payload = pyjwt.decode(token, keys.verifier(keys.raw_public_key(public)), algorithms=[ALGORITHM],
                               options={"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                                        "verify_aud": False, "verify_iss": False, "verify_sub": False,
                                        "verify_jti": False})
    except pyjwt.InvalidSignatureError:
        return None, failed(CHECK, "the signature does not match: the credential was changed or signed with another key")
    except (pyjwt.PyJWTError, keys.InvalidKey, RecursionError) as error:
        return None, failed(CHECK, f"the JWT cannot be verified: {str(error)[:200]}")
    if too_deep(payload):
        return None, failed(CHECK, f"the JWT payload nests deeper than {MAX_DEPTH} levels")
    return _credential_and_check(payload, kid)


def _credential_and_check(payload: dict, kid: str) -> tuple[dict | None, Check]:
    credential = {key: value for key, value in payload.items() if key not in CLAIMS}
    expected = registered_claims(credential)
    for claim in CLAIMS:
        if claim in payload and payload[claim] != expected.get(claim):
            return credential, failed(CHECK, f"the JWT claim {claim!r} does not agree with the credential")
    for claim in ("iss", "nbf"):
        if claim not in payload:
            return credential, failed(CHECK, f"the JWT has no {claim!r} claim")
    return credential, passed(CHECK, f"VC-JWT ({ALGORITHM}) signed by {kid}")


def key_id(token: str) -> str | None:
    """The ``kid`` of a token's header (unverified), or None."""
    try:
        kid = pyjwt.get_unverified_header(token).get("kid")
    except (pyjwt.PyJWTError, RecursionError):
        return None
    return kid if isinstance(kid, str) else None


def _epoch(value) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return None
