"""Sending e-mail. Called after the commit, never inside a service.

Transports: ``smtp`` (MAIL_HOST:MAIL_PORT, optional STARTTLS and login) and ``file``
(one .eml per message in MAIL_OUTBOX, for a demo with no mail server).

A message goes out as a ``Letter``: its recipient and its bytes. Bulk mail builds them from a
``PreparedMessage``: the headers and MIME structure shared by every recipient of one subject,
serialised once by the ``email`` package; per recipient only To, Message-ID and the two
quoted-printable bodies are filled in (building each message whole costs about 1.2 ms)."""

from __future__ import annotations

import email.policy
import re
import smtplib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.quoprimime import body_encode
from email.utils import format_datetime, parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app

from lms.core import clock


@dataclass(frozen=True)
class Letter:
    """One message ready to go: who it is for and the whole message. ``data`` is bytes with
    CRLF line ends as SMTP carries them, or an ``EmailMessage`` for an address that needs
    SMTPUTF8 (non-ASCII), which smtplib's send_message negotiates."""

    to: str
    message_id: str
    data: bytes | EmailMessage


_TEXT, _HTML = "LMSTEXTBODYSLOT", "LMSHTMLBODYSLOT"  # stand-ins for the bodies in the serialised structure
_SMTP = email.policy.SMTP  # CRLF line ends


