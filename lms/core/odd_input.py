"""Input no row can match or hold, refused the same way on SQLite and PostgreSQL.

- URL converters, registered over Werkzeug's own names (so every rule, whoever writes it, gets
  them with `<int:...>`, `<slug>` and `<path:...>`), refuse at routing, with a 404: ids beyond
  the columns that hold them, and control characters in path segments.
- A last guard in front of the database refuses text holding NUL, which PostgreSQL cannot
  store or even compare (SQLite would store it). Forms refuse control characters themselves,
  with the field's own message (core.forms.Form); this catches the fields a view reads by hand.
  It raises the ValidationError views already show, naming the form field that holds the NUL.
"""

from __future__ import annotations

from flask import Flask, has_request_context, request
from sqlalchemy import event
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter

from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.core.text import CONTROL_CHARACTER_RANGES

# Every id is an INTEGER column: 32 bits on PostgreSQL (SQLite's 64 bits are wider).
LARGEST_ID = 2**31 - 1
NO_CONTROL_CHARACTERS = CONTROL_CHARACTER_RANGES
NUL_MESSAGE = lazy_gettext("This text contains an invisible NUL character (often from a pasted file), which cannot be saved. "
                           "Remove it and try again.")


class IdConverter(IntegerConverter):
    """`<int:...>`: ASCII digits, at most as large as an id column holds."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None, signed: bool = False):
        bounded = LARGEST_ID if max is None or max > LARGEST_ID else max
        super().__init__(map, fixed_digits, min, bounded, signed)


class SegmentConverter(UnicodeConverter):
    """`<name>` and `<string:...>`: one path segment, with no control characters."""

    def __init__(self, map, minlength: int = 1, maxlength: int | None = None, length: int | None = None):
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", f"[^/{NO_CONTROL_CHARACTERS}]", 1)


class SafePathConverter(PathConverter):
    """`<path:...>`: several segments, with no control characters."""

    regex = f"[^/{NO_CONTROL_CHARACTERS}][^{NO_CONTROL_CHARACTERS}]*?"


def refuse_nul(conn, cursor, statement, parameters, context, executemany) -> None:
    """before_cursor_execute: no parameter may carry NUL, on either database."""
    if _holds_nul(parameters):
        raise ValidationError(_field_holding_nul(), str(NUL_MESSAGE))


def _holds_nul(value) -> bool:
    """A parameter, a row of them (tuple or dict) or a batch of rows (executemany)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, (list, tuple)):
        return False
    return any(_holds_nul(item) for item in value)


def _field_holding_nul() -> str:
    """The posted field the NUL came from, so the view can show the message beside it."""
    if has_request_context() and request.method == "POST":
        return next((name for name, value in request.form.items(multi=True) if "\x00" in value), "text")
    return "text"


def init_app(app: Flask) -> None:
    """Before any blueprint adds its rules (rules take their converters when added)."""
    app.url_map.converters.update(int=IdConverter, default=SegmentConverter, string=SegmentConverter, path=SafePathConverter)
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", refuse_nul)
