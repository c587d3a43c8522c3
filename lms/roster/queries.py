"""Read-only helpers of the roster (built for issue #16)."""

from __future__ import annotations
