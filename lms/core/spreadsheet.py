"""CSV for spreadsheets, written row by row.

- UTF-8 with a byte order mark, so that Excel reads accents and other scripts right (without it,
  Excel takes the file for the machine's legacy code page); LibreOffice and the csv module read it too.
- RFC 4180: CRLF line ends, every field in double quotes (a quote doubled), by the csv module. Quoting
  every field also keeps a text's ``,`` or ``;`` inside its cell whichever separator a spreadsheet uses.
- No cell can become a formula (OWASP, CSV injection): a text beginning with ``=``, ``+``, ``-``, ``@``,
  a tab or a line break gets an apostrophe first, which spreadsheets show as text.
- Times in UTC as ``2017-10-03 14:30:00`` (ISO 8601 with a space, as RFC 3339 allows): every
  spreadsheet reads it as a date and time, and as text it sorts in time order.
- Two layouts: commas with a decimal point, or semicolons with a decimal comma (what Excel expects
  where the decimal mark is a comma: French, German, Spanish, Italian).

Rows go out in chunks of about 64 KB, so memory stays flat however many rows there are."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from urllib.parse import quote

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
CHUNK_CHARACTERS = 64 * 1024
MEDIA_TYPE = "text/csv; charset=utf-8; header=present"


@dataclass(frozen=True)
class Layout:
    """How cells are separated and how a decimal number is written."""

    name: str  # as in a query string or a command's option
    delimiter: str
    decimal_mark: str


COMMA = Layout("comma", ",", ".")
SEMICOLON = Layout("semicolon", ";", ",")
LAYOUTS = {layout.name: layout for layout in (COMMA, SEMICOLON)}


def layout_for(decimal_mark: str) -> Layout:
    """The layout a spreadsheet expects where numbers are written with ``decimal_mark``."""
    return SEMICOLON if decimal_mark == "," else COMMA


def utc_text(moment: datetime) -> str:
    """``2017-10-03 14:30:00``, in UTC (a naive time is taken to be UTC already)."""
    if moment.tzinfo is not None and moment.tzinfo is not timezone.utc:
        moment = moment.astimezone(timezone.utc)
    return moment.isoformat(" ", "seconds")[:19]


def number_text(value: float | Decimal, decimal_mark: str = ".") -> str:
    """A number without trailing zeros: 7 -> "7", 7.5 -> "7.5" (or "7,5"), 1/3 -> "0.33"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text.replace(".", decimal_mark)


def cell(value: object, layout: Layout = COMMA) -> str:
    """One value as the text of its cell: None empty, times in UTC, numbers as numbers, and any
    other text neutralised so that it cannot start a formula."""
    kind = type(value)
    if kind is str:  # the usual case first: the export's own text, names, titles
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if kind is bool:
        raise TypeError("a yes or no is words: say it in the reader's language")
    if kind is int:
        return str(value)
    if isinstance(value, (float, Decimal)):
        return number_text(value, layout.decimal_mark)
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_chunks(header: Sequence[object], rows: Iterable[Sequence[object]], layout: Layout = COMMA, *,
               chunk_characters: int = CHUNK_CHARACTERS) -> Iterator[bytes]:
    """The byte order mark, the header and the rows, as UTF-8 bytes about ``chunk_characters`` at a time.
    ``rows`` is read one row at a time (a generator over a streamed query keeps memory flat)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=layout.delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([cell(value, layout) for value in header])
    for row in rows:
        writer.writerow([cell(value, layout) for value in row])
        if buffer.tell() >= chunk_characters:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def attachment(filename: str) -> str:
    """A Content-Disposition header saving the download as ``filename`` (RFC 6266: an ASCII name for
    every browser, and the exact one as ``filename*`` when it is not plain ASCII)."""
    plain = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in filename)
    if plain == filename:
        return f'attachment; filename="{plain}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"
