"""Authlib's grants and endpoints as this provider uses them, with the adapters that let Authlib read
our rows: a registered wallet (Basic authentication only), a stored code (PKCE S256 required of every
client), a stored token. Their storage callbacks call provider_store, at the server's ``now``."""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from authlib.common.security import generate_token
from authlib.common.urls import add_params_to_uri
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import (
    AccessDeniedError,
    ClientMixin,
    InvalidGrantError,
    InvalidRequestError,
    TokenMixin,
    grants,
)
from authlib.oauth2.rfc6749.util import scope_to_list
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7591 import ClientRegistrationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge

from lms.wallets.models import WalletClient, WalletGrant, WalletToken
from lms.wallets.services import provider_store as store
from lms.wallets.services.provider import CODE_LIFETIME, REFRESH_TOKEN_LIFETIME, SCOPES, hash_secret
from lms.wallets.services.provider_metadata import WalletMetadata

PARAMETER_MAX = 2048  # state, scope ...: longer is no authorisation request
PRINTABLE_ASCII = frozenset(map(chr, range(0x20, 0x7F)))  # what every authorisation request parameter is made of


def refuse_odd_parameters(payload) -> None:
    """An authorisation request's values are printable ASCII (RFC 6749 appendix A) and short: others are
    refused before Authlib reads them, as it would put some (response_type, redirect_uri) into an error
    description that must be ASCII, and fail. The error names no redirect_uri: nothing is sent to the wallet."""
    for values in payload.datalist.values():
        for value in values:
            if len(value) > PARAMETER_MAX:
                raise InvalidRequestError("a parameter is too long")
            if not PRINTABLE_ASCII.issuperset(value):
                raise InvalidRequestError("a parameter has characters other than printable ASCII")


@dataclass(frozen=True)
class Learner:
    """The resource owner as Authlib passes it around: only the id is needed."""

    id: int


class Wallet(ClientMixin):
    """A registered wallet as Authlib sees it: Basic authentication only; the code flow and refresh."""

    def __init__(self, row: WalletClient):
        self.row = row
        self.redirect_uris = json.loads(row.redirect_uris)

    def get_client_id(self):
        return self.row.client_id

    def get_default_redirect_uri(self):
        return None  # the specification requires redirect_uri in every authorisation request

    def get_allowed_scope(self, scope):
        """What it asked for among what it registered for (all of that when it names none): the answer
        says the scopes granted, which may be fewer (Open Badges 3.0 allows a subset); None (invalid_scope)
        when nothing asked can be granted."""
        registered = set(self.row.scope.split())
        asked = set(scope_to_list(scope) or registered)
        allowed = [name for name in SCOPES if name in asked and name in registered]
        return " ".join(allowed) or None

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return hmac.compare_digest(hash_secret(client_secret), self.row.client_secret_hash)

    def check_endpoint_auth_method(self, method, endpoint):
        return method == "client_secret_basic"

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type in ("authorization_code", "refresh_token")


class Code:
    """A stored authorisation code as Authlib reads it."""

    def __init__(self, row: WalletGrant):
        self.row = row
        self.code_challenge = row.code_challenge
        self.code_challenge_method = row.code_challenge_method

    def get_redirect_uri(self):
        return self.row.redirect_uri

    def get_scope(self):
        return self.row.scope


class Token(TokenMixin):
    """A stored token as Authlib reads it, judged at the request's ``now``."""

    def __init__(self, row: WalletToken, now: datetime):
        self.row, self.now = row, now

    def check_client(self, client):
        return self.row.client_id == client.row.id

    def get_scope(self):
        return self.row.scope

    def get_expires_in(self):
        return int((self.row.expires_at - self.row.issued_at).total_seconds())

    def is_expired(self):
        return self.row.expires_at <= self.now

    def is_revoked(self):
        return self.row.revoked_at is not None

    def refresh_expired(self):
        return self.row.issued_at + REFRESH_TOKEN_LIFETIME <= self.now

    def get_user(self):
        return Learner(self.row.user_id)

    def get_client(self):
        return None


