"""Talking to a learner's wallet as an Open Badges 3.0 API client: read its discovery document,
register (RFC 7591), exchange an authorisation code (client_secret_basic, PKCE verifier) and POST
a credential. Every request goes through lms.core.outbound (public addresses only, https only,
size and time limits); the OAuth parameters are Authlib's. Whatever goes wrong raises
WalletFailed with a code the page translates (push.REASONS): nothing here is shown as the wallet
wrote it, and no secret is logged."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from authlib.oauth2.auth import ClientAuth
from authlib.oauth2.rfc6749.parameters import prepare_token_request
from authlib.oauth2.rfc6750.parameters import add_bearer_token

from lms.core.outbound import Answer, FetchRefused, fetch_json, post

DISCOVERY_PATH = "/ims/ob/v3p0/discovery"
UPSERT_SCOPE = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert"
MAX_URL = 2000
MAX_SECRET = 1000  # a client id, secret or access token longer than this is not one we keep or send


class WalletFailed(Exception):
    """The wallet could not be used; ``code`` names why (push.REASONS has its sentence)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class ClientRefused(WalletFailed):
    """The wallet no longer knows our client (invalid_client): our registration is to be made again."""


@dataclass(frozen=True)
class Outbound:
    """What the settings allow outbound requests (OUTBOUND_ALLOW_PRIVATE / OUTBOUND_ALLOW_HTTP)."""

    allow_private: bool = False
    allow_http: bool = False


@dataclass(frozen=True)
class WalletEndpoints:
    """What a wallet's discovery document says about it."""

    name: str
    api_base: str  # the API's base, ending /ims/ob/v3p0: credentials are POSTed to {api_base}/credentials
    registration_url: str
    authorization_url: str
    token_url: str


@dataclass(frozen=True)
class Registration:
    client_id: str
    client_secret: str


# What a refusal by the safe requester means, whichever request it was: the rest depends on the step.
_REFUSALS = {"private": "wallet_private", "scheme": "wallet_not_https", "url": "no_wallet", "unresolved": "no_wallet",
             "unreachable": "wallet_unreachable", "slow": "wallet_unreachable"}


def _refused(error: FetchRefused, otherwise: str) -> WalletFailed:
    return WalletFailed(_REFUSALS.get(error.code, otherwise))


def discovery_address(address: str) -> tuple[str, str]:
    """(discovery URL, origin) of what the learner typed: the wallet's site (https:// assumed when no
    scheme is given), its API base, or its discovery URL itself. WalletFailed("no_wallet") if it is not
    a web address."""
    text = address.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        raise WalletFailed("no_wallet") from error
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        raise WalletFailed("wallet_not_https" if parts.hostname and parts.scheme not in ("http", "https") else "no_wallet")
    origin = f"{parts.scheme}://{parts.netloc.lower()}"
    path = parts.path.rstrip("/")
    if not path.endswith(DISCOVERY_PATH):
        path = path.removesuffix("/ims/ob/v3p0") + DISCOVERY_PATH
    if len(origin) > 255 or len((origin + path).encode()) > MAX_URL:  # (in bytes: a unique index holds it)
        raise WalletFailed("no_wallet")
    return origin + path, origin


def read_discovery(discovery_url: str, outbound: Outbound) -> WalletEndpoints:
    """The wallet's endpoints from its discovery document (an OpenAPI file with an OAuth2 security scheme)."""
    try:
        document = fetch_json(discovery_url, allow_private=outbound.allow_private, allow_http=outbound.allow_http)
    except FetchRefused as error:
        raise _refused(error, "no_discovery") from error
    if not isinstance(document, dict):
        raise WalletFailed("no_discovery")
    flow, scheme = _authorization_code_flow(document)
    scopes = flow.get("scopes")
    if isinstance(scopes, dict) and UPSERT_SCOPE not in scopes:
        raise WalletFailed("no_upsert")  # it says what it allows, and receiving credentials is not among it
    info = document.get("info") if isinstance(document.get("info"), dict) else {}
    title = info.get("title") if isinstance(info.get("title"), str) else ""
    name = "".join(ch for ch in title if ch.isprintable()).strip()[:200] or urlsplit(discovery_url).netloc
    endpoints = WalletEndpoints(
        name=name, api_base=_api_base(document, discovery_url),
        registration_url=_url(scheme.get("x-imssf-registrationUrl"), discovery_url),
        authorization_url=_url(flow.get("authorizationUrl"), discovery_url),
        token_url=_url(flow.get("tokenUrl"), discovery_url))
    # The learner's browser, not this server, goes to the authorisation URL: the outbound checks never see
    # it, so its scheme is checked here (the others are checked again when requested).
    if not outbound.allow_http and urlsplit(endpoints.authorization_url).scheme != "https":
        raise WalletFailed("wallet_not_https")
    return endpoints


