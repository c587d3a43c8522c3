"""The wallet as a resource server: its Service Description Document and ``POST /ims/ob/v3p0/credentials``,
which keeps what a platform pushes (the specification's credential equality decides between 201 created and
200 replaced), plus the pages its registration metadata points at."""

from __future__ import annotations

import base64
import html
import json

from werkzeug.wrappers import Request, Response

from tests.wallets.reference_wallet import spec
from tests.wallets.reference_wallet.common import (MAX_BODY, Findings, bearer_token, jws_payload, page,
                                                   same_credential_key, status_info)
from tests.wallets.reference_wallet.records import Held, Memory

SIDE = "platform as client"
NAME = "Reference Wallet"
JSON_TYPES = ("application/json", "application/vc+ld+json")
# A 1x1 PNG: the logo the registration and the discovery document name.
LOGO = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9aw"
                        "AAAABJRU5ErkJggg==")


def discovery_document(base: str) -> dict:
    """A profiled OpenAPI 3.0 document: what this wallet offers and where its OAuth endpoints are."""
    upsert = {"post": {"operationId": "upsertCredential", "tags": ["OpenBadgeCredentials"],
                       "security": [{"OAuth2ACG": [spec.CREDENTIAL_UPSERT]}],
                       "requestBody": {"content": {"application/json": {}, "text/plain": {}}},
                       "responses": {"200": {"description": "replaced"}, "201": {"description": "created"}}}}
    return {
        "openapi": "3.0.1",
        "info": {"title": NAME, "version": "1.0", "description": "A reference wallet for tests.",
                 "termsOfService": f"{base}/terms", "x-imssf-privacyPolicyUrl": f"{base}/privacy",
                 "x-imssf-image": f"{base}/logo.png"},
        "servers": [{"url": f"{base}/ims/ob/v3p0"}],
        "paths": {"/credentials": upsert,
                  "/discovery": {"get": {"operationId": "getServiceDescription", "responses": {"200": {}}}}},
        "components": {"securitySchemes": {"OAuth2ACG": {
            "type": "oauth2", "description": "OAuth 2.0 Authorization Code Grant authorization",
            "x-imssf-name": NAME, "x-imssf-privacyPolicyUrl": f"{base}/privacy",
            "x-imssf-registrationUrl": f"{base}/register", "x-imssf-termsOfServiceUrl": f"{base}/terms",
            "flows": {"authorizationCode": {
                "authorizationUrl": f"{base}/authorize", "tokenUrl": f"{base}/token", "refreshUrl": f"{base}/token",
                "scopes": {spec.CREDENTIAL_UPSERT: "Add or replace credentials in this wallet.",
                           spec.OFFLINE_ACCESS: "Keep access while the holder is away."}}}}},
            "schemas": {}},
    }


class Holder:
    def __init__(self, memory: Memory, findings: Findings) -> None:
        self.memory, self.findings = memory, findings

    def upsert(self, request: Request) -> Response:
        refused = self._refused(request)
        if refused is not None:
            return refused
        token = self.memory.tokens[bearer_token(request)]
        if (request.content_length or 0) > MAX_BODY:
            return status_info(400, "the credential is too large")
        text = request.get_data(as_text=True)
        held = self._read(request.mimetype, text)
        if isinstance(held, Response):
            return held
        client = self.memory.clients.get(token.client_id)
        held.client_name = str(client.metadata.get("client_name") or client.client_id) if client else "?"
        with self.memory.lock:
            before = self.memory.held.get(held.key)
            if before is not None:
                held.times_received = before.times_received + 1
            self.memory.held[held.key] = held
        # The answer is the credential as received, in the same format (the specification's 200 and 201).
        return Response(text, 200 if before else 201, content_type=held.content_type)

    def _refused(self, request: Request) -> Response | None:
        """401 without a usable bearer token, 403 without the upsert scope (RFC 6750 section 3)."""
        given = bearer_token(request)
        if given is None:
            return status_info(401, "a bearer token is required",
                               {"WWW-Authenticate": 'Bearer realm="reference-wallet"'})
        token = self.memory.tokens.get(given)
        if token is None or not token.usable():
            return status_info(401, "the access token is unknown, expired or revoked",
                               {"WWW-Authenticate": 'Bearer realm="reference-wallet", error="invalid_token"'})
        if spec.CREDENTIAL_UPSERT not in token.scopes:
            return status_info(403, "the access token lacks the credential.upsert scope", {
                "WWW-Authenticate": f'Bearer realm="reference-wallet", error="insufficient_scope", '
                                    f'scope="{spec.CREDENTIAL_UPSERT}"'})
        return None

    def _read(self, mimetype: str, text: str) -> Held | Response:
        if mimetype == "text/plain":
            credential = jws_payload(text)
            if credential is None:
                return status_info(400, "the body is not a compact JWS with a JSON payload")
            kind, content_type = "jws", "text/plain"
        else:
            if mimetype not in JSON_TYPES:
                self.findings.add(SIDE, "upsertCredential", f"Content-Type {mimetype!r}", spec.UPSERT_JSON)
            try:
                credential = json.loads(text)
            except ValueError:
                return status_info(400, "the body is not JSON")
            kind, content_type = "json", mimetype if mimetype in JSON_TYPES else "application/json"
        if not _is_credential(credential):
            return status_info(400, "the body is not an OpenBadgeCredential (type, issuer, credentialSubject)")
        key = same_credential_key(credential)
        if not all(key):
            return status_info(400, "the credential has no id or no issuer id")
        return Held(key, kind, text, credential, content_type, "")

    def received(self) -> dict:
        with self.memory.lock:
            held = list(self.memory.held.values())
            clients = [client.metadata for client in self.memory.clients.values()]
        return {"credentials": [{"kind": item.kind, "text": item.text, "credential": item.credential,
                                 "content_type": item.content_type, "pushed_by": item.client_name,
                                 "times_received": item.times_received} for item in held],
                "clients": [{k: v for k, v in meta.items() if k != "client_secret"} for meta in clients]}

    def home(self) -> Response:
        with self.memory.lock:
            names = [str(item.credential.get("name") or item.key[1]) for item in self.memory.held.values()]
        items = "".join(f"<li>{html.escape(name)}</li>" for name in names) or "<li>Nothing yet.</li>"
        return page(NAME, f'<ul id="held">{items}</ul>')


def _is_credential(credential) -> bool:
    if not isinstance(credential, dict):
        return False
    types = credential.get("type")
    types = types if isinstance(types, list) else [types]
    return ("VerifiableCredential" in types and bool({"OpenBadgeCredential", "AchievementCredential"} & set(types))
            and bool(credential.get("issuer")) and isinstance(credential.get("credentialSubject"), dict))


def logo() -> Response:
    return Response(LOGO, content_type="image/png")


def text_page(title: str) -> Response:
    return page(title, f"<p>{html.escape(title)} of the reference wallet, a test fixture.</p>")
