"""Notifications: the ledger (one row per person and message, recorded once), the bell,
e-mail choices, and delivery by e-mail in the recipient's language and time zone."""
