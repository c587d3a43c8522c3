"""What resources holds about a person, for the export and the erasure of an account."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

README: dict = {}


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    return iter(())


def files(user_id: int) -> Iterator[tuple[str, object]]:
    return iter(())


def erase(user_id: int, *, now: datetime) -> list:
    return []
