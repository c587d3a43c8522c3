"""The wallet as a consumer of a platform's Open Badges API: read its Service Description Document,
register once (RFC 7591, every property the specification requires), send the learner to its authorisation
URL with PKCE S256 and state, exchange the code with HTTP Basic client authentication, then read every page of
``GET /ims/ob/v3p0/credentials`` (following ``Link: rel="next"``) and ``GET /ims/ob/v3p0/profile``."""

from __future__ import annotations

import html
import json
import time
from base64 import b64encode
from urllib.parse import quote, urlencode, urljoin, urlsplit

import urllib3
from werkzeug.wrappers import Request, Response

from tests.wallets.reference_wallet import spec
from tests.wallets.reference_wallet.common import Findings, json_response, new_secret, new_verifier, page, s256
from tests.wallets.reference_wallet.paging import read_all_pages
from tests.wallets.reference_wallet.records import Connection, Memory, Registration

SIDE = "platform as provider"
DISCOVERY_PATH = "/ims/ob/v3p0/discovery"
WANTED = f"{spec.CREDENTIAL_READONLY} {spec.PROFILE_READONLY} {spec.OFFLINE_ACCESS}"
SOFTWARE_ID = "5f0c3c8e-1c1e-4d52-9a53-reference-wallet"


class Refused(Exception):
    """The platform answered something the wallet cannot go on with."""

    def __init__(self, step: str, status: int | None, detail: str, headers: dict | None = None, body=None) -> None:
        super().__init__(f"{step}: {detail}")
        self.step, self.status, self.detail, self.headers, self.body = step, status, detail, headers or {}, body


