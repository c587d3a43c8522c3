"""Read-only queries of resources over other features' tables."""

from __future__ import annotations
