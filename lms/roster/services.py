"""Managing who is in a run (built for issue #16)."""

from __future__ import annotations
