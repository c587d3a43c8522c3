"""Sending e-mail. Called after the commit, never inside a service.

Transports: ``smtp`` (MAIL_HOST:MAIL_PORT) and ``file`` (one .eml per message in
MAIL_OUTBOX, for a demo with no mail server)."""

from __future__ import annotations

import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path

from flask import current_app


def send_mail(to: str, subject: str, body: str, *, html: str | None = None) -> None:
    """Send a plain-text message (with an HTML alternative when given); raises on failure."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4()}@lms>"
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    if config["MAIL_TRANSPORT"] == "smtp":
        with smtplib.SMTP(config["MAIL_HOST"], int(config["MAIL_PORT"]), timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    else:
        outbox = Path(config["MAIL_OUTBOX"])
        outbox.mkdir(parents=True, exist_ok=True)
        (outbox / f"{uuid.uuid4()}.eml").write_bytes(bytes(message))
