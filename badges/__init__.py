"""Open Badges, without Flask: plain data in, dicts and bytes out.

- ``badges.ob2``: Open Badges 2.0 documents (Issuer, BadgeClass, Assertion,
  RevocationList, CryptographicKey).
- ``badges.ob3``: Open Badges 3.0 Verifiable Credentials (eddsa-rdfc-2022 proofs,
  VC-JWT, baking, verification), offline with pinned contexts; see its docstring.
- ``badges.identity``: recipient hashing (``sha256$`` + salt).
- ``badges.baking``: put an assertion into a PNG or SVG and read it back.
- ``badges.signing``: RS256 JWS for signed assertions, and RSA keys.
"""

from badges.identity import hash_email, verify_hashed_email

__all__ = ["hash_email", "verify_hashed_email"]
