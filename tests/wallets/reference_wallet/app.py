"""The wallet's WSGI application: one URL map for both roles and the test-only controls (paths under /_)."""

from __future__ import annotations

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from tests.wallets.reference_wallet import holder
from tests.wallets.reference_wallet.authserver import AuthorizationServer
from tests.wallets.reference_wallet.common import Findings, json_response
from tests.wallets.reference_wallet.consumer import Consumer
from tests.wallets.reference_wallet.records import Memory

RULES = Map([
    Rule("/", endpoint="home", methods=["GET"]),
    Rule("/terms", endpoint="terms", methods=["GET"]),
    Rule("/privacy", endpoint="privacy", methods=["GET"]),
    Rule("/logo.png", endpoint="logo", methods=["GET"]),
    Rule("/ims/ob/v3p0/discovery", endpoint="discovery", methods=["GET"]),
    Rule("/register", endpoint="register", methods=["POST"]),
    Rule("/authorize", endpoint="authorize", methods=["GET"]),
    Rule("/authorize", endpoint="decide", methods=["POST"]),
    Rule("/token", endpoint="token", methods=["POST"]),
    Rule("/revoke", endpoint="revoke", methods=["POST"]),
    Rule("/ims/ob/v3p0/credentials", endpoint="upsert", methods=["POST"]),
    Rule("/callback", endpoint="callback", methods=["GET"]),
    Rule("/_received", endpoint="received", methods=["GET"]),
    Rule("/_connect", endpoint="connect", methods=["POST"]),
    Rule("/_pulled", endpoint="pulled", methods=["GET"]),
    Rule("/_pull", endpoint="pull", methods=["POST"]),
    Rule("/_refresh", endpoint="refresh", methods=["POST"]),
    Rule("/_findings", endpoint="findings", methods=["GET"]),
    Rule("/_settings", endpoint="settings", methods=["POST"]),
    Rule("/_reset", endpoint="reset", methods=["POST"]),
])


class Wallet:
    def __init__(self, base: str) -> None:
        self.base = base
        self.memory, self.findings = Memory(), Findings()
        self.auth = AuthorizationServer(self.memory, self.findings)
        self.holder = holder.Holder(self.memory, self.findings)
        self.consumer = Consumer(self.memory, self.findings, base)
        self.views = {
            "home": lambda request: self.holder.home(),
            "terms": lambda request: holder.text_page("Terms of service"),
            "privacy": lambda request: holder.text_page("Privacy policy"),
            "logo": lambda request: holder.logo(),
            "discovery": lambda request: json_response(holder.discovery_document(self.base)),
            "register": self.auth.register, "authorize": self.auth.authorize, "decide": self.auth.decide,
            "token": self.auth.token, "revoke": self.auth.revoke, "upsert": self.holder.upsert,
            "callback": self.consumer.callback, "connect": self.consumer.connect,
            "pull": self.consumer.pull_again, "refresh": self.consumer.refresh,
            "received": lambda request: json_response(self.holder.received()),
            "pulled": lambda request: json_response(self.consumer.pulled()),
            "findings": lambda request: json_response(self.findings.listed()),
            "settings": self.settings, "reset": self.reset,
        }

    def settings(self, request: Request) -> Response:
        consent = (request.get_json(silent=True) or {}).get("consent")
        if consent not in ("ask", "allow", "deny"):
            return json_response({"error": "consent is ask, allow or deny"}, 400)
        self.memory.consent = consent
        return json_response({"consent": consent})

    def reset(self, request: Request) -> Response:
        """Forget everything (between tests; the process lives for the session)."""
        self.memory.clear()
        self.memory.consent = "ask"
        self.findings.clear()
        return json_response({"reset": True})

    def __call__(self, environ, start_response):
        request = Request(environ)
        try:
            endpoint, _ = RULES.bind_to_environ(environ).match()
            response = self.views[endpoint](request)
        except HTTPException as error:
            response = error.get_response(environ)
        return response(environ, start_response)
