"""The discussions' search box: a plain GET form (the query stays in the address: shareable,
bookmarkable, and the browser's Back brings it again), read leniently: odd values are ignored,
never an error."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lms.core.forms import form_int

QUERY_LENGTH = 200  # what the field takes (maxlength); services.search searches as much of longer queries
LONGEST_READ = 4 * QUERY_LENGTH  # what is read of a query typed by hand into the address


@dataclass(frozen=True)
class SearchArgs:
    text: str  # as typed (services.search puts it on one line and bounds it)
    run: str | None  # a tutor's run (the slug), checked by the service
    page: int

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> SearchArgs:
        text = str(args.get("q") or "")
        if len(text) > LONGEST_READ:
            text = text[:LONGEST_READ]
        return cls(text, str(args.get("run") or "") or None, form_int(args.get("page"), digits=3) or 1)
