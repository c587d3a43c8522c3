"""The platform as an Open Badges 3.0 API provider, as a learner and a wallet meet it: what a wallet
may be granted here (scopes, said in words on the consent page), the Service Description Document a
wallet starts from, and the learner's connected wallets (the account page lists them; Disconnect
ends a wallet's tokens at once). The OAuth 2.0 server is provider_oauth (Authlib), the rows it keeps
provider_store, the protected API provider_api."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app

from lms.core.errors import NotFound
from lms.core.i18n import gettext, lazy_gettext
from lms.core.jobs import SweepReport
from lms.core.urls import external_url
from lms.wallets.services import provider_store as store

OB_SCOPE = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
CREDENTIAL_READ = OB_SCOPE + "credential.readonly"
CREDENTIAL_UPSERT = OB_SCOPE + "credential.upsert"
PROFILE_READ = OB_SCOPE + "profile.readonly"
PROFILE_UPDATE = OB_SCOPE + "profile.update"
OFFLINE = "offline_access"
# What a wallet may be granted here, in the order the consent page says them. A wallet cannot put
# credentials here (credential.upsert: this platform issues, it does not keep others' badges) nor
# change the learner's profile (profile.update): a registration asking for those is answered with
# the scopes it gets, as RFC 7591 allows.
SCOPES = (CREDENTIAL_READ, PROFILE_READ, OFFLINE)
SCOPE_WORDS = {
    CREDENTIAL_READ: lazy_gettext("See your badges and certificates: the signed credentials of those you hold now."),
    PROFILE_READ: lazy_gettext("See your name and your e-mail address."),
    OFFLINE: lazy_gettext("Keep this access until you disconnect the wallet, not only for the next hour."),
}
OB_DESCRIPTIONS = {  # for developers reading the discovery document: English, as the specification
    CREDENTIAL_READ: "Permission to read AchievementCredentials for the authenticated entity.",
    PROFILE_READ: "Permission to read the profile for the authenticated entity.",
    OFFLINE: "A refresh token: access lasts until the learner disconnects the wallet.",
}

ACCESS_TOKEN_LIFETIME = timedelta(hours=1)  # as the specification recommends
REFRESH_TOKEN_LIFETIME = timedelta(days=180)  # counted from the last refresh: a wallet unused for half a year reconnects
CODE_LIFETIME = timedelta(minutes=10)
UNUSED_CLIENT_LIFETIME = timedelta(days=30)  # registration is open to anyone: what no learner ever used goes


def hash_secret(value: str) -> str:
    """How a code, token or client secret is kept: all are high-entropy random strings, so one SHA-256
    is enough (no salt or stretching needed), and a leaked table gives nothing to present."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def scope_words(scope: str | Iterable[str]) -> list[str]:
    """What the scopes let a wallet do, one sentence each, in the reader's language."""
    granted = set(scope.split() if isinstance(scope, str) else scope)
    return [str(SCOPE_WORDS[name]) for name in SCOPES if name in granted]


def site_host(url: str) -> str:
    """The host a person recognises a wallet by (its address's host and port)."""
    return urlsplit(url).netloc


@dataclass(frozen=True)
class ConnectedWallet:
    """A wallet that can still read this learner's records (a live access or refresh token)."""

    wallet_id: int
    name: str
    site: str  # its client_uri
    host: str
    connected_at: datetime
    permissions: list[str]  # the scopes in words


def connected_wallets(user_id: int, *, now: datetime) -> list[ConnectedWallet]:
    """The wallets this learner connected that still hold a working token, first connected first."""
    wallets: dict[int, dict] = {}
    for row in store.live_tokens_of(user_id, now=now, refresh_lifetime=REFRESH_TOKEN_LIFETIME):
        found = wallets.setdefault(row.wallet_id, {"row": row, "since": row.issued_at, "scopes": set()})
        found["since"] = min(found["since"], row.issued_at)
        found["scopes"].update(row.scope.split())
    listed = [ConnectedWallet(wallet_id, found["row"].name, found["row"].client_uri, site_host(found["row"].client_uri),
                              found["since"], scope_words(found["scopes"])) for wallet_id, found in wallets.items()]
    return sorted(listed, key=lambda wallet: (wallet.connected_at, wallet.wallet_id))


