"""The personal-data parts privacy works through, found by lms.features (every feature's
``personal_data``), and accounts' own, which holds the person."""

from __future__ import annotations

from types import ModuleType

from lms import features


def accounts_part() -> ModuleType:
    """Accounts' personal_data: the person's password check, lock, suspension and anonymisation."""
    return features.part("accounts", "personal_data")
