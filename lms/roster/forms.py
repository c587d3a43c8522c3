"""The roster's forms (built for issue #16)."""

from __future__ import annotations
