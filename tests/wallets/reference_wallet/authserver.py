"""The wallet as an authorisation server, for a platform that pushes credentials here: dynamic client
registration (RFC 7591, as the specification profiles it), the authorisation page, the token endpoint
(authorisation code with PKCE S256, refresh with rotation, client_secret_basic only) and revocation (RFC 7009)."""

from __future__ import annotations

import hashlib
import hmac
import html
import time
from urllib.parse import urlencode, urlsplit

import urllib3
from werkzeug.wrappers import Request, Response

from tests.wallets.reference_wallet import spec
from tests.wallets.reference_wallet.common import (NO_STORE, VERIFIER, Findings, basic_credentials, form_of,
                                                   is_loopback, json_of, json_response, new_secret, oauth_error,
                                                   page, s256, scopes_of)
from tests.wallets.reference_wallet.records import Client, Grant, Memory, Pending, Token

SIDE = "platform as client"
OFFERED = [spec.CREDENTIAL_UPSERT, spec.OFFLINE_ACCESS]  # what this wallet lets a platform do
URL_FIELDS = ("client_uri", "logo_uri", "tos_uri", "policy_uri")
SCOPE_WORDS = {spec.CREDENTIAL_UPSERT: "add badges to your wallet and replace them",
               spec.OFFLINE_ACCESS: "keep doing so while you are away (a refresh token)"}


