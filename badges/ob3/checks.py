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


MAX_DEPTH = 64  # nesting of objects and arrays; a credential needs about ten


def too_deep(value, limit: int = MAX_DEPTH) -> bool:
    """Whether a parsed JSON value nests deeper than ``limit`` (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False
