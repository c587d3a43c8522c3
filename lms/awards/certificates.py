"""The certificate PDF: drawn from plain values, outside any database transaction, in the
holder's saved language (its fixed words by gettext, its dates by Babel), and cached on disk by
its public id and a fingerprint of everything it says."""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from babel.numbers import format_decimal

from lms.core.filters import localdate
from lms.core.i18n import formatting_locale, gettext, ngettext

INK = HexColor("#1d2433")
ACCENT = HexColor("#0b5cad")


@dataclass(frozen=True)
class CertificateText:
    uid: str
    name: str
    course: str
    dates: str  # the learner's own, e.g. "Studied from 20 November 2017 to 1 December 2017" (study_period)
    hours: float
    modules: tuple[str, ...]
    issuer: str
    issued: str
    verify_url: str
    language: str = "en"  # the holder's: the words below are drawn in it (the caller draws inside in_language)


def day(value: datetime, zone: str) -> str:
    """'1 December 2017' ('1 décembre 2017' ...): the calendar day in the learner's zone, in the
    language being drawn."""
    return localdate(value, zone)


def study_period(started: datetime, finished: datetime, zone: str) -> str:
    first, last = day(started, zone), day(finished, zone)
    if first == last:
        return gettext("Studied on %(day)s", day=last)
    return gettext("Studied from %(first)s to %(last)s", first=first, last=last)


def _plural_count(hours: float) -> int:
    """Plural rules see whole numbers: 1 is 1, and a fraction (0.8, 1.5) reads as a plural in English."""
    return int(hours) if hours == int(hours) else 2


def _amount(hours: float) -> str:
    return format_decimal(hours, locale=formatting_locale())


def study_time(hours: float) -> str:
    """'about 2.5 hours' ('environ 2,5 heures' ...), for the verification page."""
    return ngettext("about %(hours)s hour", "about %(hours)s hours", _plural_count(hours), hours=_amount(hours))


def words(text: CertificateText) -> dict[str, str]:
    """The PDF's fixed words, in the language being drawn."""
    return {
        "title": gettext("Certificate of Completion"),
        "document": gettext("Certificate: %(course)s", course=text.course),
        "certifies": gettext("This certifies that"),
        "completed": gettext("has completed the course"),
        "study": ngettext("about %(hours)s hour of study", "about %(hours)s hours of study", _plural_count(text.hours),
                          hours=_amount(text.hours)),
        "modules": ngettext("Module completed (%(num)d):", "Modules completed (%(num)d):", len(text.modules)),
        "issued": gettext("Issued by %(issuer)s on %(day)s", issuer=text.issuer, day=text.issued),
        "id": gettext("Certificate ID: %(uid)s", uid=text.uid),
        "verify": gettext("Verify: %(url)s", url=text.verify_url),
    }


def render_pdf(text: CertificateText, said: dict[str, str] | None = None) -> bytes:
    """The certificate as one landscape A4 page; ``said`` its fixed words (words(text))."""
    from io import BytesIO

    said = said or words(text)
    buffer = BytesIO()
    width, height = landscape(A4)
    page = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    page.setTitle(said["document"])
    page.setAuthor(text.issuer)
    page.setStrokeColor(ACCENT)
    page.setLineWidth(6)
    page.rect(24, 24, width - 48, height - 48)
    page.setFillColor(ACCENT)
    page.setFont("Helvetica-Bold", 30)
    page.drawCentredString(width / 2, height - 100, said["title"])
    page.setFillColor(INK)
    page.setFont("Helvetica", 14)
    page.drawCentredString(width / 2, height - 140, said["certifies"])
    page.setFont("Helvetica-Bold", 26)
    page.drawCentredString(width / 2, height - 178, text.name)
    page.setFont("Helvetica", 14)
    page.drawCentredString(width / 2, height - 210, said["completed"])
    page.setFont("Helvetica-Bold", 20)
    page.drawCentredString(width / 2, height - 242, text.course)
    page.setFont("Helvetica", 12)
    page.drawCentredString(width / 2, height - 268, f"{text.dates} · {said['study']}")
    page.setFont("Helvetica-Bold", 11)
    page.drawString(70, height - 310, said["modules"])
    page.setFont("Helvetica", 10)
    y = height - 326
    for title in text.modules[:12]:
        page.drawString(80, y, f"• {title}")
        y -= 14
    page.setFont("Helvetica", 11)
    page.drawString(70, 90, said["issued"])
    page.drawString(70, 72, said["id"])
    page.setFillColor(ACCENT)
    page.drawString(70, 54, said["verify"])
    page.linkURL(text.verify_url, (70, 50, 70 + page.stringWidth(said["verify"], "Helvetica", 11), 64))
    qr = QrCodeWidget(text.verify_url)
    x0, y0, x1, y1 = qr.getBounds()
    size = 120
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(qr)
    renderPDF.draw(drawing, page, width - 70 - size, 50)
    page.showPage()
    page.save()
    return buffer.getvalue()


