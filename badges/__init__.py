"""Open Badges, without Flask: builds the standard's documents from plain data.

Only identity hashing lives here for now; issuers, badge classes, assertions,
baking and signing arrive with the badges issue."""

from badges.identity import hash_email, verify_hashed_email

__all__ = ["hash_email", "verify_hashed_email"]