class S256Challenge(CodeChallenge):
    """PKCE for every client, S256 only: Open Badges 3.0 requires it, confidential clients included."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: code_challenge is missing")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("code_challenge_method must be S256")
        super().validate_code_challenge(grant, redirect_uri)


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic"]

    def validate_authorization_request(self):
        payload = self.request.payload
        if not payload.redirect_uri:
            raise InvalidRequestError("redirect_uri is required")
        redirect_uri = super().validate_authorization_request()
        if not payload.state:
            raise InvalidRequestError("state is required", redirect_uri=redirect_uri)
        return redirect_uri

    def create_authorization_response(self, redirect_uri: str, grant_user):
        """As Authlib's, with the granted scope in the answer too (Open Badges 3.0 requires it)."""
        if not grant_user:
            raise AccessDeniedError(redirect_uri=redirect_uri)
        self.request.user = grant_user
        code = self.generate_authorization_code()
        self.save_authorization_code(code, self.request)
        params = [("code", code), ("scope", self.request.scope), ("state", self.request.payload.state)]
        return 302, "", [("Location", add_params_to_uri(redirect_uri, params))]

    def save_authorization_code(self, code, request):
        data = request.payload.data
        store.save_grant(code_hash=hash_secret(code), wallet_id=request.client.row.id, user_id=request.user.id,
                         redirect_uri=request.payload.redirect_uri, scope=request.scope, challenge=data["code_challenge"],
                         method=data["code_challenge_method"], now=self.server.now, lifetime=CODE_LIFETIME)

    def query_authorization_code(self, code, client):
        row = store.grant_by_code(hash_secret(code), client.row.id)
        if row is None or row.expires_at <= self.server.now:
            return None
        if row.used_at is not None:  # presented again: whatever it gave is revoked, and it is refused
            store.revoke_tokens_issued_since(client.row.id, row.user_id, row.used_at, now=self.server.now)
            return None
        return Code(row)

    def create_token_response(self):
        """The code is marked used first, in one conditional UPDATE: of two requests racing with it, one wins."""
        if not store.use_grant(self.request.authorization_code.row.id, now=self.server.now):
            raise InvalidGrantError("The code was used already.")
        return super().create_token_response()

    def delete_authorization_code(self, authorization_code):
        """Kept, marked used (above), so that presenting it again can be recognised."""

    def authenticate_user(self, authorization_code):
        return Learner(authorization_code.row.user_id)


class RefreshGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic"]
    INCLUDE_NEW_REFRESH_TOKEN = True  # rotation: each refresh token works once

    def authenticate_refresh_token(self, refresh_token):
        row = store.token_by_refresh(hash_secret(refresh_token))
        token = Token(row, self.server.now) if row is not None else None
        if token and token.is_revoked() and token.check_client(self.request.client):
            # A rotated (or revoked) refresh token presented again: it was copied, and either the thief or
            # the wallet holds the token that replaced it. Everything this wallet holds for this learner
            # ends, as for a reused code (RFC 9700 4.14.2); the learner connects the wallet again.
            store.revoke_everything_given(row.user_id, row.client_id, now=self.server.now)
            return None
        return token if token and not token.is_revoked() and not token.refresh_expired() else None

    def create_token_response(self):
        """The old token is revoked first, in one conditional UPDATE: of two refreshes racing, one wins."""
        if not store.revoke_token(self.request.refresh_token.row.id, now=self.server.now):
            raise InvalidGrantError()
        return super().create_token_response()

    def revoke_old_credential(self, refresh_token):
        """Revoked before the new token was made (above)."""

    def authenticate_user(self, refresh_token):
        return Learner(refresh_token.row.user_id)


class UnsupportedHint(OAuth2Error):
    """RFC 7009 2.2.1: a 400 (Authlib's own class for this code answers 401, meant for bearer tokens)."""

    error = "unsupported_token_type"


class Revocation(RevocationEndpoint):
    CLIENT_AUTH_METHODS = ["client_secret_basic"]

    def check_params(self, request, client):
        if request.form.get("token_type_hint") not in (None, *self.SUPPORTED_TOKEN_TYPES):
            raise UnsupportedHint("token_type_hint must be access_token or refresh_token")
        super().check_params(request, client)

    def query_token(self, token_string, token_type_hint):
        digest = hash_secret(token_string)
        row = None
        if token_type_hint != "refresh_token":
            row = store.token_by_access(digest)
        if row is None and token_type_hint != "access_token":
            row = store.token_by_refresh(digest)
        return Token(row, self.server.now) if row is not None else None

    def revoke_token(self, token, request):
        """Either token ends the whole grant: a wallet that lets go of one has no use for the other."""
        store.revoke_token(token.row.id, now=self.server.now)


class Registration(ClientRegistrationEndpoint):
    claims_classes = [WalletMetadata]

    def __init__(self, server=None):
        super().__init__(server, claims_classes=[WalletMetadata])

    def authenticate_token(self, request):
        return True  # open registration: Open Badges 3.0 forbids requiring an initial access token

    def get_server_metadata(self):
        return None

    def generate_client_info(self, request):
        return {"client_id": generate_token(42), "client_secret": generate_token(48),
                "client_id_issued_at": int(self.server.now.timestamp()), "client_secret_expires_at": 0}

    def save_client(self, client_info, client_metadata, request):
        row = store.save_client(client_id=client_info["client_id"], secret_hash=hash_secret(client_info["client_secret"]),
                                metadata=client_metadata, scope=self.granted_scope(client_metadata), now=self.server.now)
        return Wallet(row)

    @staticmethod
    def granted_scope(metadata: dict) -> str:
        asked = set((metadata.get("scope") or " ".join(SCOPES)).split())
        return " ".join(name for name in SCOPES if name in asked)

    def generate_client_registration_info(self, client, request):
        """What was registered, as changed here: the scopes it may ask for, and what it may use."""
        return {"scope": client.row.scope, "grant_types": ["authorization_code", "refresh_token"],
                "response_types": ["code"], "token_endpoint_auth_method": "client_secret_basic"}
