"""The forms of programmes."""

from __future__ import annotations