def message_id(local: str) -> str:
    """A Message-ID on the site's own host (BASE_URL): ``local`` must be unique on the site."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"<{local}@{host}>"


def _structure(sender: str, subject: str, text: str, html: str | None, *, cte: str | None = None,
               language: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["Subject"] = subject
    message.set_content(text, cte=cte)
    if html is not None:
        message.add_alternative(html, subtype="html", cte=cte)
    if language:  # after the content: setting it clears Content-* headers
        message["Content-Language"] = language  # RFC 3282: the language it is written in
    return message


class PreparedMessage:
    """What every recipient of one subject shares, serialised once: From, Subject, the
    multipart/alternative structure and each part's headers. ``letter()`` adds To, Message-ID
    and Date and encodes the recipient's own text and HTML (quoted-printable, which any server
    accepts)."""

    def __init__(self, subject: str, *, sender: str, date: datetime, language: str | None = None):
        self.subject, self.sender, self.date, self.language = subject, sender, format_datetime(date), language
        shared = _structure(sender, subject, _TEXT, _HTML, cte="quoted-printable", language=language).as_bytes(policy=_SMTP)
        head, rest = shared.split(_TEXT.encode() + b"\r\n", 1)
        self._head, self._middle, self._tail = head, *rest.split(_HTML.encode() + b"\r\n", 1)

    def letter(self, to: str, text: str, html: str, *, message_id: str) -> Letter:
        if not (to.isascii() and to.isprintable()):
            message = _structure(self.sender, self.subject, text, html, language=self.language)  # the library encodes the address
            message["To"], message["Message-ID"], message["Date"] = to, message_id, self.date
            return Letter(to, message_id, message)
        headers = f"To: {to}\r\nMessage-ID: {message_id}\r\nDate: {self.date}\r\n".encode("ascii")
        return Letter(to, message_id, b"".join((headers, self._head, _quoted(text), self._middle, _quoted(html), self._tail)))


def _quoted(body: str) -> bytes:
    # quoprimime encodes one character per byte: hand it the UTF-8 bytes as Latin-1 characters.
    encoded = body_encode(body.encode("utf-8").decode("latin-1"), eol="\r\n")
    return encoded.encode("ascii") + (b"" if encoded.endswith("\r\n") else b"\r\n")


Outcome = tuple[Letter, BaseException | None]  # None: the server has taken the letter
_BODY_START = re.compile(rb"^\.", re.MULTILINE)


class Outbox:
    """Letters out over one SMTP connection, opened on first use and again after the server
    dropped it. When the server offers PIPELINING (RFC 2920, as Postfix and Exim do) a letter
    costs one round trip instead of four: its MAIL, RCPT and DATA go in one write together with
    the previous letter's body, whose reply is read with theirs. So ``send`` returns the
    outcomes settled so far (maybe of the letter before), and ``flush`` settles the last one.
    Errors come back as outcomes, not raised: ``server_unreachable`` tells which end a run."""

    def __init__(self, config):
        self.config = config
        self.envelope_sender = parseaddr(config["MAIL_SENDER"])[1]
        self.connection: smtplib.SMTP | None = None
        self.pipelining = False
        self.in_flight: Letter | None = None  # its DATA was accepted; its body goes with the next write

    def send(self, letter: Letter) -> list[Outcome]:
        if self.config["MAIL_TRANSPORT"] != "smtp":
            outbox = Path(self.config["MAIL_OUTBOX"])
            outbox.mkdir(parents=True, exist_ok=True)
            (outbox / f"{uuid.uuid4()}.eml").write_bytes(_bytes(letter))
            return [(letter, None)]
        try:
            if self.connection is None:
                self._open()
        except Exception as error:  # noqa: BLE001  (refused, timed out, TLS or log-in failed: this letter's outcome)
            return [(letter, error)]
        if self.pipelining and isinstance(letter.data, bytes):
            return self._pipelined(letter)
        settled = self.flush()
        try:
            if isinstance(letter.data, bytes):
                self.connection.sendmail(self.envelope_sender, [letter.to], letter.data)
            else:
                self.connection.send_message(letter.data)
        except Exception as error:  # noqa: BLE001
            if server_unreachable(error):
                self._drop()
            return settled + [(letter, error)]
        return settled + [(letter, None)]

    def flush(self) -> list[Outcome]:
        """Send the body in flight, if any, and settle it."""
        letter, self.in_flight = self.in_flight, None
        if letter is None:
            return []
        try:
            self.connection.send(_body(letter))
            return [(letter, _data_error(*self.connection.getreply()))]
        except Exception as error:  # noqa: BLE001
            self._drop()
            return [(letter, error)]

    def _pipelined(self, letter: Letter) -> list[Outcome]:
        previous, self.in_flight = self.in_flight, None
        envelope = f"MAIL FROM:<{self.envelope_sender}>\r\nRCPT TO:<{letter.to}>\r\nDATA\r\n".encode("ascii")
        settled: list[Outcome] = []
        try:
            self.connection.send((_body(previous) if previous else b"") + envelope)
            if previous:
                settled.append((previous, _data_error(*self.connection.getreply())))
                previous = None
            replies = [self.connection.getreply() for _ in range(3)]
        except Exception as error:  # noqa: BLE001  (the connection failed: whatever was in it failed too)
            self._drop()
            return settled + [(unsettled, error) for unsettled in (previous, letter) if unsettled]
        error = _envelope_error(letter, self.envelope_sender, *replies)
        if error is None:
            self.in_flight = letter
            return settled
        try:
            if replies[2][0] == 354:  # DATA accepted without a recipient: end it empty
                self.connection.send(b".\r\n")
                self.connection.getreply()
            if not server_unreachable(error):
                self.connection.rset()  # a clean slate for the next letter
                return settled + [(letter, error)]
        except (smtplib.SMTPException, OSError):
            pass
        self._drop()
        return settled + [(letter, error)]

    def _open(self) -> None:
        config = self.config
        connection = smtplib.SMTP(config["MAIL_HOST"], int(config["MAIL_PORT"]), timeout=10)
        if config.get("MAIL_USE_TLS"):
            connection.starttls()
        if config.get("MAIL_USERNAME"):
            connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        connection.ehlo_or_helo_if_needed()
        self.connection, self.pipelining = connection, connection.has_extn("pipelining")

    def _drop(self) -> None:
        """Forget a connection that failed; the next letter opens a fresh one."""
        if self.connection is not None:
            self.connection.close()
        self.connection, self.in_flight = None, None

    def close(self) -> None:
        """Say goodbye. A body still in flight is abandoned unsent (closing mid-DATA drops the
        message), so a caller that did not flush sends nothing it has not settled."""
        if self.connection is None:
            return
        if self.in_flight is not None:
            self._drop()
            return
        try:
            self.connection.quit()
        except (smtplib.SMTPException, OSError):
            self.connection.close()
        self.connection = None


def _bytes(letter: Letter) -> bytes:
    return letter.data if isinstance(letter.data, bytes) else letter.data.as_bytes(policy=_SMTP)


def _body(letter: Letter) -> bytes:
    """A letter as DATA carries it: a leading dot doubled, ended by a line with a dot."""
    return _BODY_START.sub(b"..", _bytes(letter)) + b".\r\n"


def _data_error(code: int, reply: bytes) -> BaseException | None:
    if code == 250:
        return None
    return smtplib.SMTPResponseException(code, reply) if code == SERVICE_NOT_AVAILABLE else smtplib.SMTPDataError(code, reply)


def _envelope_error(letter: Letter, sender: str, mail: tuple, rcpt: tuple, data: tuple) -> BaseException | None:
    """The error smtplib's sendmail would raise for these replies to MAIL, RCPT and DATA."""
    if SERVICE_NOT_AVAILABLE in (mail[0], rcpt[0], data[0]):
        return smtplib.SMTPResponseException(SERVICE_NOT_AVAILABLE, b"the server is closing the connection")
    if mail[0] != 250:
        return smtplib.SMTPSenderRefused(mail[0], mail[1], sender)
    if rcpt[0] not in (250, 251):
        return smtplib.SMTPRecipientsRefused({letter.to: rcpt})
    return None if data[0] == 354 else smtplib.SMTPDataError(*data)


@contextmanager
def mailer() -> Iterator[Outbox]:
    """An Outbox for a run of letters, closed at the end."""
    outbox = Outbox(current_app.config)
    try:
        yield outbox
    finally:
        outbox.close()


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
    message = _structure(current_app.config["MAIL_SENDER"], subject, body, html)
    identifier = message_id(str(uuid.uuid4()))
    message["To"], message["Message-ID"], message["Date"] = to, identifier, format_datetime(clock.now())
    with mailer() as outbox:
        for _, error in outbox.send(Letter(to, identifier, message)) + outbox.flush():
            if error is not None:
                raise error


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