class Consumer:
    def __init__(self, memory: Memory, findings: Findings, base: str) -> None:
        self.memory, self.findings, self.base = memory, findings, base
        self.http = urllib3.PoolManager(timeout=urllib3.Timeout(total=20), retries=False)

    def note(self, step: str, detail: str, sentence: str) -> None:
        self.findings.add(SIDE, step, detail, sentence)

    def _call(self, step: str, method: str, url: str, **kwargs):
        try:
            answer = self.http.request(method, url, redirect=False, **kwargs)
        except urllib3.exceptions.HTTPError as error:
            raise Refused(step, None, f"{url} could not be reached: {error}") from error
        try:
            body = json.loads(answer.data) if answer.data else None
        except ValueError:
            body = answer.data.decode("utf-8", "replace")[:2000]
        return answer.status, dict(answer.headers), body

    # Connecting ----------------------------------------------------------------------------------------
    def connect(self, request: Request) -> Response:
        asked = request.get_json(silent=True) or {}
        platform = str(asked.get("platform") or "").rstrip("/")
        try:
            registration = self.memory.registrations.get(platform) or self._register(platform)
        except Refused as refused:
            return json_response({"error": str(refused), "status": refused.status, "body": refused.body}, 502)
        verifier = new_verifier()
        connection = Connection(new_secret(), registration, str(asked.get("scope") or WANTED), verifier,
                                int(asked["page_size"]) if asked.get("page_size") else None)
        with self.memory.lock:
            self.memory.registrations[platform] = registration
            self.memory.connections[connection.id] = connection
        query = urlencode({"response_type": "code", "client_id": registration.client_id,
                           "redirect_uri": self._redirect_uri(), "scope": connection.scope, "state": connection.id,
                           "code_challenge": s256(verifier), "code_challenge_method": "S256"})
        separator = "&" if urlsplit(registration.authorization_url).query else "?"
        return json_response({"connection": connection.id, "client_id": registration.client_id,
                              "authorization_url": f"{registration.authorization_url}{separator}{query}"})

    def _redirect_uri(self) -> str:
        return f"{self.base}/callback"

    def _register(self, platform: str) -> Registration:
        discovery_url = platform if platform.endswith(DISCOVERY_PATH) else platform + DISCOVERY_PATH
        status, _, document = self._call("discovery", "GET", discovery_url, headers={"Accept": "application/json"})
        if status in (401, 403):
            self.note("discovery", f"the discovery document answered {status}", spec.SDD_UNPROTECTED)
        if status != 200 or not isinstance(document, dict):
            raise Refused("discovery", status, "no discovery document", body=document)
        urls = self._read_discovery(document, discovery_url)
        metadata = self._metadata()
        status, _, answer = self._call("registration", "POST", urls["registration"], body=json.dumps(metadata),
                                       headers={"Content-Type": "application/json", "Accept": "application/json"})
        if status == 200:
            self.note("registration", "the registration was answered 200, not 201", spec.REGISTRATION_CREATED)
        if status not in (200, 201) or not isinstance(answer, dict) or not answer.get("client_id") \
                or not answer.get("client_secret"):
            raise Refused("registration", status, "the registration was refused", body=answer)
        for name in ("client_id_issued_at", "client_secret_expires_at"):
            if not isinstance(answer.get(name), int):
                self.note("registration", f"the answer has no {name}", spec.REGISTRATION_RESPONSE_FIELDS)
        for name in metadata:
            if name not in answer:
                self.note("registration", f"the answer leaves out {name}", spec.REGISTRATION_ECHO)
        return Registration(platform, urls["api"], urls["authorization"], urls["token"], urls["registration"],
                            str(answer["client_id"]), str(answer["client_secret"]), answer)

    def _read_discovery(self, document: dict, discovery_url: str) -> dict:
        if not str(document.get("openapi", "")).startswith("3.0"):
            self.note("discovery", f"openapi is {document.get('openapi')!r}", spec.SDD_OPENAPI)
        info = document.get("info") if isinstance(document.get("info"), dict) else {}
        for name in ("title", "termsOfService", "x-imssf-privacyPolicyUrl"):
            if not info.get(name):
                self.note("discovery", f"info has no {name}", spec.SDD_INFO)
        schemes = (document.get("components") or {}).get("securitySchemes") or {}
        scheme = next((s for s in schemes.values() if isinstance(s, dict) and s.get("type") == "oauth2"
                       and "authorizationCode" in (s.get("flows") or {})), None)
        if scheme is None:
            raise Refused("discovery", 200, "no oauth2 security scheme with an authorizationCode flow")
        if not scheme.get("x-imssf-privacyPolicyUrl"):
            self.note("discovery", "the security scheme has no x-imssf-privacyPolicyUrl", spec.SDD_PRIVACY)
        flow = scheme["flows"]["authorizationCode"]
        found = {"registration": scheme.get("x-imssf-registrationUrl"), "authorization": flow.get("authorizationUrl"),
                 "token": flow.get("tokenUrl")}
        if not all(isinstance(url, str) and url for url in found.values()):
            raise Refused("discovery", 200, f"the OAuth endpoints are incomplete: {found}")
        servers = document.get("servers") or [{}]
        api = servers[0].get("url") if isinstance(servers[0], dict) else None
        found["api"] = api or discovery_url[: -len("/discovery")]
        return {name: urljoin(discovery_url, url).rstrip("/") if name == "api" else urljoin(discovery_url, url)
                for name, url in found.items()}

    def _metadata(self) -> dict:
        return {"client_name": "Reference Wallet", "client_uri": f"{self.base}/", "logo_uri": f"{self.base}/logo.png",
                "tos_uri": f"{self.base}/terms", "policy_uri": f"{self.base}/privacy", "software_id": SOFTWARE_ID,
                "software_version": "1.0.0", "redirect_uris": [self._redirect_uri()],
                "token_endpoint_auth_method": "client_secret_basic",
                "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"],
                "scope": WANTED, "contacts": ["wallet@example.org"]}

    # The learner comes back ----------------------------------------------------------------------------
    def callback(self, request: Request) -> Response:
        with self.memory.lock:
            connection = self.memory.connections.get(request.args.get("state", ""))
            if connection is None or connection.status != "authorising":
                return page("Unknown request", "<p>This wallet did not start that request.</p>", 400)
            connection.status = "exchanging"
        if request.args.get("error"):
            connection.status, connection.error = "denied", request.args["error"]
            return page("Not connected", f'<p id="outcome">{html.escape(connection.error)}</p>')
        if not request.args.get("scope"):
            self.note("authorization response", "the redirect has no scope", spec.AUTHORIZATION_RESPONSE)
        started = time.perf_counter()
        try:
            self._exchange(connection, request.args.get("code", ""))
            self._pull_everything(connection)
        except Refused as refused:
            connection.status, connection.error = "failed", str(refused)
            return page("Not connected", f'<p id="outcome">{html.escape(str(refused))}</p>', 502)
        connection.seconds = time.perf_counter() - started
        connection.status = "connected"
        count = len(connection.credentials) or len(connection.compact_jws)
        return page("Connected", f'<p id="outcome">Connected: {count} credential(s) read.</p>')

    def _basic(self, registration: Registration) -> str:
        pair = f"{quote(registration.client_id, safe='')}:{quote(registration.client_secret, safe='')}"
        return "Basic " + b64encode(pair.encode("utf-8")).decode("ascii")

    def _token_request(self, step: str, connection: Connection, fields: dict):
        return self._call(step, "POST", connection.registration.token_url, body=urlencode(fields),
                          headers={"Authorization": self._basic(connection.registration), "Accept": "application/json",
                                   "Content-Type": "application/x-www-form-urlencoded"})

    def _exchange(self, connection: Connection, code: str) -> None:
        status, headers, answer = self._token_request("token request", connection, {
            "grant_type": "authorization_code", "code": code, "redirect_uri": self._redirect_uri(),
            "scope": connection.scope, "code_verifier": connection.code_verifier})
        if status != 200 or not isinstance(answer, dict) or not answer.get("access_token"):
            raise Refused("token request", status, f"no access token: {answer}", headers, answer)
        self._keep_tokens(connection, headers, answer)

    def _keep_tokens(self, connection: Connection, headers: dict, answer: dict) -> None:
        if str(answer.get("token_type", "")).lower() != "bearer":
            raise Refused("token response", 200, f"token_type is {answer.get('token_type')!r}; {spec.TOKEN_TYPE}")
        if not answer.get("scope"):
            self.note("token response", "the answer has no scope", spec.TOKEN_SCOPE)
        if "no-store" not in _header(headers, "Cache-Control"):
            self.note("token response", "no Cache-Control: no-store", spec.TOKEN_NO_STORE)
        connection.access_token = answer["access_token"]
        connection.refresh_token = answer.get("refresh_token") or connection.refresh_token
        connection.granted_scope = answer.get("scope") or connection.granted_scope or connection.scope

    # Reading -------------------------------------------------------------------------------------------
    def _pull_everything(self, connection: Connection) -> None:
        read_all_pages(self, connection)
        if spec.PROFILE_READONLY in (connection.granted_scope or "").split(" "):
            _, _, profile = self._api("getProfile", connection, "/profile")
            types = profile.get("type") if isinstance(profile, dict) else None
            if "Profile" not in (types if isinstance(types, list) else [types]):
                self.note("getProfile", f"the answer is not a Profile: {str(profile)[:200]}", spec.PROFILE_BODY)
            connection.profile = profile

    def _api(self, step: str, connection: Connection, path_or_url: str):
        url = path_or_url if "://" in path_or_url else connection.registration.api_base + path_or_url
        status, headers, body = self._call(step, "GET", url, headers={
            "Authorization": f"Bearer {connection.access_token}", "Accept": "application/json"})
        if status == 401:
            if not _header(headers, "WWW-Authenticate"):
                self.note(step, "a 401 without WWW-Authenticate", spec.BEARER_CHALLENGE)
            if not (isinstance(body, dict) and body.get("imsx_codeMajor")):
                self.note(step, f"a 401 whose body is not an Imsx_StatusInfo: {str(body)[:200]}", spec.ERROR_PAYLOAD)
        if status != 200:
            raise Refused(step, status, f"answered {status}", headers, body)
        return status, headers, body

    # Test-only controls --------------------------------------------------------------------------------
    def pull_again(self, request: Request) -> Response:
        connection = self._connection(request)
        if connection is None:
            return json_response({"error": "no such connection"}, 404)
        try:
            self._pull_everything(connection)
        except Refused as refused:
            return json_response({"status": refused.status, "error": refused.detail, "body": refused.body,
                                  "www_authenticate": _header(refused.headers, "WWW-Authenticate")})
        return json_response({"status": 200, "connection": connection.public()})

    def refresh(self, request: Request) -> Response:
        connection = self._connection(request)
        if connection is None or not connection.refresh_token:
            return json_response({"error": "no such connection or no refresh token"}, 404)
        status, headers, answer = self._token_request("refresh request", connection, {
            "grant_type": "refresh_token", "refresh_token": connection.refresh_token,
            "scope": connection.granted_scope or connection.scope})
        if status == 200 and isinstance(answer, dict) and answer.get("access_token"):
            try:
                self._keep_tokens(connection, headers, answer)
            except Refused as refused:
                return json_response({"status": status, "error": str(refused)})
            return json_response({"status": status, "rotated": bool(answer.get("refresh_token"))})
        return json_response({"status": status, "body": answer})

    def _connection(self, request: Request) -> Connection | None:
        asked = request.get_json(silent=True) or {}
        return self.memory.connections.get(str(asked.get("connection") or ""))

    def pulled(self) -> dict:
        with self.memory.lock:
            return {"connections": [connection.public() for connection in self.memory.connections.values()]}


def _header(headers: dict, name: str) -> str:
    return next((value for key, value in headers.items() if key.lower() == name.lower()), "")
