"""The forms of resources."""

from __future__ import annotations
