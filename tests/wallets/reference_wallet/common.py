"""Small pieces both roles share: JSON and HTML answers, OAuth error answers, client authentication by HTTP
Basic (RFC 6749 section 2.3.1), bearer tokens (RFC 6750), PKCE S256 (RFC 7636), and the findings list."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import secrets
import threading
import time
from dataclasses import asdict, dataclass, field
from urllib.parse import unquote, unquote_plus, urlsplit

from werkzeug.wrappers import Request, Response

MAX_BODY = 1024 * 1024
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
# RFC 7636 section 4.1: 43 to 128 characters from the unreserved set.
VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def s256(verifier: str) -> str:
    """BASE64URL-ENCODE(SHA256(ASCII(code_verifier))), without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_verifier() -> str:
    return secrets.token_urlsafe(48)  # 64 characters, all unreserved


def json_response(body, status: int = 200, headers: dict | None = None,
                  content_type: str = "application/json") -> Response:
    return Response(json.dumps(body, indent=1), status=status, headers=headers or {}, content_type=content_type)


def page(title: str, body_html: str, status: int = 200) -> Response:
    document = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
                f'</head><body><main><h1>{html.escape(title)}</h1>{body_html}</main></body></html>')
    return Response(document, status=status, content_type="text/html; charset=utf-8")


def oauth_error(error: str, description: str, status: int = 400, headers: dict | None = None) -> Response:
    """RFC 6749 section 5.2 / RFC 7591 section 3.2.2: {"error", "error_description"}, never cached."""
    return json_response({"error": error, "error_description": description}, status, {**NO_STORE, **(headers or {})})


def status_info(status: int, description: str, headers: dict | None = None) -> Response:
    """The Open Badges API's error payload (Imsx_StatusInfo)."""
    body = {"imsx_codeMajor": "failure", "imsx_severity": "error", "imsx_description": description}
    return json_response(body, status, headers)


def form_of(request: Request) -> dict[str, str] | None:
    """The application/x-www-form-urlencoded body (first value of each field), or None if it is something else."""
    if request.mimetype != "application/x-www-form-urlencoded" or (request.content_length or 0) > MAX_BODY:
        return None
    return {key: request.form.get(key, "") for key in request.form}


def json_of(request: Request):
    """The JSON body, or None if it is not JSON or too large."""
    if (request.content_length or 0) > MAX_BODY:
        return None
    try:
        return json.loads(request.get_data(cache=True, as_text=False) or b"")
    except (ValueError, UnicodeDecodeError):
        return None


def basic_credentials(request: Request) -> tuple[str, str] | None:
    """(client_id, client_secret) from "Authorization: Basic", each form-urlencoded first (RFC 6749 2.3.1)."""
    scheme, _, value = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    client_id, colon, client_secret = decoded.partition(":")
    if not colon:
        return None
    return unquote_plus(client_id), unquote_plus(client_secret)


def bearer_token(request: Request) -> str | None:
    scheme, _, value = (request.headers.get("Authorization") or "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def scopes_of(value: str | None) -> list[str]:
    return [scope for scope in (value or "").split(" ") if scope]


def is_loopback(url: str) -> bool:
    return (urlsplit(url).hostname or "") in ("127.0.0.1", "localhost", "::1")


def same_credential_key(credential: dict) -> tuple[str, str]:
    """The specification's credential equality: issuer id and credential id, percent-decoded and stripped."""
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    return unquote(str(issuer_id or "")).strip(), unquote(str(credential.get("id") or "")).strip()


def jws_payload(compact: str) -> dict | None:
    """The JSON payload of a compact JWS (not verified: the wallet keeps it as given)."""
    parts = compact.strip().split(".")
    if len(parts) != 3 or not all(parts):
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict):
        return None
    return payload["vc"] if isinstance(payload.get("vc"), dict) else payload  # VC-JWT 1.1 wraps it in "vc"


@dataclass
class Finding:
    """Something the other side did that the specification says otherwise about."""

    side: str  # "platform as client" (it pushed here) or "platform as provider" (we pulled from it)
    step: str
    detail: str
    spec: str
    at: float = field(default_factory=time.time)


class Findings:
    def __init__(self) -> None:
        self._items: list[Finding] = []
        self._lock = threading.Lock()

    def add(self, side: str, step: str, detail: str, spec: str) -> None:
        with self._lock:
            self._items.append(Finding(side, step, detail, spec))

    def listed(self) -> list[dict]:
        with self._lock:
            return [asdict(item) for item in self._items]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
