"""Open Badges 3.0 (Verifiable Credentials 2.0), without Flask or network access.

- ``badges.ob3.data``: pinned JSON-LD contexts, the official JSON schema and 1EdTech's test vector (SOURCES).
- ``badges.ob3.loader``: a PyLD document loader that serves only those pinned contexts.
- ``badges.ob3.keys``: Ed25519 keys as seeds, Multikey and JWK.
- ``badges.ob3.credentials``: an unsigned OpenBadgeCredential from plain facts.
- ``badges.ob3.proofs``: eddsa-rdfc-2022 Data Integrity proofs.
- ``badges.ob3.jwt``: VC-JWT (compact JWS, EdDSA).
- ``badges.ob3.schema``: problems against the official schema.
- ``badges.ob3.baking``: a credential inside a PNG (iTXt) or SVG, and back.
- ``badges.ob3.verify``: every check a verifier makes, each with a reason.
"""

from badges.ob3.checks import Check

__all__ = ["Check"]
