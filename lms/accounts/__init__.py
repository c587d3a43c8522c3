"""Accounts: registration, log-in with server-side sessions and limits, passwords and
their reset, the profile, and the secret of each person's calendar feed."""