class AuthorizationServer:
    def __init__(self, memory: Memory, findings: Findings) -> None:
        self.memory, self.findings = memory, findings

    def note(self, step: str, detail: str, sentence: str) -> None:
        self.findings.add(SIDE, step, detail, sentence)

    # Registration --------------------------------------------------------------------------------------
    def register(self, request: Request) -> Response:
        metadata = json_of(request)
        if not isinstance(metadata, dict):
            return oauth_error("invalid_client_metadata", "the body is not a JSON object")
        self._note_registration(metadata)
        redirect_uris = metadata.get("redirect_uris")
        redirect_uris = [redirect_uris] if isinstance(redirect_uris, str) else redirect_uris
        if not redirect_uris or not all(_absolute_url(uri) for uri in redirect_uris):
            return oauth_error("invalid_redirect_uri", "redirect_uris must list absolute http(s) URLs")
        method = metadata.get("token_endpoint_auth_method", "client_secret_basic")
        if method != "client_secret_basic":
            self.note("registration", f"token_endpoint_auth_method is {method!r}", spec.REGISTRATION_AUTH_METHOD)
            return oauth_error("invalid_client_metadata", "only client_secret_basic is supported")
        grant_types = _as_list(metadata.get("grant_types", ["authorization_code"]))
        if not set(grant_types) <= {"authorization_code", "refresh_token"}:
            self.note("registration", f"grant_types is {grant_types!r}", spec.REGISTRATION_GRANT_TYPES)
            return oauth_error("invalid_client_metadata", "only authorization_code and refresh_token are supported")
        if not set(_as_list(metadata.get("response_types", ["code"]))) <= {"code"}:
            self.note("registration", f"response_types is {metadata['response_types']!r}",
                      spec.REGISTRATION_RESPONSE_TYPES)
            return oauth_error("invalid_client_metadata", "only the code response type is supported")
        asked = scopes_of(metadata.get("scope") if isinstance(metadata.get("scope"), str) else None)
        scopes = [scope for scope in asked if scope in OFFERED] if asked else list(OFFERED)
        client = Client(new_secret(), new_secret(), {}, list(redirect_uris), scopes, grant_types)
        client.metadata = {**metadata, "redirect_uris": client.redirect_uris, "scope": " ".join(scopes),
                           "token_endpoint_auth_method": "client_secret_basic", "grant_types": grant_types,
                           "client_id": client.client_id, "client_secret": client.secret,
                           "client_id_issued_at": int(time.time()), "client_secret_expires_at": 0}
        with self.memory.lock:
            self.memory.clients[client.client_id] = client
        return json_response(client.metadata, 201, NO_STORE)

    def _note_registration(self, metadata: dict) -> None:
        for name in spec.REGISTRATION_REQUIRED_FIELDS:
            if metadata.get(name) in (None, "", []):
                self.note("registration", f"the request has no {name}", spec.REGISTRATION_REQUIRED)
        for name in ("redirect_uris", "grant_types", "response_types", "contacts"):
            if name in metadata and not isinstance(metadata[name], list):
                self.note("registration", f"{name} is not an array", spec.REGISTRATION_ARRAYS)
        urls = [metadata.get(name) for name in URL_FIELDS] + _as_list(metadata.get("redirect_uris"))
        urls = [url for url in urls if isinstance(url, str) and url]
        hosts = {urlsplit(url).hostname for url in urls}
        if len(hosts) > 1:
            self.note("registration", f"the URLs name several hosts: {sorted(map(str, hosts))}",
                      spec.REGISTRATION_URLS)
        for url in urls:
            if urlsplit(url).scheme != "https" and not is_loopback(url):  # loopback: the tests' own http
                self.note("registration", f"{url} is not https", spec.REGISTRATION_URLS)

    # Authorisation -------------------------------------------------------------------------------------
    def authorize(self, request: Request) -> Response:
        args = {key: request.args.get(key, "") for key in request.args}
        client = self.memory.clients.get(args.get("client_id", ""))
        if client is None:
            return page("Unknown application", "<p>No application registered with that client_id.</p>", 400)
        redirect_uri = args.get("redirect_uri", "")
        if not redirect_uri:
            self.note("authorization request", "no redirect_uri", spec.REDIRECT_URI)
        if redirect_uri not in client.redirect_uris:  # never redirect to an unknown address
            return page("Unknown return address", "<p>That redirect_uri was not registered.</p>", 400)
        state = args.get("state", "")
        refused = self._refusal(args, client)
        if refused:
            return _back(redirect_uri, {"error": refused[0], "error_description": refused[1]}, state)
        asked = scopes_of(args.get("scope")) or client.scopes
        pending = Pending(client.client_id, redirect_uri, [s for s in asked if s in client.scopes], state,
                          args["code_challenge"])
        if self.memory.consent != "ask":
            return self._answer(pending, self.memory.consent == "allow")
        request_id = new_secret()
        with self.memory.lock:
            self.memory.pending[request_id] = pending
        return self._consent_page(client, pending, request_id)

    def _refusal(self, args: dict, client: Client) -> tuple[str, str] | None:
        if args.get("response_type") != "code":
            return "unsupported_response_type", "only response_type=code"
        if not args.get("state"):
            self.note("authorization request", "no state", spec.STATE)
            return "invalid_request", "state is required"
        if not args.get("code_challenge"):
            self.note("authorization request", "no code_challenge", spec.PKCE)
            return "invalid_request", "PKCE is required (code_challenge)"
        if args.get("code_challenge_method") != "S256":
            self.note("authorization request", f"code_challenge_method is {args.get('code_challenge_method')!r}",
                      spec.S256)
            return "invalid_request", "code_challenge_method must be S256"
        if not args.get("scope"):
            self.note("authorization request", "no scope (the registered scopes were used)",
                      spec.AUTHORIZATION_SCOPE_REQUIRED)
        if not any(scope in client.scopes for scope in scopes_of(args.get("scope")) or client.scopes):
            return "invalid_scope", "none of the scopes asked for is offered here"
        return None

    def _consent_page(self, client: Client, pending: Pending, request_id: str) -> Response:
        meta = client.metadata
        self._check_logo(meta.get("logo_uri"))
        links = "".join(f'<li><a href="{html.escape(str(meta[name]))}">{name}</a></li>'
                        for name in URL_FIELDS if isinstance(meta.get(name), str))
        asks = "".join(f"<li>{html.escape(SCOPE_WORDS.get(scope, scope))}</li>" for scope in pending.scopes)
        body = (f'<p id="client">{html.escape(str(meta.get("client_name") or client.client_id))} asks to:</p>'
                f"<ul id=\"scopes\">{asks}</ul><ul>{links}</ul>"
                f'<form method="post" action="/authorize"><input type="hidden" name="request" value="{request_id}">'
                '<button name="decision" value="allow">Allow</button> '
                '<button name="decision" value="deny">Deny</button></form>')
        return page("Allow this application?", body)

    def _check_logo(self, logo_uri) -> None:
        if not isinstance(logo_uri, str) or not _absolute_url(logo_uri):
            return
        try:
            answer = urllib3.request("GET", logo_uri, timeout=5, redirect=False, preload_content=True)
        except urllib3.exceptions.HTTPError as error:
            self.note("registration", f"logo_uri {logo_uri} could not be read: {error}", spec.LOGO)
            return
        if answer.status != 200 or not (answer.headers.get("Content-Type") or "").startswith("image/"):
            self.note("registration", f"logo_uri {logo_uri} answered {answer.status} "
                      f"{answer.headers.get('Content-Type')}", spec.LOGO)

    def decide(self, request: Request) -> Response:
        form = form_of(request) or {}
        with self.memory.lock:
            pending = self.memory.pending.pop(form.get("request", ""), None)
        if pending is None:
            return page("Expired", "<p>That request is unknown or was answered already.</p>", 400)
        return self._answer(pending, form.get("decision") == "allow")

    def _answer(self, pending: Pending, allowed: bool) -> Response:
        if not allowed:
            return _back(pending.redirect_uri, {"error": "access_denied"}, pending.state)
        grant = Grant(new_secret(), pending.client_id, pending.redirect_uri, pending.scopes, pending.code_challenge)
        with self.memory.lock:
            self.memory.grants[grant.code] = grant
        return _back(pending.redirect_uri, {"code": grant.code, "scope": " ".join(grant.scopes)}, pending.state)

    # Tokens --------------------------------------------------------------------------------------------
    def token(self, request: Request) -> Response:
        form = form_of(request)
        if form is None:
            return oauth_error("invalid_request", "the body must be application/x-www-form-urlencoded")
        client = self._authenticated(request, form)
        if client is None:
            return oauth_error("invalid_client", "client authentication failed (HTTP Basic)", 401,
                               {"WWW-Authenticate": 'Basic realm="reference-wallet"'})
        if form.get("grant_type") == "authorization_code":
            return self._exchange_code(client, form)
        if form.get("grant_type") == "refresh_token" and "refresh_token" in client.grant_types:
            return self._refresh(client, form)
        return oauth_error("unsupported_grant_type", f"grant_type {form.get('grant_type')!r} is not supported")

    def _authenticated(self, request: Request, form: dict) -> Client | None:
        given = basic_credentials(request)
        if given is None:
            if "client_secret" in form or "client_id" in form:
                self.note("token request", "the client authenticated in the body, not with HTTP Basic",
                          spec.TOKEN_BASIC)
            else:
                self.note("token request", "no client authentication", spec.TOKEN_BASIC)
            return None
        client = self.memory.clients.get(given[0])
        if client is None or not hmac.compare_digest(_digest(client.secret), _digest(given[1])):
            return None
        return client

    def _exchange_code(self, client: Client, form: dict) -> Response:
        missing = [name for name in ("code", "redirect_uri", "scope", "code_verifier") if not form.get(name)]
        if missing:
            self.note("token request", f"no {', '.join(missing)}", spec.TOKEN_FIELDS)
        if {"code", "redirect_uri", "code_verifier"} & set(missing):
            return oauth_error("invalid_request", f"missing {', '.join(missing)}")
        with self.memory.lock:
            grant = self.memory.grants.get(form["code"])
            if grant is None or grant.client_id != client.client_id or time.time() > grant.expires_at:
                return oauth_error("invalid_grant", "unknown or expired code")
            if grant.used:  # a replayed code: what it gave is taken back
                for access_token in grant.access_tokens:
                    self._revoke(self.memory.tokens.get(access_token))
                return oauth_error("invalid_grant", "the code was used already")
            grant.used = True
        if form["redirect_uri"] != grant.redirect_uri:
            return oauth_error("invalid_grant", "redirect_uri differs from the authorisation request's")
        if not VERIFIER.match(form["code_verifier"]):
            return oauth_error("invalid_request", "the code_verifier is malformed (RFC 7636 section 4.1)")
        if s256(form["code_verifier"]) != grant.code_challenge:
            return oauth_error("invalid_grant", "the code_verifier does not match the code_challenge")
        scopes = scopes_of(form.get("scope")) or grant.scopes
        if not set(scopes) <= set(grant.scopes):
            return oauth_error("invalid_scope", "more scope than was granted")
        token = self._issue(client, scopes)
        grant.access_tokens.append(token.access_token)
        return self._token_answer(token)

    def _refresh(self, client: Client, form: dict) -> Response:
        if not form.get("refresh_token"):
            return oauth_error("invalid_request", "missing refresh_token")
        if not form.get("scope"):
            self.note("refresh request", "no scope", spec.REFRESH_FIELDS)
        with self.memory.lock:
            old = self.memory.refresh.get(form["refresh_token"])
            if old is None or old.revoked or old.client_id != client.client_id:
                return oauth_error("invalid_grant", "unknown or revoked refresh token")
            scopes = scopes_of(form.get("scope")) or old.scopes
            if not set(scopes) <= set(old.scopes):
                return oauth_error("invalid_scope", "more scope than was granted")
            self._revoke(old)  # rotation: the old pair stops working
            return self._token_answer(self._issue(client, scopes))

    def _issue(self, client: Client, scopes: list[str]) -> Token:
        refresh = new_secret() if "refresh_token" in client.grant_types else None
        token = Token(new_secret(), refresh, client.client_id, scopes)
        with self.memory.lock:
            self.memory.tokens[token.access_token] = token
            if refresh:
                self.memory.refresh[refresh] = token
        return token

    def _token_answer(self, token: Token) -> Response:
        body = {"access_token": token.access_token, "token_type": "Bearer", "expires_in": 3600,
                "scope": " ".join(token.scopes)}
        if token.refresh_token:
            body["refresh_token"] = token.refresh_token
        return json_response(body, 200, NO_STORE)

    def _revoke(self, token: Token | None) -> None:
        if token is not None:
            token.revoked = True

    def revoke(self, request: Request) -> Response:
        """RFC 7009: 200 whether or not the token was known; only the client's own tokens."""
        form = form_of(request) or {}
        client = self._authenticated(request, form)
        if client is None:
            return oauth_error("invalid_client", "client authentication failed (HTTP Basic)", 401,
                               {"WWW-Authenticate": 'Basic realm="reference-wallet"'})
        with self.memory.lock:
            token = self.memory.tokens.get(form.get("token", "")) or self.memory.refresh.get(form.get("token", ""))
            if token is not None and token.client_id == client.client_id:
                self._revoke(token)
        return Response("", 200)


def _back(redirect_uri: str, params: dict, state: str) -> Response:
    query = urlencode({**params, **({"state": state} if state else {})})
    separator = "&" if urlsplit(redirect_uri).query else "?"
    return Response("", 302, {"Location": f"{redirect_uri}{separator}{query}"})


def _absolute_url(value) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.fragment


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value] if value else []


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8")).digest()
