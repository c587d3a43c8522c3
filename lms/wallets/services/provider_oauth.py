"""The OAuth 2.0 authorisation server wallets talk to, on Authlib's framework-neutral classes: dynamic
client registration (RFC 7591), the authorisation code grant with PKCE S256 required (RFC 7636), the
refresh token grant with rotation, and token revocation (RFC 7009); clients authenticate with HTTP
Basic only, as Open Badges 3.0 requires. Views hand in an ``HttpCall`` (what the request said, with
its address as the public sees it) and get back an ``Answer`` to send; nothing here reads a Flask
request. Authlib's storage callbacks call provider_store; ``now`` comes from the caller."""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from authlib.common.security import generate_token
from authlib.consts import default_json_headers
from authlib.oauth2 import AuthorizationServer, OAuth2Error, OAuth2Request
from authlib.oauth2.rfc6749 import JsonPayload, JsonRequest
from authlib.oauth2.rfc6749.requests import OAuth2Payload
from authlib.oauth2.rfc6749.util import scope_to_list

from lms.core.errors import DomainError
from lms.core.i18n import gettext
from lms.wallets.services import provider_store as store
from lms.wallets.services.provider import (
    ACCESS_TOKEN_LIFETIME, OFFLINE, REFRESH_TOKEN_LIFETIME, hash_secret, scope_words, site_host,
)
from lms.wallets.services.provider_grants import (
    CodeGrant, Learner, RefreshGrant, Registration, Revocation, S256Challenge, Wallet, refuse_odd_parameters,
)


@dataclass(frozen=True)
class HttpCall:
    """What an HTTP request said: ``url`` as the public sees it (from the site's base URL), the query's
    and the form's values as lists, the headers."""

    method: str
    url: str
    headers: dict[str, str]
    query: dict[str, list[str]] = field(default_factory=dict)
    form: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """An HTTP response to send: status, a JSON object (or empty text), headers."""

    status: int
    body: dict | str
    headers: list[tuple[str, str]]


class _Values(OAuth2Payload):
    def __init__(self, values: dict[str, list[str]]):
        self._lists = values
        self._first = {key: items[0] for key, items in values.items() if items}

    @property
    def data(self):
        return self._first

    @property
    def datalist(self):
        return defaultdict(list, self._lists)


class CallRequest(OAuth2Request):
    """Authlib's request, made from an HttpCall (the query and form's values together, as OAuth reads them)."""

    def __init__(self, call: HttpCall):
        super().__init__(call.method, call.url, headers=_readable_basic(call.headers))
        self.payload = _Values({**call.query, **call.form})
        self._call = call

    @property
    def args(self):
        return {key: items[0] for key, items in self._call.query.items() if items}

    @property
    def form(self):
        return {key: items[0] for key, items in self._call.form.items() if items}


