"""Open Badges, without Flask: plain data in, dicts and bytes out.

- ``badges.ob2``: Open Badges 2.0 documents (Issuer, BadgeClass, Assertion,
  RevocationList, CryptographicKey). A later ``badges.ob3`` (Verifiable
  Credentials) can sit beside it and reuse what follows.
- ``badges.identity``: recipient hashing (``sha256$`` + salt).
- ``badges.baking``: put an assertion into a PNG or SVG and read it back.
- ``badges.signing``: RS256 JWS for signed assertions, and RSA keys.
"""

from badges.identity import hash_email, verify_hashed_email

__all__ = ["hash_email", "verify_hashed_email"]
