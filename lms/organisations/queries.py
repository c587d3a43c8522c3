"""Read-only queries of organisations over other features' tables."""

from __future__ import annotations
