"""What a wallet may say about itself when it registers (RFC 7591 client metadata, as Open Badges 3.0
profiles it), checked before anything is stored: each text bounded and free of control characters,
every address an absolute https URL (http only on loopback, where a wallet under test lives) without
user name or fragment, all of them on one host (the specification requires it, and it is what makes
the consent page's "site" the place the learner's code goes), and only the grant types, response type
and client authentication this provider speaks. Errors are RFC 7591's, in ASCII as OAuth requires."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from authlib.oauth2.rfc7591 import ClientMetadataClaims, InvalidClientMetadataError, InvalidRedirectURIError

from lms.core.text import has_control_characters
from lms.wallets.services.provider import SCOPES

URI_MAX = 2000
NAME_MAX = 200  # the columns' widths
SOFTWARE_ID_MAX = 200
SOFTWARE_VERSION_MAX = 50
SCOPE_MAX = 2000
LIST_MAX = 10  # redirect URIs, contacts
CONTACT_MAX = 254
GRANT_TYPES = ("authorization_code", "refresh_token")
OPTIONAL_URIS = ("logo_uri", "tos_uri", "policy_uri")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def uri_problem(value: object) -> str | None:
    """Why this cannot be a wallet's address, or None."""
    if not isinstance(value, str) or not value:
        return "must be a non-empty string"
    if len(value) > URI_MAX or has_control_characters(value) or " " in value:
        return f"must be at most {URI_MAX} characters, without spaces or control characters"
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - a malformed port raises here
    except ValueError:
        return "is not a valid URL"
    if not host or parts.username is not None or parts.password is not None or parts.fragment:
        return "must be an absolute URL with a host, without user name or fragment"
    if parts.scheme != "https" and not (parts.scheme == "http" and _is_loopback(host)):
        return "must use https"
    return None


def _text(claims: dict, key: str, limit: int, *, required: bool = False) -> None:
    value = claims.get(key)
    if value is None and not required:
        return
    if not isinstance(value, str) or not value.strip() or len(value) > limit or has_control_characters(value):
        raise InvalidClientMetadataError(f"{key} must be text of 1 to {limit} characters without control characters")


class WalletMetadata(ClientMetadataClaims):
    """RFC 7591's claims with this provider's rules. Keys (jwks, jwks_uri) serve client authentication
    methods this provider does not offer: they are neither checked nor kept nor echoed."""

    def get_registered_claims(self):
        return {key: value for key, value in super().get_registered_claims().items() if key not in ("jwks", "jwks_uri")}

    def validate_jwks(self):
        """Not used here (above)."""

    def validate_jwks_uri(self):
        """Not used here (above)."""

    def validate_redirect_uris(self):
        uris = self.get("redirect_uris")
        if not isinstance(uris, list) or not uris or len(uris) > LIST_MAX:
            raise InvalidRedirectURIError(f"redirect_uris must be a list of 1 to {LIST_MAX} URLs")
        for uri in uris:
            problem = uri_problem(uri)
            if problem:
                raise InvalidRedirectURIError(f"each of redirect_uris {problem}")
        hosts = {urlsplit(uri).hostname for uri in uris}
        if self._host() and hosts != {self._host()}:
            raise InvalidRedirectURIError("redirect_uris must be on the host of client_uri")

    def _host(self) -> str | None:
        uri = self.get("client_uri")
        return urlsplit(uri).hostname if isinstance(uri, str) and uri_problem(uri) is None else None

    def validate_client_name(self):
        _text(self, "client_name", NAME_MAX, required=True)

    def validate_client_uri(self):
        problem = uri_problem(self.get("client_uri"))
        if problem:
            raise InvalidClientMetadataError(f"client_uri {problem}")

    def validate_logo_uri(self):
        for key in OPTIONAL_URIS:
            if self.get(key) is None:
                continue
            problem = uri_problem(self[key])
            if problem:
                raise InvalidClientMetadataError(f"{key} {problem}")
            if urlsplit(self[key]).hostname != self._host():
                raise InvalidClientMetadataError(f"{key} must be on the host of client_uri")

    def validate_tos_uri(self):
        """Checked with logo_uri."""

    def validate_policy_uri(self):
        """Checked with logo_uri."""

    def validate_software_id(self):
        _text(self, "software_id", SOFTWARE_ID_MAX)

    def validate_software_version(self):
        _text(self, "software_version", SOFTWARE_VERSION_MAX)

    def validate_scope(self):
        _text(self, "scope", SCOPE_MAX)
        if self.get("scope") is not None and not set(self["scope"].split()) & set(SCOPES):
            raise InvalidClientMetadataError("none of the scopes asked for is offered here (see the discovery document)")

    def validate_contacts(self):
        contacts = self.get("contacts")
        if contacts is None:
            return
        if not isinstance(contacts, list) or len(contacts) > LIST_MAX or not all(
                isinstance(item, str) and 0 < len(item) <= CONTACT_MAX and not has_control_characters(item)
                for item in contacts):
            raise InvalidClientMetadataError(f"contacts must be a list of at most {LIST_MAX} short texts")

    def validate_token_endpoint_auth_method(self):
        method = self.setdefault("token_endpoint_auth_method", "client_secret_basic")
        if method != "client_secret_basic":
            raise InvalidClientMetadataError("token_endpoint_auth_method must be client_secret_basic")

    def validate_grant_types(self):
        kinds = self.get("grant_types", ["authorization_code"])
        if not isinstance(kinds, list) or not kinds or not all(kind in GRANT_TYPES for kind in kinds):
            raise InvalidClientMetadataError("grant_types may only hold authorization_code and refresh_token")

    def validate_response_types(self):
        kinds = self.get("response_types", ["code"])
        if kinds != ["code"]:
            raise InvalidClientMetadataError("response_types must be [code]")