def disconnect_wallet(user_id: int, wallet_id: int, *, now: datetime) -> str:
    """End every token and unused code this learner gave the wallet; its name, for the message. A wallet
    this learner never connected (another's, or none): NotFound. Twice is harmless (a double click)."""
    name = store.name_of_wallet_connected_by(user_id, wallet_id)
    if name is None:
        raise NotFound(gettext("No such connected wallet."))
    store.revoke_everything_given(user_id, wallet_id, now=now)
    return name


def forget_unused_wallets(*, now: datetime, keep: timedelta = UNUSED_CLIENT_LIFETIME) -> SweepReport:
    """Delete wallets registered over ``keep`` ago that no learner ever granted a code or a token (anyone
    may register, so such rows would pile up); running it again deletes nothing."""
    return SweepReport(recorded=store.delete_clients_never_used(registered_before=now - keep))


def _setting_url(name: str) -> str:
    """A page the site names in its discovery document; the home page while none is configured."""
    return current_app.config.get(name) or external_url("catalog.index")


def discovery_document() -> dict:
    """The Service Description Document: a profiled OpenAPI 3.0 file saying what this provider serves
    (credentials and profile, read only) and how a wallet gets access (dynamic client registration,
    authorisation code with PKCE, refresh)."""
    name = current_app.config["BADGE_ISSUER_NAME"]
    privacy, terms = _setting_url("PRIVACY_POLICY_URL"), _setting_url("TERMS_OF_SERVICE_URL")
    api = external_url("wallets.discovery").removesuffix("/discovery")
    security = [{"OAuth2ACG": [CREDENTIAL_READ]}]
    return {
        "openapi": "3.0.1",
        "info": {"title": name, "version": "3.0", "termsOfService": terms, "x-imssf-privacyPolicyUrl": privacy,
                 "description": f"The Open Badges 3.0 API of {name}: a learner's own credentials and profile, read only."},
        "servers": [{"url": api, "description": name}],
        "tags": [{"name": "OpenBadgeCredentials"}, {"name": "Discovery"}],
        "paths": {
            "/credentials": {"get": _operation("getCredentials", "OpenBadgeCredentials", security, paged=True)},
            "/profile": {"get": _operation("getProfile", "OpenBadgeCredentials", [{"OAuth2ACG": [PROFILE_READ]}])},
            "/discovery": {"get": {"operationId": "getServiceDescription", "tags": ["Discovery"],
                                   "responses": {"200": {"description": "The service discovery document."}}}},
        },
        "components": {"securitySchemes": {"OAuth2ACG": {
            "type": "oauth2", "description": "OAuth 2.0 Authorization Code Grant authorization",
            "x-imssf-name": name, "x-imssf-privacyPolicyUrl": privacy, "x-imssf-termsOfServiceUrl": terms,
            "x-imssf-registrationUrl": external_url("wallets.register"),
            "flows": {"authorizationCode": {
                "authorizationUrl": external_url("wallets.authorize"), "tokenUrl": external_url("wallets.token"),
                "refreshUrl": external_url("wallets.token"),
                "scopes": {scope: OB_DESCRIPTIONS[scope] for scope in SCOPES}}},
        }}},
    }


def _operation(operation_id: str, tag: str, security: list, *, paged: bool = False) -> dict:
    parameters = [{"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}},
                  {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}},
                  {"name": "since", "in": "query", "required": False, "schema": {"type": "string", "format": "date-time"}}]
    return {"operationId": operation_id, "tags": [tag], "security": security, **({"parameters": parameters} if paged else {}),
            "responses": {"200": {"description": "OK"}, "400": {"description": "Bad request"},
                          "401": {"description": "No valid access token"}, "403": {"description": "Insufficient scope"}}}