def _readable_basic(headers: dict[str, str]) -> dict[str, str]:
    """HTTP Basic credentials Authlib can read: others (not base64 of UTF-8) are dropped, so the client
    is simply not authenticated (invalid_client) instead of the request failing."""
    auth = headers.get("Authorization", "")
    if auth[:6].lower() == "basic ":
        try:
            base64.b64decode(auth[6:].strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return {name: value for name, value in headers.items() if name != "Authorization"}
    return headers


class ProviderServer(AuthorizationServer):
    """Authlib's server for one request at ``now``, answering with Answer tuples instead of framework responses."""

    def __init__(self, now: datetime):
        super().__init__(scopes_supported=None)  # unknown scopes are left out (Wallet.get_allowed_scope)
        self.now = now
        self._wallets: dict[object, Wallet | None] = {}
        self.register_grant(CodeGrant, [S256Challenge(required=True)])
        self.register_grant(RefreshGrant)
        self.register_endpoint(Revocation)
        self.register_endpoint(Registration)
        self.register_token_generator("default", self._bearer)

    def query_client(self, client_id):
        """Read once per request (Authlib asks again when it answers the request it checked)."""
        if client_id not in self._wallets:
            row = store.wallet_by_client_id(client_id)
            self._wallets[client_id] = Wallet(row) if row is not None else None
        return self._wallets[client_id]

    def get_consent_grant(self, request=None, end_user=None):
        refuse_odd_parameters(request.payload)  # before Authlib reads any of them
        return super().get_consent_grant(request, end_user=end_user)

    def save_token(self, token, request):
        store.save_token(wallet_id=request.client.row.id, user_id=request.user.id,
                         access_hash=hash_secret(token["access_token"]),
                         refresh_hash=hash_secret(token["refresh_token"]) if "refresh_token" in token else None,
                         scope=token["scope"], now=self.now, lifetime=ACCESS_TOKEN_LIFETIME)

    @staticmethod
    def _bearer(grant_type, client, user=None, scope=None, expires_in=None, include_refresh_token=True):
        """An opaque access token for an hour; a refresh token only when offline_access was granted."""
        token = {"token_type": "Bearer", "access_token": generate_token(48),
                 "expires_in": int(ACCESS_TOKEN_LIFETIME.total_seconds()), "scope": scope}
        if include_refresh_token and OFFLINE in (scope_to_list(scope) or []):
            token["refresh_token"] = generate_token(48)
        return token

    def create_oauth2_request(self, request):
        return request

    def create_json_request(self, request):
        return request

    def handle_response(self, status, body, headers):
        return Answer(status, body, list(headers))

    def send_signal(self, name, *args, **kwargs):
        """No listeners."""


def oauth_error(error: OAuth2Error) -> Answer:
    """An OAuth error raised before the server could answer it itself (e.g. plain http)."""
    status, body, headers = error()
    return Answer(status, body, list(headers))


def json_answer(status: int, body: dict) -> Answer:
    return Answer(status, body, list(default_json_headers))


REGISTRATION_MAX_BYTES = 64 * 1024


class RefusedRequest(DomainError):
    """An authorisation request that cannot be answered to the wallet (unknown wallet, or an address to
    send the learner back to that is not the wallet's own): the learner is told instead, never redirected."""

    def __init__(self):
        super().__init__(gettext("This request from a wallet cannot be accepted: the wallet is not registered here, "
                                 "or it asked to send you back to an address that is not its own. Nothing was shared."))


@dataclass(frozen=True)
class Consent:
    """What the consent page shows: who asks (as the wallet registered itself), and for what, in words."""

    wallet_name: str
    site: str
    host: str
    logo_uri: str | None
    tos_uri: str | None
    policy_uri: str | None
    scope: str
    permissions: list[str]
    redirect_origin: str  # where Allow and Deny send the browser (the page's form-action must allow it)


class _Json(JsonPayload):
    def __init__(self, data: dict):
        self._data = data

    @property
    def data(self):
        return self._data


def register_wallet(body: bytes, *, url: str, headers: dict[str, str], now: datetime) -> Answer:
    """RFC 7591 registration: 201 with the client's id, secret and metadata as registered, or 400 with
    invalid_client_metadata / invalid_redirect_uri and why. The secret is kept only as its SHA-256."""
    if len(body) > REGISTRATION_MAX_BYTES:
        return registration_too_large()
    try:
        metadata = json.loads(body)
    except (ValueError, RecursionError):  # not JSON (or not UTF-8), or nested beyond reason
        metadata = None
    if not isinstance(metadata, dict) or not metadata:
        return json_answer(400, {"error": "invalid_client_metadata", "error_description": "send the metadata as a JSON object"})
    request = JsonRequest("POST", url, headers)
    request.payload = _Json(metadata)
    return ProviderServer(now).create_endpoint_response("client_registration", request)


def registration_too_large() -> Answer:
    return json_answer(400, {"error": "invalid_client_metadata", "error_description": "the registration is over 64 KB"})


@dataclass(frozen=True)
class Unaccepted:
    """A registered wallet's request in error, for a learner who has not let that wallet in: said here,
    with a link back to the wallet (the error and state in it) rather than an automatic redirect, since
    anyone can register a wallet and an automatic redirect would make this site an open redirector
    (RFC 9700 4.11.2)."""

    wallet_name: str
    host: str  # where the link goes: the redirect_uri's host
    reason: str
    return_url: str


def _reason(error: OAuth2Error) -> str:
    if error.error == "invalid_scope":
        return gettext("It asked for permissions this site does not give.")
    return gettext("Its request is incomplete or not one this site understands.")


def _consent_grant(server: ProviderServer, call: HttpCall, user_id: int):
    """Authlib's checked authorisation request (the grant); in error, an Answer sending the error to a
    wallet this learner has let in, Unaccepted for another; RefusedRequest when the wallet or its
    redirect_uri cannot be trusted with an answer, or the request is beyond reading."""
    request = CallRequest(call)
    try:
        return server.get_consent_grant(request, end_user=Learner(user_id))
    except OAuth2Error as error:
        wallet = server.query_client(request.payload.client_id) if error.redirect_uri else None
        if wallet is None:
            raise RefusedRequest() from error
        if store.approved_by(user_id, wallet.row.id, now=server.now, refresh_lifetime=REFRESH_TOKEN_LIFETIME):
            return oauth_error(error)
        _, _, headers = error()
        return Unaccepted(wallet.row.name, site_host(error.redirect_uri), _reason(error), dict(headers)["Location"])
    except ValueError as error:  # Authlib's own check of an error description it built from the request's words
        raise RefusedRequest() from error


def ask_consent(call: HttpCall, user_id: int, *, now: datetime) -> Consent | Answer | Unaccepted:
    """The authorisation request checked (client, redirect_uri, scope, PKCE S256, state): what to ask the
    learner, or its error (sent back to a wallet the learner has let in, said here for another)."""
    grant = _consent_grant(ProviderServer(now), call, user_id)
    if isinstance(grant, (Answer, Unaccepted)):
        return grant
    row = grant.client.row
    return Consent(row.name, row.client_uri, site_host(row.client_uri), row.logo_uri, row.tos_uri, row.policy_uri,
                   grant.request.scope, scope_words(grant.request.scope), origin_of(grant.redirect_uri))


def decide(call: HttpCall, user_id: int, *, allowed: bool, now: datetime) -> Answer | Unaccepted:
    """The learner's answer, the request checked again: a redirect to the wallet with a code (used once,
    10 minutes) and the granted scope, or with error=access_denied (the learner's own click sends them
    there); the wallet's state either way."""
    server = ProviderServer(now)
    grant = _consent_grant(server, call, user_id)
    if isinstance(grant, (Answer, Unaccepted)):
        return grant
    return server.create_authorization_response(grant.request, grant_user=Learner(user_id) if allowed else None,
                                                grant=grant)


def _answered(handle) -> Answer:
    try:
        return handle()
    except OAuth2Error as error:  # e.g. the request reached us over plain http
        return oauth_error(error)


def exchange(call: HttpCall, *, now: datetime) -> Answer:
    """The token endpoint: authorization_code (with the PKCE verifier) or refresh_token, Basic client auth."""
    server = ProviderServer(now)
    return _answered(lambda: server.create_token_response(CallRequest(call)))


def revoke(call: HttpCall, *, now: datetime) -> Answer:
    """RFC 7009: 200 whether or not the token was known; the token's whole grant ends."""
    server = ProviderServer(now)
    return _answered(lambda: server.create_endpoint_response("revocation", CallRequest(call)))


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
