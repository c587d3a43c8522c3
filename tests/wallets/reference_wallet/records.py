"""The wallet's memory: clients that registered here, codes and tokens it issued, credentials it holds
(provider role); platforms it registered with and the connections a learner made (consumer role)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

CODE_SECONDS = 600  # the specification's recommended lifetime of an authorisation code
ACCESS_SECONDS = 3600


@dataclass
class Client:
    client_id: str
    secret: str
    metadata: dict  # as registered (and answered)
    redirect_uris: list[str]
    scopes: list[str]
    grant_types: list[str]


@dataclass
class Pending:
    """An authorisation request waiting for the holder's answer on the consent page."""

    client_id: str
    redirect_uri: str
    scopes: list[str]
    state: str
    code_challenge: str


@dataclass
class Grant:
    code: str
    client_id: str
    redirect_uri: str
    scopes: list[str]
    code_challenge: str
    expires_at: float = field(default_factory=lambda: time.time() + CODE_SECONDS)
    used: bool = False
    access_tokens: list[str] = field(default_factory=list)


@dataclass
class Token:
    access_token: str
    refresh_token: str | None
    client_id: str
    scopes: list[str]
    expires_at: float = field(default_factory=lambda: time.time() + ACCESS_SECONDS)
    revoked: bool = False

    def usable(self) -> bool:
        return not self.revoked and time.time() < self.expires_at


@dataclass
class Held:
    """A credential a platform pushed here; the same issuer id and credential id replace it."""

    key: tuple[str, str]
    kind: str  # "json" or "jws"
    text: str  # the body exactly as received
    credential: dict
    content_type: str
    client_name: str
    times_received: int = 1


@dataclass
class Registration:
    """Our registration with a platform (once per platform), from its discovery document."""

    platform: str
    api_base: str
    authorization_url: str
    token_url: str
    registration_url: str
    client_id: str
    client_secret: str
    answer: dict


@dataclass
class Connection:
    """One learner connecting this wallet to a platform: from the authorisation URL to the pulled badges."""

    id: str  # also the OAuth state
    registration: Registration
    scope: str
    code_verifier: str
    page_size: int | None
    status: str = "authorising"  # authorising | connected | denied | failed
    error: str | None = None
    granted_scope: str | None = None
    access_token: str | None = None
    refresh_token: str | None = None
    credentials: list[dict] = field(default_factory=list)
    compact_jws: list[str] = field(default_factory=list)
    jws_key: str | None = None  # which name the platform gave the JWS array
    total_count: int | None = None
    pages: list[dict] = field(default_factory=list)  # each page's request and paging headers
    profile: dict | None = None
    seconds: float | None = None  # from the callback to the last page and the profile

    def public(self) -> dict:
        return {"id": self.id, "platform": self.registration.platform, "client_id": self.registration.client_id,
                "status": self.status, "error": self.error, "scope": self.scope, "granted_scope": self.granted_scope,
                "has_refresh_token": self.refresh_token is not None, "credentials": self.credentials,
                "compact_jws": self.compact_jws, "jws_key": self.jws_key, "total_count": self.total_count,
                "pages": self.pages, "profile": self.profile, "seconds": self.seconds}


class Memory:
    """Everything the wallet knows, behind one lock (the server answers on several threads)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.consent = "ask"  # ask | allow | deny: how /authorize answers (tests may skip the page)
        self.clear()

    def clear(self) -> None:
        with self.lock:
            self.clients: dict[str, Client] = {}
            self.pending: dict[str, Pending] = {}
            self.grants: dict[str, Grant] = {}
            self.tokens: dict[str, Token] = {}  # by access token
            self.refresh: dict[str, Token] = {}  # by refresh token
            self.held: dict[tuple[str, str], Held] = {}
            self.registrations: dict[str, Registration] = {}  # by platform base URL
            self.connections: dict[str, Connection] = {}
