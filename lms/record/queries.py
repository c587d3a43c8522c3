"""Read-only queries of record over other features' tables."""

from __future__ import annotations
