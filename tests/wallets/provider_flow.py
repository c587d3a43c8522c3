"""A wallet played by the test itself against the platform's provider endpoints, through the Flask test
client (real requests, real database): register, send the learner (a logged-in client) to the consent
page, allow or deny, exchange the code with HTTP Basic, call the API with the bearer token."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.conftest import csrf_from

WALLET = "https://wallet.example"
REDIRECT = f"{WALLET}/callback"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
READ = OB + "credential.readonly"
PROFILE = OB + "profile.readonly"
OFFLINE = "offline_access"
EVERYTHING = f"{READ} {PROFILE} {OFFLINE}"


def metadata(**changes) -> dict:
    """A registration as the specification's example makes it (every property it requires)."""
    body = {"client_name": "Pocket Wallet", "client_uri": f"{WALLET}/", "logo_uri": f"{WALLET}/logo.png",
            "tos_uri": f"{WALLET}/terms", "policy_uri": f"{WALLET}/privacy", "software_id": "pocket-wallet",
            "software_version": "2.1", "redirect_uris": [REDIRECT], "token_endpoint_auth_method": "client_secret_basic",
            "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"], "scope": EVERYTHING}
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


@dataclass
class Wallet:
    client_id: str
    client_secret: str
    registered: dict
    verifier: str = field(default_factory=lambda: secrets.token_urlsafe(48))

    @property
    def basic(self) -> dict:
        pair = f"{self.client_id}:{self.client_secret}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode()}

    @property
    def challenge(self) -> str:
        return base64.urlsafe_b64encode(hashlib.sha256(self.verifier.encode()).digest()).rstrip(b"=").decode()

    def authorize_url(self, scope: str = EVERYTHING, state: str = "xyz-state", **changes) -> str:
        query = {"response_type": "code", "client_id": self.client_id, "redirect_uri": REDIRECT, "scope": scope,
                 "state": state, "code_challenge": self.challenge, "code_challenge_method": "S256"}
        query.update(changes)
        return "/oauth/authorize?" + urlencode({key: value for key, value in query.items() if value is not None})


def register(client, **changes) -> Wallet:
    answer = client.post("/oauth/register", data=json.dumps(metadata(**changes)), content_type="application/json")
    assert answer.status_code == 201, answer.get_data(as_text=True)
    body = answer.get_json()
    return Wallet(body["client_id"], body["client_secret"], body)


def decide(learner, url: str, decision: str = "allow"):
    """The learner opens the consent page and presses a button; the redirect to the wallet."""
    page = learner.get(url)
    assert page.status_code == 200, page.get_data(as_text=True)
    return learner.post(url, data={"csrf_token": csrf_from(page.get_data(as_text=True)), "decision": decision})


def redirect_query(answer) -> dict[str, str]:
    assert answer.status_code == 302, answer.get_data(as_text=True)
    location = answer.headers["Location"]
    assert location.startswith(REDIRECT + "?"), location
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def code_for(learner, wallet: Wallet, scope: str = EVERYTHING) -> str:
    return redirect_query(decide(learner, wallet.authorize_url(scope)))["code"]


def exchange(client, wallet: Wallet, code: str, verifier: str | None = "", **changes):
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
            "code_verifier": wallet.verifier if verifier == "" else verifier}
    form.update(changes)
    return client.post("/oauth/token", data={k: v for k, v in form.items() if v is not None}, headers=wallet.basic)


def connect(client, learner, wallet: Wallet, scope: str = EVERYTHING) -> dict:
    """The whole dance; the token response."""
    answer = exchange(client, wallet, code_for(learner, wallet, scope))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}
