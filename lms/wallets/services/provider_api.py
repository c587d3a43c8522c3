"""The Open Badges 3.0 API a connected wallet reads with its bearer token: getCredentials (the token
owner's live credentials, paged by limit and offset, with X-Total-Count and Link) and getProfile (the
learner's name and e-mail as an OB Profile). The token is checked by Authlib's resource protector
(RFC 6750): none, unknown, expired or revoked is 401, a token without the operation's scope 403, each
with WWW-Authenticate and an Imsx_StatusInfo body, as the specification's error responses are.

Revoked awards are not listed: the API gives what the learner holds now, as their own downloads do
(a revoked award offers none); a wallet that took the credential earlier learns of the revocation the
way every verifier does, from the credential's status list."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ResourceProtector
from authlib.oauth2.rfc6750 import BearerTokenValidator, InsufficientScopeError, InvalidTokenError

from lms.accounts import services as accounts
from lms.awards import services as awards
from lms.wallets.services import provider_store as store
from lms.wallets.services.provider import hash_secret
from lms.wallets.services.provider_grants import Token

OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DEFAULT_LIMIT = 50
MAX_LIMIT = 100  # a larger limit is served as this one, with a Link to the next page
DIGITS_MAX = 9


@dataclass(frozen=True)
class Access:
    """Who the token speaks for."""

    user_id: int
    wallet_id: int


class ApiError(Exception):
    """An error answer of the API: status, the Imsx_StatusInfo body, and WWW-Authenticate when it is about the token."""

    def __init__(self, status: int, minor: str, description: str, challenge: str | None = None):
        super().__init__(description)
        self.status, self.minor, self.description, self.challenge = status, minor, description, challenge

    @property
    def body(self) -> dict:
        return {"imsx_codeMajor": "failure", "imsx_severity": "error", "imsx_description": self.description,
                "imsx_codeMinor": {"imsx_codeMinorField": [{"imsx_codeMinorFieldName": "TargetEndSystem",
                                                             "imsx_codeMinorFieldValue": self.minor}]}}


class _Bearer(BearerTokenValidator):
    def __init__(self, realm: str, now: datetime):
        super().__init__(realm=realm)
        self.now = now

    def authenticate_token(self, token_string):
        row = store.token_by_access(hash_secret(token_string))
        return Token(row, self.now) if row is not None else None


class _Headers:
    def __init__(self, authorization: str | None):
        self.headers = {"Authorization": authorization} if authorization else {}


def authorise(authorization: str | None, scope: str, *, realm: str, now: datetime) -> Access:
    """The bearer token's owner and wallet, if it is live and holds ``scope``; ApiError otherwise."""
    protector = ResourceProtector()
    protector.register_token_validator(_Bearer(realm, now))
    try:
        token = protector.validate_request([scope], _Headers(authorization))
    except InsufficientScopeError as error:
        raise ApiError(403, "forbidden", "The access token does not grant this operation.",
                       f'Bearer realm="{realm}", error="insufficient_scope", scope="{scope}"') from error
    except InvalidTokenError as error:
        raise ApiError(401, "unauthorizedrequest", "The access token is unknown, expired or revoked.",
                       f'Bearer realm="{realm}", error="invalid_token", error_description="{error.description}"') from error
    except OAuth2Error as error:  # no token, or not a bearer token
        raise ApiError(401, "unauthorizedrequest", "An access token (Authorization: Bearer) is required.",
                       f'Bearer realm="{realm}"') from error
    return Access(token.row.user_id, token.row.client_id)


def _whole(raw: str | None, name: str, *, default: int, least: int) -> int:
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdecimal() and len(raw) <= DIGITS_MAX) or int(raw) < least:
        raise ApiError(400, "invalid_query_parameter", f"{name} must be a whole number of at least {least}.")
    return int(raw)


def _since(raw: str | None) -> datetime | None:
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw.strip())
        # In UTC here, as the database keeps it: a moment whose UTC falls outside years 1 to 9999 fails now.
        return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise ApiError(400, "invalid_query_parameter", "since must be a date and time (ISO 8601).") from None


@dataclass(frozen=True)
class CredentialsPage:
    total: int
    limit: int
    offset: int
    since: str | None
    body: str  # JSON: {"credential": [...], "compactJwsStrings": [...]}


def credentials_page(access: Access, *, limit: str | None, offset: str | None, since: str | None) -> CredentialsPage:
    """One page of the owner's live credentials, oldest first. Each is given in both its signed forms, in
    the same order: the JSON with its embedded proof under ``credential`` and its VC-JWT under
    ``compactJwsStrings``, so a wallet takes the form it reads; X-Total-Count counts credentials."""
    size = min(_whole(limit, "limit", default=DEFAULT_LIMIT, least=1), MAX_LIMIT)
    start = _whole(offset, "offset", default=0, least=0)
    total, rows = awards.held_credentials(access.user_id, since=_since(since), limit=size, offset=start)
    # The stored documents are the signed bytes: joined as they are rather than parsed and dumped again.
    body = ('{"credential": [' + ", ".join(row.document for row in rows) + '], "compactJwsStrings": '
            + json.dumps([row.jwt for row in rows]) + "}")
    return CredentialsPage(total, size, start, since, body)


def page_links(page: CredentialsPage, address) -> str:
    """The Link header: first and last always, prev past the first page, next before the last;
    ``address(limit=, offset=)`` builds each absolute URL (since kept)."""
    last = max(page.total - 1, 0) // page.limit * page.limit
    links = [("first", 0), ("last", last)]
    if page.offset > 0:
        links.append(("prev", max(page.offset - page.limit, 0)))
    if page.offset + page.limit < page.total:
        links.append(("next", page.offset + page.limit))
    return ", ".join(f'<{address(limit=page.limit, offset=offset)}>; rel="{rel}"' for rel, offset in links)


def profile_document(access: Access, *, base_url: str) -> dict:
    """The learner as an OB Profile: name and e-mail. Its id is a stable URN of this site and learner,
    since the platform publishes no page about a learner."""
    user = accounts.get_user(access.user_id)
    if user is None:  # deleted since (its tokens go with it): as for an unknown token
        raise ApiError(401, "unauthorizedrequest", "The access token is unknown, expired or revoked.", "Bearer")
    return {"@context": [OB_CONTEXT], "type": "Profile",
            "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{base_url}/learners/{user.id}')}",
            "name": user.name, "email": user.email}