def cached_pdf(folder: Path, text: CertificateText) -> bytes:
    """Kept under its id and a fingerprint of its text and fixed words (in the language being
    drawn): a changed name, zone, language or translation draws it anew."""
    said = words(text)
    fingerprint = hashlib.sha256(repr((text, sorted(said.items()))).encode()).hexdigest()[:16]
    path = folder / f"{text.uid}-{fingerprint}.pdf"
    if path.exists():
        return path.read_bytes()
    data = render_pdf(text, said)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)  # atomic: a half-written file is never served
    for outdated in [*folder.glob(f"{text.uid}-*.pdf"), folder / f"{text.uid}.pdf"]:
        if outdated != path:
            outdated.unlink(missing_ok=True)  # earlier wordings of this certificate are never served again
    return data


# --- programme certificates: a first page like the course certificate's, then the transcript ----------


@dataclass(frozen=True)
class TranscriptRow:
    title: str
    dates: str  # e.g. "2 October 2017 – 20 November 2017", in the language being drawn
    hours: float
    outcome: str


@dataclass(frozen=True)
class ProgrammeCertificateText:
    uid: str
    name: str
    programme: str
    issued: str  # the day, in the holder's zone and the language being drawn
    hours: float
    rows: tuple[TranscriptRow, ...]
    issuer: str
    verify_url: str
    language: str = "en"


def transcript_dates(started, completed) -> str:
    """A transcript line's dates (``date`` values, already the learner's days), in the language being drawn."""
    from babel.dates import format_date

    first, last = (format_date(value, "long", locale=formatting_locale()) if value else "" for value in (started, completed))
    if first and last and first != last:
        return f"{first} – {last}"
    return last or first


def programme_words(text: ProgrammeCertificateText) -> dict[str, str]:
    return {
        "title": gettext("Programme Certificate"),
        "document": gettext("Certificate: %(course)s", course=text.programme),
        "certifies": gettext("This certifies that"),
        "completed": gettext("has completed the programme"),
        "study": ngettext("about %(hours)s hour of study", "about %(hours)s hours of study", _plural_count(text.hours),
                          hours=_amount(text.hours)),
        "completed_on": gettext("Completed on %(day)s", day=text.issued),
        "transcript": gettext("Transcript"),
        "column_title": gettext("Course or activity"), "column_dates": gettext("Dates"), "column_hours": gettext("Hours"),
        "column_outcome": gettext("Outcome"),
        "total": gettext("Total"),
        "issued": gettext("Issued by %(issuer)s on %(day)s", issuer=text.issuer, day=text.issued),
        "id": gettext("Certificate ID: %(uid)s", uid=text.uid),
        "verify": gettext("Verify: %(url)s", url=text.verify_url),
    }


def _qr(url: str, size: float) -> Drawing:
    qr = QrCodeWidget(url)
    x0, y0, x1, y1 = qr.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(qr)
    return drawing


