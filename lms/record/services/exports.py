"""The record as files its learner keeps or hands over: a CSV (one row per entry, safe to open in
a spreadsheet) and a PDF (every entry with its dates, hours, outcome and standards, the learner's
name and the day it was made, in their zone and language)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal, get_decimal_symbol
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import registerFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from lms.core.i18n import formatting_locale, gettext
from lms.core.spreadsheet import csv_chunks, layout_for
from lms.record.services.sources import Entry, total_hours

MAX_PDF_ENTRIES = 2000  # a career's worth; beyond it the PDF says how many were left out


def kind_names() -> dict[str, str]:
    return {"course": gettext("Course"), "programme": gettext("Programme"), "event": gettext("Event"),
            "badge": gettext("Badge"), "award": gettext("Badge"), "certificate": gettext("Certificate"),
            "reflection": gettext("Reflection"), "external": gettext("Learning elsewhere")}


def day_of(value: datetime | date | None, zone: str) -> date | None:
    """The calendar day of an entry's start or end, in the learner's zone for an instant."""
    if value is None:
        return None
    return value.astimezone(ZoneInfo(zone)).date() if isinstance(value, datetime) else value


def standards_text(entry: Entry) -> str:
    return "; ".join(f"{tag.code} {tag.title}" for tag in entry.tags)


def csv_file(entries: list[Entry], zone: str) -> Iterator[bytes]:
    """kind, title, provider, start, end, hours, outcome, standards: one row per entry."""
    names = kind_names()
    header = [gettext("Kind"), gettext("Title"), gettext("Provider"), gettext("Start"), gettext("End"),
              gettext("Hours"), gettext("Outcome"), gettext("Standards")]
    rows = ([names.get(entry.kind, entry.kind), entry.title, entry.provider, day_of(entry.started, zone),
             day_of(entry.ended, zone), entry.hours, entry.outcome, standards_text(entry)] for entry in entries)
    return csv_chunks(header, rows, layout_for(get_decimal_symbol(formatting_locale())))


def _day_text(value: datetime | date | None, zone: str) -> str:
    day = day_of(value, zone)
    return format_date(day, "medium", locale=formatting_locale()) if day else ""


def _dates(entry: Entry, zone: str) -> str:
    first, last = _day_text(entry.started, zone), _day_text(entry.ended, zone)
    return f"{first} – {last}" if last and first and last != first else (last or first)


# A font with more than Latin-1 (Łódź, Ελλάδα) where the system has one; the PDF's built-in Helvetica otherwise.
FONT_FILES = {"RecordSans": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",),
              "RecordSans-Bold": ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",)}


@cache
def _fonts() -> tuple[str, str]:
    try:
        for name, paths in FONT_FILES.items():
            registerFont(TTFont(name, next(path for path in paths if Path(path).is_file())))
    except (StopIteration, TTFError):
        return "Helvetica", "Helvetica-Bold"
    return "RecordSans", "RecordSans-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    sheet, (regular, bold) = getSampleStyleSheet(), _fonts()
    small = ParagraphStyle("small", parent=sheet["BodyText"], fontName=regular, fontSize=8.5, leading=10.5)
    return {"title": ParagraphStyle("title", parent=sheet["Title"], fontName=bold),
            "body": ParagraphStyle("body", parent=sheet["BodyText"], fontName=regular), "small": small,
            "head": ParagraphStyle("head", parent=small, fontName=bold)}


def _cell(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _row(entry: Entry, zone: str, names: dict[str, str], styles: dict) -> list:
    what = entry.title + (f"\n{entry.provider}" if entry.provider else "") + (f"\n{entry.detail}" if entry.detail else "")
    standards = "\n".join(f"{tag.code} {tag.title}" for tag in entry.tags)
    hours = format_decimal(entry.hours, locale=formatting_locale()) if entry.hours is not None else ""
    return [_cell(names.get(entry.kind, entry.kind), styles["small"]), _cell(what, styles["small"]),
            _cell(_dates(entry, zone), styles["small"]), _cell(hours, styles["small"]),
            _cell(entry.outcome, styles["small"]), _cell(standards, styles["small"])]


def pdf_file(entries: list[Entry], *, name: str, zone: str, site_name: str, now: datetime) -> bytes:
    """The whole record as an A4 PDF in the language being drawn (call it inside in_language)."""
    styles, names = _styles(), kind_names()
    buffer = BytesIO()
    title = gettext("Professional learning record: %(name)s", name=name)
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                                 bottomMargin=15 * mm, title=title, author=site_name)
    total = total_hours(entries)
    story = [_cell(title, styles["title"]),
             _cell(gettext("Made on %(day)s by %(site)s. %(count)s entries, %(hours)s hours in all.",
                           day=_day_text(now, zone), site=site_name, count=format_decimal(len(entries), locale=formatting_locale()),
                           hours=format_decimal(total, locale=formatting_locale())), styles["body"]),
             Spacer(1, 4 * mm)]
    header = [_cell(text, styles["head"]) for text in (gettext("Kind"), gettext("What"), gettext("When"), gettext("Hours"),
                                                        gettext("Outcome"), gettext("Standards"))]
    rows = [_row(entry, zone, names, styles) for entry in entries[:MAX_PDF_ENTRIES]]
    table = LongTable([header, *rows], colWidths=[22 * mm, 50 * mm, 30 * mm, 16 * mm, 24 * mm, 38 * mm], repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6"))]))
    story.append(table)
    if len(entries) > MAX_PDF_ENTRIES:
        story.append(_cell(gettext("%(num)s older entries are in the CSV file.",
                                   num=format_decimal(len(entries) - MAX_PDF_ENTRIES, locale=formatting_locale())),
                           styles["body"]))
    document.build(story)
    return buffer.getvalue()
