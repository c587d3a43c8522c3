"""Sending e-mail. Called after the commit, never inside a service.

Transports: ``smtp`` (MAIL_HOST:MAIL_PORT, optional STARTTLS and login) and ``file``
(one .eml per message in MAIL_OUTBOX, for a demo with no mail server)."""

from __future__ import annotations

import smtplib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

Send = Callable[..., None]


def _message(to: str, subject: str, body: str, html: str | None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4()}@lms>"
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return message


@contextmanager
def mailer() -> Iterator[Send]:
    """A sender that reuses one SMTP connection for a batch of messages (opened on first use)."""
    config = current_app.config
    connection: smtplib.SMTP | None = None

    def send(to: str, subject: str, body: str, *, html: str | None = None) -> None:
        nonlocal connection
        message = _message(to, subject, body, html)
        if config["MAIL_TRANSPORT"] != "smtp":
            outbox = Path(config["MAIL_OUTBOX"])
            outbox.mkdir(parents=True, exist_ok=True)
            (outbox / f"{uuid.uuid4()}.eml").write_bytes(bytes(message))
            return
        if connection is None:
            connection = smtplib.SMTP(config["MAIL_HOST"], int(config["MAIL_PORT"]), timeout=10)
            if config.get("MAIL_USE_TLS"):
                connection.starttls()
            if config.get("MAIL_USERNAME"):
                connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        try:
            connection.send_message(message)
        except smtplib.SMTPServerDisconnected:
            connection = None  # the next message opens a fresh connection
            raise

    try:
        yield send
    finally:
        if connection is not None:
            try:
                connection.quit()
            except smtplib.SMTPException:
                pass


# Failures of the server or the way to it, not of one message: every message after would wait
# for the same timeout and fail the same way. A refused recipient or sender is the message's own.
_SERVER_REPLIES = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, smtplib.SMTPHeloError,
                   smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError)
SERVICE_NOT_AVAILABLE = 421  # the server is closing the connection


def server_unreachable(error: BaseException) -> bool:
    """True when ``error`` says the mail server cannot be reached or has gone (refused,
    timed out, no route, TLS or log-in failed, connection dropped, 421), rather than that
    this one message was refused."""
    if isinstance(error, _SERVER_REPLIES):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == SERVICE_NOT_AVAILABLE
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def send_mail(to: str, subject: str, body: str, *, html: str | None = None) -> None:
    """Send one message; raises on failure."""
    with mailer() as send:
        send(to, subject, body, html=html)


def send_mail_soon(to: str, subject: str, body: str) -> None:
    """Send from a background thread, so that the request takes as long whether or not a
    message goes out (the password-reset form must not reveal who has an account)."""
    import logging
    import threading

    app = current_app._get_current_object()

    def deliver() -> None:
        with app.app_context():
            try:
                send_mail(to, subject, body)
            except Exception:  # noqa: BLE001  (logged; the user can ask again)
                logging.getLogger(__name__).exception("could not send a password-reset e-mail")

    threading.Thread(target=deliver, daemon=True).start()
