"""Keyset pagination for the lists that grow with a cohort (a run's learners, an assignment's
submissions): a page is the rows just after (or just before) one row in a stable order, so the
database seeks to it through an index instead of reading and skipping everything before it, as
OFFSET would. The cursor in the URL is that row's id (``?after=4711``, ``?before=4711``); the
order is given as keys, each a column and its value at the cursor row (a scalar subquery), the
last key unique (the id), so that every row has exactly one place."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, and_, false, or_

PAGE_SIZE = 50

Key = tuple[ColumnElement[Any], ColumnElement[Any]]  # (the column, its value at the cursor row)
RowT = TypeVar("RowT")


def _id(raw: str | None) -> int | None:
    """A row id from the query string, or None for anything else (nothing no id looks like reaches SQL)."""
    return int(raw) if raw and raw.isdecimal() and raw.isascii() and len(raw) <= 10 and int(raw) < 2**31 else None


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after the row ``after``, before the row ``before``, or at the top."""

    after: int | None = None
    before: int | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str], prefix: str = "") -> Cursor:
        after, before = _id(args.get(prefix + "after")), _id(args.get(prefix + "before"))
        return cls(after) if after is not None else cls(None, before)

    @property
    def row_id(self) -> int | None:
        return self.after if self.after is not None else self.before

    @property
    def backwards(self) -> bool:
        return self.after is None and self.before is not None

    def args(self, prefix: str = "") -> dict[str, int]:
        """The query string that brings this cursor back."""
        if self.after is not None:
            return {prefix + "after": self.after}
        return {prefix + "before": self.before} if self.before is not None else {}


TOP = Cursor()


def beyond(keys: Sequence[Key], *, backwards: bool = False) -> ColumnElement[bool]:
    """Rows after the cursor row in the order of ``keys`` (before it when ``backwards``), written
    out as ``a > x OR (a = x AND b > y)`` so that both SQLite and PostgreSQL use the index."""
    clauses = []
    for index, (column, at_cursor) in enumerate(keys):
        step = column < at_cursor if backwards else column > at_cursor
        clauses.append(and_(*(c == v for c, v in keys[:index]), step))
    return or_(*clauses)


def before_cursor(keys: Sequence[Key], cursor: Cursor) -> ColumnElement[bool]:
    """Rows strictly before the cursor row (nothing at the top): counting them places the page."""
    return beyond(keys, backwards=True) if cursor.row_id is not None else false()


def after_cursor(keys: Sequence[Key], cursor: Cursor) -> ColumnElement[bool] | None:
    """The WHERE clause of a page: past the cursor in the page's direction; None at the top."""
    return beyond(keys, backwards=cursor.backwards) if cursor.row_id is not None else None


def order(keys: Sequence[Key], cursor: Cursor = TOP) -> list[ColumnElement[Any]]:
    """ORDER BY for fetching a page: walking back from a ``before`` cursor reads the keys downwards."""
    return [column.desc() if cursor.backwards else column.asc() for column, _ in keys]


@dataclass(frozen=True)
class Page(Generic[RowT]):
    """One page of a list, in the list's order, with its place: rows ``start``..``end`` of ``total``."""

    rows: list[RowT]
    start: int
    total: int
    previous: dict[str, int] | None  # the query string of the page before (empty: the top); None at the top
    next: dict[str, int] | None

    @property
    def end(self) -> int:
        return self.start + len(self.rows) - 1

    def __iter__(self) -> Iterator[RowT]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


def make_page(rows: Sequence[RowT], row_id: Callable[[RowT], int], *, cursor: Cursor, rows_before_cursor: int, total: int,
              prefix: str = "") -> Page[RowT]:
    """``rows`` in the list's order (a page fetched walking back is turned round first) and the
    counts from SQL: the rows before the cursor row and the whole list."""
    rows = list(rows)
    if cursor.after is not None:
        start = rows_before_cursor + 2  # the cursor row itself ends the page before
    elif cursor.before is not None:
        start = max(1, rows_before_cursor - len(rows) + 1)
    else:
        start = 1
    previous = None
    if start > 1:  # an empty page past the end leads back to the top
        previous = {prefix + "before": row_id(rows[0])} if rows else {}
    following = {prefix + "after": row_id(rows[-1])} if rows and start + len(rows) - 1 < total else None
    return Page(rows, start, total, previous, following)
