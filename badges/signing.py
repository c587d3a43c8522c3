"""RS256 JSON Web Signatures for signed Open Badges assertions."""

from __future__ import annotations

import base64
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_private_key_pem(bits: int = 2048) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def public_key_pem(private_pem: str) -> str:
    key = serialization.load_pem_private_key(private_pem.encode("ascii"), password=None)
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def sign(payload: dict, private_pem: str) -> str:
    """Compact JWS (header.payload.signature) of ``payload`` with RS256."""
    key = serialization.load_pem_private_key(private_pem.encode("ascii"), password=None)
    header = _b64(json.dumps({"alg": "RS256"}, separators=(",", ":")).encode())
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    signature = key.sign(f"{header}.{body}".encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return f"{header}.{body}.{_b64(signature)}"


def verify(token: str, public_pem: str) -> dict | None:
    """The payload if the signature holds, else None."""
    try:
        header, body, signature = token.split(".")
        if json.loads(_unb64(header)).get("alg") != "RS256":
            return None
        key = serialization.load_pem_public_key(public_pem.encode("ascii"))
        key.verify(_unb64(signature), f"{header}.{body}".encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
        return json.loads(_unb64(body))
    except (ValueError, InvalidSignature):
        return None
