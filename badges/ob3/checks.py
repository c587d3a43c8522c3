"""One verification check: its name, whether it passed, and why (a reason a person can read)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    reason: str = ""


def passed(name: str, reason: str = "") -> Check:
    return Check(name, True, reason)


def failed(name: str, reason: str) -> Check:
    return Check(name, False, reason)
