"""The tables of events."""

from __future__ import annotations