def _authorization_code_flow(document: dict) -> tuple[dict, dict]:
    """The first OAuth2 security scheme with an authorization code flow and a registration URL."""
    components = document.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    for scheme in (schemes.values() if isinstance(schemes, dict) else ()):
        flows = scheme.get("flows") if isinstance(scheme, dict) and scheme.get("type") == "oauth2" else None
        flow = flows.get("authorizationCode") if isinstance(flows, dict) else None
        if isinstance(flow, dict) and scheme.get("x-imssf-registrationUrl"):
            return flow, scheme
    raise WalletFailed("discovery_incomplete")


def _api_base(document: dict, discovery_url: str) -> str:
    """servers[0].url when it is a plain URL; otherwise where the discovery document is (its parent)."""
    servers = document.get("servers")
    first = servers[0] if isinstance(servers, list) and servers and isinstance(servers[0], dict) else {}
    url = first.get("url")
    if isinstance(url, str) and "{" not in url:
        return _url(url, discovery_url).rstrip("/")
    return discovery_url.removesuffix("/discovery")


def _url(value: Any, base: str) -> str:
    """An absolute http(s) URL, relative ones read against the discovery document's address."""
    if not isinstance(value, str) or not value or len(value) > MAX_URL:
        raise WalletFailed("discovery_incomplete")
    try:
        url = urljoin(base, value)
        parts = urlsplit(url)
    except ValueError as error:
        raise WalletFailed("discovery_incomplete") from error
    if parts.scheme not in ("http", "https") or not parts.hostname or not url.isprintable():
        raise WalletFailed("discovery_incomplete")
    return url


def register(endpoints: WalletEndpoints, metadata: dict, outbound: Outbound) -> Registration:
    """Dynamic client registration (RFC 7591): our metadata in, our client id and secret out."""
    answer = _post(endpoints.registration_url, json.dumps(metadata).encode(), "application/json", {}, outbound,
                   "registration_refused")
    document = _json(answer) if answer.ok else None
    client_id = document.get("client_id") if isinstance(document, dict) else None
    secret = document.get("client_secret") if isinstance(document, dict) else None
    if not (_token_like(client_id) and _token_like(secret)):  # RFC 6749: printable ASCII, both
        raise WalletFailed("registration_refused")
    return Registration(client_id, secret)


def exchange_code(token_url: str, registration: Registration, *, code: str, redirect_uri: str, code_verifier: str,
                  outbound: Outbound) -> str:
    """The access token for an authorisation code. WalletFailed when there is none; ClientRefused when
    the wallet no longer knows our client."""
    body = prepare_token_request("authorization_code", code=code, redirect_uri=redirect_uri, scope=UPSERT_SCOPE,
                                 code_verifier=code_verifier)
    # RFC 6749 2.3.1: each is form-encoded before HTTP Basic (Authlib's helper leaves that to its caller).
    basic = ClientAuth(quote(registration.client_id, safe=""), quote(registration.client_secret, safe=""),
                       "client_secret_basic")
    _, headers, body = basic.prepare("POST", token_url, {}, body)
    answer = _post(token_url, body.encode(), "application/x-www-form-urlencoded", headers, outbound,
                   "token_refused")
    document = _json(answer) if answer.is_json or answer.ok else None
    if not answer.ok:
        # Only invalid_client says the wallet no longer knows us (RFC 6749 5.2), which makes everyone's next push
        # register again: any other refusal, a 401 without that error included, is this push's alone.
        client_refused = isinstance(document, dict) and document.get("error") == "invalid_client"
        if answer.status >= 500:
            raise WalletFailed("wallet_failed")
        raise ClientRefused("token_refused") if client_refused else WalletFailed("token_refused")
    token = document.get("access_token") if isinstance(document, dict) else None
    token_type = document.get("token_type") if isinstance(document, dict) else None
    if not _token_like(token) or not isinstance(token_type, str) or token_type.lower() != "bearer":
        raise WalletFailed("token_refused")
    return token


def send_credential(api_base: str, access_token: str, document: str, outbound: Outbound) -> int:
    """POST the signed credential, exactly as stored, to {api_base}/credentials; the wallet's status (200, 201)."""
    url = api_base + "/credentials"
    _, headers, _ = add_bearer_token(access_token, url, {}, None)
    answer = _post(url, document.encode(), "application/json", headers, outbound, "upload_refused")
    if answer.status >= 500:
        raise WalletFailed("wallet_failed")
    if not answer.ok:
        raise WalletFailed("upload_refused")
    return answer.status


def _post(url: str, body: bytes, content_type: str, headers: dict, outbound: Outbound, otherwise: str) -> Answer:
    try:
        return post(url, body, content_type=content_type, headers=headers, allow_private=outbound.allow_private,
                    allow_http=outbound.allow_http)
    except FetchRefused as error:
        raise _refused(error, otherwise) from error


def _json(answer: Answer) -> Any:
    try:
        return answer.json()
    except FetchRefused:
        return None


def _token_like(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_SECRET and value.isascii() and value.isprintable()
