"""Ed25519 keys for Open Badges 3.0: a private key is its 32-byte seed; public keys as Multikey or JWK."""

from __future__ import annotations

import base64

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519_MULTICODEC = b"\xed\x01"  # multicodec "ed25519-pub" as an unsigned varint
_RAW = serialization.Encoding.Raw


class InvalidKey(ValueError):
    """A key that is not a well-formed Ed25519 key."""


def new_private_key() -> bytes:
    """A fresh 32-byte Ed25519 seed (keep it secret)."""
    return Ed25519PrivateKey.generate().private_bytes(_RAW, serialization.PrivateFormat.Raw,
                                                      serialization.NoEncryption())


def private_key(seed: bytes) -> Ed25519PrivateKey:
    if not isinstance(seed, bytes | bytearray) or len(seed) != 32:
        raise InvalidKey("an Ed25519 private key is a 32-byte seed")
    return Ed25519PrivateKey.from_private_bytes(bytes(seed))


def public_key(seed: bytes) -> bytes:
    """The 32-byte raw public key of a seed."""
    return private_key(seed).public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def verifier(public: bytes) -> Ed25519PublicKey:
    if not isinstance(public, bytes | bytearray) or len(public) != 32:
        raise InvalidKey("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(bytes(public))


def multikey(public: bytes) -> str:
    """The Multikey ``publicKeyMultibase`` of a public key: "z" + base58btc(0xed01 + key), "z6Mk..."."""
    verifier(public)
    return "z" + base58.b58encode(ED25519_MULTICODEC + bytes(public)).decode("ascii")


def from_multikey(value: str) -> bytes:
    """The raw public key of a "z6Mk..." Multikey value; ``InvalidKey`` if it is not an Ed25519 Multikey."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise InvalidKey("a Multikey value is base58btc multibase (starts with 'z')")
    try:
        raw = base58.b58decode(value[1:])
    except ValueError as error:
        raise InvalidKey("a Multikey value is not valid base58btc") from error
    if len(raw) != 34 or raw[:2] != ED25519_MULTICODEC:
        raise InvalidKey("not an Ed25519 Multikey (0xed01 + 32 bytes)")
    return raw[2:]


def jwk(public: bytes, kid: str | None = None) -> dict:
    """The public key as a JWK (RFC 8037: kty OKP, crv Ed25519)."""
    verifier(public)
    key = {"kty": "OKP", "crv": "Ed25519", "x": _b64url(bytes(public))}
    if kid is not None:
        key["kid"] = kid
    return key


def from_jwk(key: dict) -> bytes:
    if not isinstance(key, dict) or key.get("kty") != "OKP" or key.get("crv") != "Ed25519" or "d" in key:
        raise InvalidKey("not a public Ed25519 JWK (kty OKP, crv Ed25519, no 'd')")
    try:
        raw = base64.urlsafe_b64decode(str(key.get("x", "")) + "==")
    except ValueError as error:
        raise InvalidKey("the JWK's x is not base64url") from error
    verifier(raw)
    return raw


def raw_public_key(resolved) -> bytes:
    """The raw key from what a resolver returned: 32 bytes, a Multikey document or value, or a public JWK."""
    if isinstance(resolved, bytes | bytearray):
        return bytes(verifier(resolved).public_bytes(_RAW, serialization.PublicFormat.Raw))
    if isinstance(resolved, str):
        return from_multikey(resolved)
    if isinstance(resolved, dict) and "publicKeyMultibase" in resolved:
        return from_multikey(resolved["publicKeyMultibase"])
    if isinstance(resolved, dict) and "kty" in resolved:
        return from_jwk(resolved)
    raise InvalidKey("the resolved key is neither 32 bytes, a Multikey nor a JWK")


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def verification_method(public: bytes, controller: str, key_id: str | None = None) -> dict:
    """The Multikey verification method an issuer publishes (e.g. in its profile's ``assertionMethod``)."""
    value = multikey(public)
    return {"@context": "https://w3id.org/security/multikey/v1", "id": key_id or f"{controller}#{value}",
            "type": "Multikey", "controller": controller, "publicKeyMultibase": value}
