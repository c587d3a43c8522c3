"""The tables of resources."""

from __future__ import annotations
