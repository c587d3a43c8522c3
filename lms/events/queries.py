"""Read-only queries of events over other features' tables."""

from __future__ import annotations
