"""Wallets' services: provider (OB 3.0 API here) and push (to a learner's wallet)."""
