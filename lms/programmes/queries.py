"""Read-only queries of programmes over other features' tables."""

from __future__ import annotations
