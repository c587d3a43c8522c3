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
