"""The tables of record."""

from __future__ import annotations
