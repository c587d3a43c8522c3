"""A small wallet on loopback, over real HTTP, for the push tests: the provider side of the Open Badges
3.0 API as the platform meets it (discovery, RFC 7591 registration, authorisation with PKCE S256, token
with HTTP Basic, POST credentials), with switches to make each step fail. Written from the
specification with the standard library and Werkzeug only: nothing of the platform's code or Authlib,
so that it checks the platform rather than agreeing with it. (tests/wallets/reference_wallet.py is the
full wallet, run as its own process, for the end-to-end tests.)"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import urllib3
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

UPSERT = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert"


def discovery_document(base: str, scopes=(UPSERT,)) -> dict:
    return {
        "openapi": "3.0.1",
        "info": {"title": "Stand-in Wallet", "version": "1.0", "termsOfService": f"{base}/terms",
                 "x-imssf-privacyPolicyUrl": f"{base}/privacy"},
        "servers": [{"url": f"{base}/ims/ob/v3p0"}],
        "paths": {},
        "components": {"securitySchemes": {"OAuth2ACG": {
            "type": "oauth2", "description": "OAuth 2.0 Authorization Code Grant authorization",
            "x-imssf-registrationUrl": f"{base}/connect/register",
            "flows": {"authorizationCode": {"tokenUrl": f"{base}/token", "authorizationUrl": f"{base}/authorize",
                                            "refreshUrl": f"{base}/token",
                                            "scopes": {scope: "..." for scope in scopes}}}}}},
    }


def _json(document, status: int = 200) -> Response:
    return Response(json.dumps(document), status, content_type="application/json")


@dataclass
class StandIn:
    """The wallet's state and switches. ``discovery``: None for the standard document, else a Response
    to answer with; ``registration``/``token``/``upload``: a Response to answer instead of the real one."""

    url: str = ""
    discovery: Response | None = None
    registration: Response | None = None
    token: Response | None = None
    upload: Response | None = None
    deny: bool = False
    secret: str | None = None  # the client secret it issues (else a random one)
    requests: list[str] = field(default_factory=list)  # "METHOD /path", in order
    registrations: list[dict] = field(default_factory=list)
    token_requests: list[dict] = field(default_factory=list)
    received: list[bytes] = field(default_factory=list)
    clients: dict = field(default_factory=dict)  # client_id -> (secret, redirect_uris)
    codes: dict = field(default_factory=dict)  # code -> what was granted
    access_tokens: set = field(default_factory=set)

    def __call__(self, environ, start_response):
        request = Request(environ)
        self.requests.append(f"{request.method} {request.path}")
        route = {("GET", "/ims/ob/v3p0/discovery"): self._discovery, ("POST", "/connect/register"): self._register,
                 ("GET", "/authorize"): self._authorize, ("POST", "/token"): self._token,
                 ("POST", "/ims/ob/v3p0/credentials"): self._credentials}.get((request.method, request.path))
        response = route(request) if route else Response("no", 404)
        return response(environ, start_response)

    def _discovery(self, request: Request) -> Response:
        return self.discovery or _json(discovery_document(self.url))

    def _register(self, request: Request) -> Response:
        metadata = json.loads(request.get_data())
        self.registrations.append(metadata)
        if self.registration is not None:
            return self.registration
        client_id, secret = secrets.token_hex(8), self.secret or secrets.token_urlsafe(24)
        self.clients[client_id] = (secret, metadata["redirect_uris"])
        return _json({**metadata, "client_id": client_id, "client_secret": secret,
                      "client_id_issued_at": 1506988800, "client_secret_expires_at": 0}, 201)

    def _authorize(self, request: Request) -> Response:
        """Approves at once (or denies, when told to): the learner's consent is not what is tested here."""
        query = request.args
        client = self.clients.get(query.get("client_id", ""))
        redirect_uri = query.get("redirect_uri", "")
        if client is None or redirect_uri not in client[1]:
            return Response("unknown client or redirect", 400)  # never redirect to an unknown address
        if self.deny:
            return _redirect(redirect_uri, error="access_denied", state=query.get("state", ""))
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256" \
                or not query.get("code_challenge") or not query.get("state"):
            return _redirect(redirect_uri, error="invalid_request", state=query.get("state", ""))
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"client_id": query["client_id"], "redirect_uri": redirect_uri,
                            "challenge": query["code_challenge"], "scope": query.get("scope", "")}
        return _redirect(redirect_uri, code=code, scope=query.get("scope", ""), state=query["state"])

    def _token(self, request: Request) -> Response:
        form = request.form.to_dict()
        self.token_requests.append({"form": form, "authorization": request.headers.get("Authorization", "")})
        if self.token is not None:
            return self.token
        client_id, secret = _basic(request.headers.get("Authorization", ""))
        if client_id not in self.clients or self.clients[client_id][0] != secret:
            return _json({"error": "invalid_client"}, 401)
        grant = self.codes.pop(form.get("code", ""), None)  # a code is used once
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
        if form.get("grant_type") != "authorization_code" or grant is None or grant["client_id"] != client_id \
                or grant["redirect_uri"] != form.get("redirect_uri") or grant["challenge"] != challenge:
            return _json({"error": "invalid_grant"}, 400)
        token = secrets.token_urlsafe(24)
        self.access_tokens.add(token)
        return _json({"access_token": token, "token_type": "Bearer", "expires_in": 3600, "scope": grant["scope"]})

    def _credentials(self, request: Request) -> Response:
        if request.headers.get("Authorization", "").removeprefix("Bearer ") not in self.access_tokens:
            return _json({"error": "invalid_token"}, 401)
        if request.mimetype != "application/json":
            return _json({"error": "unsupported media type"}, 415)
        body = request.get_data()
        if self.upload is not None:
            return self.upload
        replaced = any(json.loads(kept)["id"] == json.loads(body)["id"] for kept in self.received)
        self.received.append(body)
        return Response(body, 200 if replaced else 201, content_type="application/json")


def _redirect(uri: str, **params) -> Response:
    return Response("", 302, headers={"Location": f"{uri}{'&' if '?' in uri else '?'}{urlencode(params)}"})


def _basic(header: str) -> tuple[str, str]:
    if not header.startswith("Basic "):
        return "", ""
    try:
        client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
    except ValueError:
        return "", ""
    return unquote(client_id), unquote(secret)  # RFC 6749 2.3.1: each form-encoded before Basic


@contextmanager
def wallet(host: str = "127.0.0.1", **switches):
    """A stand-in wallet served on loopback: yields the StandIn (its base URL as ``.url``)."""
    stand_in = StandIn(**switches)
    server = make_server(host, 0, stand_in, threaded=True)
    stand_in.url = f"http://{host}:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def consent(authorization_url: str) -> str:
    """Open the wallet's authorisation URL as the browser would; the path and query it sends the learner
    back to on the platform (the callback), which the test then opens with the learner's client."""
    answer = urllib3.request("GET", authorization_url, redirect=False, retries=False, timeout=5)
    assert answer.status == 302, answer.data
    back = urlsplit(answer.headers["Location"])
    return f"{back.path}?{back.query}"


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