def _transcript_table(text: ProgrammeCertificateText, said: dict[str, str], width: float):
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")
    rows = [[Paragraph(escape(said[f"column_{name}"]), head) for name in ("title", "dates", "hours", "outcome")]]
    rows += [[Paragraph(escape(row.title), cell), Paragraph(escape(row.dates), cell), Paragraph(_amount(row.hours), cell),
              Paragraph(escape(row.outcome), cell)] for row in text.rows]
    rows.append([Paragraph(escape(said["total"]), head), "", Paragraph(_amount(text.hours), head), ""])
    table = Table(rows, colWidths=[width * 0.42, width * 0.28, width * 0.1, width * 0.2], repeatRows=1)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 1, ACCENT), ("LINEABOVE", (0, -1), (-1, -1), 1, ACCENT),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ROWBACKGROUNDS", (0, 1), (-1, -2), [None, HexColor("#f3f6fa")])]))
    return table


def render_programme_pdf(text: ProgrammeCertificateText, said: dict[str, str] | None = None) -> bytes:
    """Portrait A4: the certificate with its QR code, then the transcript table, which flows onto more
    pages (its header repeated) however long it is."""
    from io import BytesIO
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    said = said or programme_words(text)
    buffer = BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=56, rightMargin=56, topMargin=56, bottomMargin=56,
                                 title=said["document"], author=text.issuer, pageCompression=1)

    def centred(value: str, size: int, bold: bool = False, colour=INK, after: int = 10) -> Paragraph:
        style = ParagraphStyle(f"c{size}{bold}", fontName="Helvetica-Bold" if bold else "Helvetica", fontSize=size,
                               leading=size * 1.25, alignment=TA_CENTER, textColor=colour, spaceAfter=after)
        return Paragraph(escape(value), style)

    small = ParagraphStyle("small", fontName="Helvetica", fontSize=10, leading=13)
    story = [centred(said["title"], 26, True, ACCENT, 18), centred(said["certifies"], 13), centred(text.name, 22, True),
             centred(said["completed"], 13), centred(text.programme, 17, True, after=14),
             centred(f"{said['completed_on']} · {said['study']}", 11, after=18), _qr(text.verify_url, 110), Spacer(1, 8),
             Paragraph(escape(said["issued"]), small), Paragraph(escape(said["id"]), small),
             Paragraph(f'<link href="{escape(text.verify_url)}" color="#0b5cad">{escape(said["verify"])}</link>', small),
             Spacer(1, 18), Paragraph(escape(said["transcript"]), ParagraphStyle("h2", fontName="Helvetica-Bold",
                                                                              fontSize=15, leading=19, spaceAfter=8)),
             _transcript_table(text, said, document.width)]
    document.build(story, onLaterPages=lambda canvas_, _: _continuation(canvas_, text, said))
    return buffer.getvalue()


def _continuation(page, text: ProgrammeCertificateText, said: dict[str, str]) -> None:
    """Each later page names the holder and the certificate, so a loose page is still traceable."""
    page.saveState()
    page.setFont("Helvetica", 8)
    page.setFillColor(INK)
    page.drawString(56, 32, f"{text.name} · {text.programme} · {said['id']}")
    page.drawRightString(A4[0] - 56, 32, str(page.getPageNumber()))
    page.restoreState()


def cached_programme_pdf(folder: Path, text: ProgrammeCertificateText) -> bytes:
    """As cached_pdf: kept under its id and a fingerprint of everything it says."""
    said = programme_words(text)
    fingerprint = hashlib.sha256(repr((text, sorted(said.items()))).encode()).hexdigest()[:16]
    path = folder / f"programme-{text.uid}-{fingerprint}.pdf"
    if path.exists():
        return path.read_bytes()
    data = render_programme_pdf(text, said)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    for outdated in folder.glob(f"programme-{text.uid}-*.pdf"):
        if outdated != path:
            outdated.unlink(missing_ok=True)
    return data
