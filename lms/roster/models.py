"""The roster's own records (invitations; built for issue #16)."""

from __future__ import annotations
