"""Reading a tutor's file of e-mail addresses: one address per line, or a table (comma,
semicolon or tab separated, as spreadsheets save CSV) with a column named "email". UTF-8 with
or without a byte-order mark, UTF-16 with one, or Windows-1252 (what Excel saves by default).

A problem with the whole file (too large, too many rows, not text) refuses it before anything
changes; a problem with one row refuses that row with its line number, and the others go in."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from lms.accounts.services import normalise_email
from lms.core.errors import ValidationError
from lms.core.filters import number
from lms.core.i18n import gettext

MAX_BYTES = 1024 * 1024
MAX_ROWS = 10_000
MAX_ADDRESS = 254  # what the users table holds (and RFC 5321 allows)
SHOWN_TEXT = 60  # characters of a refused cell quoted back
# What people call the column of addresses, in the site's languages, compared in lower case.
EMAIL_HEADERS = frozenset({
    "email", "e-mail", "mail", "email address", "e-mail address", "courriel", "adresse e-mail", "adresse électronique",
    "e-mail-adresse", "emailadresse", "correo", "correo electrónico", "indirizzo email", "indirizzo e-mail",
})


@dataclass(frozen=True)
class Problem:
    """A row that was refused: its line in the file and why, in one sentence that names the line."""

    line: int
    message: str


@dataclass
class Addresses:
    """A file's addresses, normalised, each once with the line it first appears on."""

    addresses: list[tuple[int, str]] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)
    repeated: int = 0  # rows whose address an earlier row already gave


def _file_error(message: str) -> ValidationError:
    return ValidationError("file", message)


def _text(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:  # NUL bytes: a spreadsheet or another binary file, not text
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise _file_error(gettext("This file cannot be read as text. Save it as CSV (UTF-8) or as plain text, "
                              "and upload that file."))


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _column(cells: list[str]) -> tuple[int, bool]:
    """(the column of addresses, is this row a header) from the first row that is not blank."""
    for index, cell in enumerate(cells):
        if cell.lower() in EMAIL_HEADERS:
            return index, True
    for index, cell in enumerate(cells):
        if "@" in cell:
            return index, False
    if len(cells) == 1:
        return 0, False  # one address per line, the first of which is not one: reported with its line
    raise _file_error(gettext("The first line has no column named “email”. Name the column of addresses "
                              "“email”, or put one address on each line."))


def _shown(text: str) -> str:
    """A refused cell as quoted back: one line, not too long."""
    clean = "".join(character if character.isprintable() and character != "\ufffd" else " " for character in text)
    return clean if len(clean) <= SHOWN_TEXT else clean[:SHOWN_TEXT - 1] + "…"


def _problem(raw: str, line: int) -> str | None:
    if not raw:
        return gettext("Line %(line)d: no e-mail address.", line=line)
    if len(raw) > MAX_ADDRESS:
        return gettext("Line %(line)d: the address is longer than %(max)d characters.", line=line, max=MAX_ADDRESS)
    try:
        validate_email(raw, check_deliverability=False)  # what the registration form accepts
    except EmailNotValidError:
        return gettext("Line %(line)d: “%(text)s” is not an e-mail address.", line=line, text=_shown(raw))
    return None


def read_addresses(data: bytes) -> Addresses:
    """The addresses of an uploaded file, or ValidationError("file") if the file cannot be used."""
    if not data.strip():
        raise _file_error(gettext("This file is empty. Upload a file with one e-mail address on each line."))
    if len(data) > MAX_BYTES:
        raise _file_error(gettext("This file is larger than 1 MB. Split it into files of at most %(rows)s addresses.",
                                  rows=number(MAX_ROWS)))
    text = _text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    found, first_line = Addresses(), {}
    column, rows = None, 0
    try:
        for record in reader:
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue
            if column is None:
                column, header = _column(cells)
                if header:
                    continue
            rows += 1
            if rows > MAX_ROWS:
                raise _file_error(gettext("This file has more than %(rows)s rows of addresses. Split it into files "
                                          "of at most %(rows)s rows.", rows=number(MAX_ROWS)))
            _take(found, first_line, cells[column] if column < len(cells) else "", reader.line_num)
    except csv.Error:
        raise _file_error(gettext("Line %(line)d cannot be read as CSV: check its quotation marks.",
                                  line=reader.line_num)) from None
    if not rows:
        raise _file_error(gettext("This file has no e-mail addresses. Upload a file with one e-mail address on each line."))
    return found


def _take(found: Addresses, first_line: dict[str, int], raw: str, line: int) -> None:
    problem = _problem(raw, line)
    if problem:
        found.refused.append(Problem(line, problem))
        return
    address = normalise_email(raw)
    if address in first_line:
        found.repeated += 1
        return
    first_line[address] = line
    found.addresses.append((line, address))
