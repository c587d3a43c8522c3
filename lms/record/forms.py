"""The forms of record."""

from __future__ import annotations
