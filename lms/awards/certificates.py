"""The certificate PDF: drawn from plain values, outside any database transaction,
and cached on disk by its public id."""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from lms.core.i18n import ngettext

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


def day(value: datetime, zone: str) -> str:
    """'1 December 2017': the calendar day in the learner's zone, as the site shows it to them."""
    return value.astimezone(ZoneInfo(zone)).strftime("%-d %B %Y")


def study_period(started: datetime, finished: datetime, zone: str) -> str:
    first, last = day(started, zone), day(finished, zone)
    return f"Studied on {last}" if first == last else f"Studied from {first} to {last}"


def render_pdf(text: CertificateText) -> bytes:
    from io import BytesIO

    buffer = BytesIO()
    width, height = landscape(A4)
    page = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    page.setTitle(f"Certificate: {text.course}")
    page.setAuthor(text.issuer)
    page.setStrokeColor(ACCENT)
    page.setLineWidth(6)
    page.rect(24, 24, width - 48, height - 48)
    page.setFillColor(ACCENT)
    page.setFont("Helvetica-Bold", 30)
    page.drawCentredString(width / 2, height - 100, "Certificate of Completion")
    page.setFillColor(INK)
    page.setFont("Helvetica", 14)
    page.drawCentredString(width / 2, height - 140, "This certifies that")
    page.setFont("Helvetica-Bold", 26)
    page.drawCentredString(width / 2, height - 178, text.name)
    page.setFont("Helvetica", 14)
    page.drawCentredString(width / 2, height - 210, "has completed the course")
    page.setFont("Helvetica-Bold", 20)
    page.drawCentredString(width / 2, height - 242, text.course)
    page.setFont("Helvetica", 12)
    study = ngettext("about %(hours)s hour of study", "about %(hours)s hours of study", text.hours, hours=f"{text.hours:g}")
    page.drawCentredString(width / 2, height - 268, f"{text.dates} · {study}")
    page.setFont("Helvetica-Bold", 11)
    page.drawString(70, height - 310, f"Modules completed ({len(text.modules)}):")
    page.setFont("Helvetica", 10)
    y = height - 326
    for title in text.modules[:12]:
        page.drawString(80, y, f"• {title}")
        y -= 14
    page.setFont("Helvetica", 11)
    page.drawString(70, 90, f"Issued by {text.issuer} on {text.issued}")
    page.drawString(70, 72, f"Certificate ID: {text.uid}")
    page.setFillColor(ACCENT)
    page.drawString(70, 54, f"Verify: {text.verify_url}")
    page.linkURL(text.verify_url, (70, 50, 70 + page.stringWidth(f"Verify: {text.verify_url}", "Helvetica", 11), 64))
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
    """Kept under its id and a fingerprint of its text: a changed name, zone or wording draws it anew."""
    fingerprint = hashlib.sha256(repr(text).encode()).hexdigest()[:16]
    path = folder / f"{text.uid}-{fingerprint}.pdf"
    if path.exists():
        return path.read_bytes()
    data = render_pdf(text)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)  # atomic: a half-written file is never served
    for outdated in [*folder.glob(f"{text.uid}-*.pdf"), folder / f"{text.uid}.pdf"]:
        if outdated != path:
            outdated.unlink(missing_ok=True)  # earlier wordings of this certificate are never served again
    return data
