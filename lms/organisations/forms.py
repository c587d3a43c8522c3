"""The forms of organisations."""

from __future__ import annotations
