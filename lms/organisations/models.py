"""The tables of organisations."""

from __future__ import annotations
