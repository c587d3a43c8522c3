"""Send to my wallet: the platform, as an Open Badges 3.0 API client, hands a learner's signed credential
to the wallet they name. start_push: read the wallet's discovery document and register with it once per
discovery URL (kept in WalletProvider, the secret sealed), then a WalletPush (state, PKCE verifier sealed) and
the wallet's authorisation URL (Authlib). finish_push, at our callback: the code exchanged for a token,
the credential POSTed as stored. Each outcome is kept on the push and shown translated (REASONS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from lms.awards import services as awards
from lms.core.errors import DomainError, NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext, lazy_gettext
from lms.core.jobs import SweepReport
from lms.core.urls import external_url
from lms.wallets.models import WalletProvider, WalletPush
from lms.wallets.services import push_wallet as wallet
from lms.wallets.services.push_wallet import UPSERT_SCOPE, ClientRefused, Outbound, WalletFailed
from lms.wallets.services.push_secrets import open_sealed, seal

if TYPE_CHECKING:
    from lms.accounts.models import User

__all__ = ["PushOutcome", "PushRow", "Started", "WalletFailed", "expire_unfinished_pushes", "finish_push", "list_pushes",
           "outcome_of", "reason", "sendable", "start_push"]

SOFTWARE_ID = "6f1d2c3e-7b8a-4c5d-9e0f-1a2b3c4d5e6f"  # this software, the same for every installation (RFC 7591)
SOFTWARE_VERSION = "1.0"
FORM_TOKEN_MAX = 64
CALLBACK_PARAMETER_MAX = 2000
PUSHES_SHOWN = 20
UNFINISHED_LIFETIME = timedelta(hours=1)  # a learner still at their wallet after that has left it there

REASONS = {
    "no_wallet": lazy_gettext("That is not a web address. Give your wallet's address, for example "
                              "https://wallet.example.org."),
    "wallet_not_https": lazy_gettext("Your wallet's address must start with https://."),
    "wallet_private": lazy_gettext("That address is inside a private network. Only wallets on the public internet "
                                   "can receive badges."),
    "wallet_unreachable": lazy_gettext("Your wallet's site could not be reached. Try again later."),
    "no_discovery": lazy_gettext("No Open Badges 3.0 wallet answers at that address: its description (discovery "
                                 "document) is missing or unreadable. Check the address with your wallet's help pages."),
    "discovery_incomplete": lazy_gettext("Your wallet's description does not say how to connect to it, so badges "
                                         "cannot be sent to it from here."),
    "no_upsert": lazy_gettext("Your wallet does not accept badges sent to it by other sites."),
    "registration_refused": lazy_gettext("Your wallet refused to register this site, so the badge could not be sent."),
    "denied": lazy_gettext("You did not allow this site to add the badge to your wallet."),
    "authorisation_failed": lazy_gettext("Your wallet did not give its permission. Try again, or ask your wallet's "
                                         "support."),
    "token_refused": lazy_gettext("Your wallet did not accept this site's sign-in, so the badge could not be sent."),
    "upload_refused": lazy_gettext("Your wallet refused the badge."),
    "wallet_failed": lazy_gettext("Your wallet had a problem on its side. Try again later."),
    "revoked": lazy_gettext("This badge was revoked, so it was not sent."),
    "expired": lazy_gettext("Your wallet did not send you back here within an hour, so this attempt was stopped. "
                            "Try again."),
}
UNKNOWN_REASON = lazy_gettext("Something went wrong with your wallet. Try again later.")


def reason(code: str | None) -> str:
    """The translated sentence for a failure code."""
    return str(REASONS.get(code or "", UNKNOWN_REASON))


@dataclass(frozen=True)
class Started:
    """A push under way: where to send the learner (the wallet's consent), or its outcome if it is over."""

    push: WalletPush
    authorization_url: str | None  # None: this form was already used and the push has finished


@dataclass(frozen=True)
class PushOutcome:
    uid: str
    badge_name: str
    language: str  # the badge's name is in it
    wallet_name: str
    status: str  # authorising | sent | failed
    failure: str | None


@dataclass(frozen=True)
class PushRow:
    """One earlier "Send to my wallet" of a badge, for its page."""

    push: WalletPush
    wallet_name: str
    wallet_origin: str


def _outbound() -> Outbound:
    config = current_app.config
    return Outbound(allow_private=config["OUTBOUND_ALLOW_PRIVATE"], allow_http=config["OUTBOUND_ALLOW_HTTP"])


def _callback_url() -> str:
    return external_url("wallets.callback")


def client_metadata() -> dict:
    """What we tell a wallet about ourselves when registering (RFC 7591, as OB 3.0 requires it)."""
    home = external_url("catalog.index")
    config = current_app.config
    return {"client_name": config["BADGE_ISSUER_NAME"], "client_uri": home,
            "logo_uri": external_url("static", filename="favicon.svg"),
            "tos_uri": _page_on_our_host("TERMS_OF_SERVICE_URL", home),
            "policy_uri": _page_on_our_host("PRIVACY_POLICY_URL", home),
            "software_id": SOFTWARE_ID, "software_version": SOFTWARE_VERSION, "redirect_uris": [_callback_url()],
            "token_endpoint_auth_method": "client_secret_basic", "grant_types": ["authorization_code"],
            "response_types": ["code"], "scope": UPSERT_SCOPE}


def _page_on_our_host(setting: str, home: str) -> str:
    """The page a setting names (terms of service, privacy policy) when it is on this site, else the home
    page: OB 3.0 wants every URL of a registration on one host name (a wallet may refuse the registration
    otherwise), and an organisation may well keep its policies on another of its sites."""
    url, ours = current_app.config.get(setting), urlsplit(home)
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return home
    return url if (parts.scheme.lower(), parts.hostname) == (ours.scheme, ours.hostname) else home


def sendable(user: User, uid: str) -> awards.CredentialToSend:
    """The learner's own badge ``uid``, live and signed (anyone else's: NotFound; revoked or unsigned: said)."""
    credential = awards.credential_to_send(user, uid=uid)
    if credential.revoked:
        raise DomainError(gettext("This badge was revoked, so it can no longer be sent to a wallet."))
    if credential.document is None:
        raise DomainError(gettext("This badge's verifiable credential is still being prepared. "
                                  "Try again in a few minutes."))
    return credential


def start_push(user: User, uid: str, address: str, form_token: str, *, now: datetime) -> Started:
    """Begin sending the learner's badge ``uid`` to the wallet at ``address``. The same form sent twice
    is one push. WalletFailed (its code for REASONS) when the wallet cannot be used; nothing is kept then."""
    credential = sendable(user, uid)
    if not (0 < len(form_token) <= FORM_TOKEN_MAX and form_token.isascii() and form_token.isalnum()):
        raise DomainError(gettext("That form had expired. Please try again."))
    earlier = _push_of_form(user.id, form_token)
    if earlier is not None:
        return _started(earlier, credential.assertion_id)
    discovery_url, origin = wallet.discovery_address(address)
    provider = _registered(discovery_url, origin, now=now)
    push = WalletPush(user_id=user.id, assertion_id=credential.assertion_id, provider_id=provider.id,
                      form_token=form_token, state=generate_token(48),
                      encrypted_code_verifier=seal(generate_token(64)), status="authorising", created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(push)
    except IntegrityError:  # the same form, sent twice at once: the first one stands
        return _started(_push_of_form(user.id, form_token), credential.assertion_id)
    return _started(push, credential.assertion_id)


def _push_of_form(user_id: int, form_token: str) -> WalletPush | None:
    return db.session.scalar(select(WalletPush).where(WalletPush.user_id == user_id,
                                                      WalletPush.form_token == form_token))


def _started(push: WalletPush, assertion_id: int) -> Started:
    if push.assertion_id != assertion_id:  # a form of another badge's page, posted here by hand
        raise DomainError(gettext("That form had expired. Please try again."))
    if push.status != "authorising":
        return Started(push, None)
    verifier = open_sealed(push.encrypted_code_verifier)
    if verifier is None:  # sealed under a SECRET_KEY since changed: this push cannot be finished
        raise DomainError(gettext("That form had expired. Please try again."))
    provider = db.session.get(WalletProvider, push.provider_id)
    challenge = create_s256_code_challenge(verifier)
    url = prepare_grant_uri(provider.authorization_url, provider.client_id, "code", redirect_uri=_callback_url(),
                            scope=UPSERT_SCOPE, state=push.state, code_challenge=challenge,
                            code_challenge_method="S256")
    return Started(push, url)


def _registered(discovery_url: str, origin: str, *, now: datetime) -> WalletProvider:
    """Our registration with the wallet whose discovery document is at ``discovery_url``: the one kept (a
    client is registered once per wallet; several wallets may share a host, each under its own path), or
    made now from its discovery document (again, if the wallet forgot the last one)."""
    provider = _provider_at(discovery_url)
    if provider is not None and _secret_of(provider) is not None:
        return provider
    outbound = _outbound()
    endpoints = wallet.read_discovery(discovery_url, outbound)
    registration = wallet.register(endpoints, client_metadata(), outbound)
    fields = {"name": endpoints.name, "discovery_url": discovery_url, "api_base": endpoints.api_base,
              "authorization_url": endpoints.authorization_url, "token_url": endpoints.token_url,
              "client_id": registration.client_id, "encrypted_client_secret": seal(registration.client_secret),
              "registered_at": now}
    if provider is not None:
        for name, value in fields.items():
            setattr(provider, name, value)
        return provider
    provider = WalletProvider(origin=origin, **fields)
    try:
        with db.session.begin_nested():
            db.session.add(provider)
    except IntegrityError:  # another learner registered us with this wallet meanwhile: theirs stands
        provider = _provider_at(discovery_url)
    return provider


def _provider_at(discovery_url: str) -> WalletProvider | None:
    return db.session.scalar(select(WalletProvider).where(WalletProvider.discovery_url == discovery_url))


def _secret_of(provider: WalletProvider) -> str | None:
    """Our client secret at the wallet; None once the wallet forgot our client (or SECRET_KEY changed)."""
    return open_sealed(provider.encrypted_client_secret) if provider.encrypted_client_secret else None


def finish_push(user: User, state: str, *, code: str, error: str, now: datetime) -> PushOutcome:
    """The wallet sent the learner back (our callback): exchange the code, POST the credential, keep the
    outcome. A state that is not one of this learner's pushes: NotFound. A push already over is told as
    it ended (a callback opened twice sends nothing twice)."""
    known = 0 < len(state) <= FORM_TOKEN_MAX
    push = db.session.scalar(select(WalletPush).where(WalletPush.state == state)) if known else None
    if push is None or push.user_id != user.id:
        raise NotFound(gettext("This answer from a wallet does not match a badge you are sending. "
                               "Start again from My badges."))
    provider = db.session.get(WalletProvider, push.provider_id)
    credential = awards.credential_to_send(user, assertion_id=push.assertion_id)
    if push.status == "authorising":
        _finish(push, _deliver(push, provider, credential, code, error), now)
    return outcome_of(push, credential)


def outcome_of(push: WalletPush, credential: awards.CredentialToSend) -> PushOutcome:
    provider = db.session.get(WalletProvider, push.provider_id)
    return PushOutcome(credential.uid, credential.badge_name, credential.language, provider.name, push.status,
                       push.failure)


def _deliver(push: WalletPush, provider: WalletProvider, credential: awards.CredentialToSend, code: str,
             error: str) -> str | None:
    """Exchange the code and POST the credential; the failure code, or None once the wallet holds it."""
    if error:
        return "denied" if error == "access_denied" else "authorisation_failed"
    verifier, secret = open_sealed(push.encrypted_code_verifier), _secret_of(provider)
    if not code or len(code) > CALLBACK_PARAMETER_MAX or verifier is None or secret is None:
        return "authorisation_failed"
    if credential.revoked or credential.document is None:  # revoked while the learner was at their wallet
        return "revoked"
    outbound = _outbound()
    try:
        token = wallet.exchange_code(provider.token_url, wallet.Registration(provider.client_id, secret), code=code,
                                     redirect_uri=_callback_url(), code_verifier=verifier, outbound=outbound)
        wallet.send_credential(provider.api_base, token, credential.document, outbound)
    except ClientRefused as refused:
        provider.encrypted_client_secret = None  # the next push registers again
        return refused.code
    except WalletFailed as failed:
        return failed.code
    return None


def _finish(push: WalletPush, failure: str | None, now: datetime) -> None:
    """Keep the outcome; a success wins over a failure written by a twin of this callback (the wallet
    takes a code once, so a callback opened twice at once sees one success and one refusal)."""
    finished = {"failure": failure, "finished_at": now, "encrypted_code_verifier": ""}
    if failure is None:
        changed = update(WalletPush).where(WalletPush.id == push.id, WalletPush.status != "sent").values(
            status="sent", **finished)
    else:
        changed = update(WalletPush).where(WalletPush.id == push.id, WalletPush.status == "authorising").values(
            status="failed", **finished)
    db.session.execute(changed, execution_options={"synchronize_session": False})
    db.session.refresh(push)


def list_pushes(user: User, credential: awards.CredentialToSend) -> list[PushRow]:
    """The learner's latest sends of this badge, newest first."""
    rows = db.session.execute(
        select(WalletPush, WalletProvider.name, WalletProvider.origin)
        .join(WalletProvider, WalletProvider.id == WalletPush.provider_id)
        .where(WalletPush.user_id == user.id, WalletPush.assertion_id == credential.assertion_id)
        .order_by(WalletPush.created_at.desc(), WalletPush.id.desc()).limit(PUSHES_SHOWN))
    return [PushRow(push, name, origin) for push, name, origin in rows]


def expire_unfinished_pushes(*, now: datetime, after: timedelta = UNFINISHED_LIFETIME) -> SweepReport:
    """Pushes still waiting for the learner's permission ``after`` they began are over: failed ("expired"),
    their PKCE verifier dropped; the wallet's answer, should it come later, sends nothing. Running it again
    changes nothing. (A callback already under way keeps its outcome: a success still wins, see _finish.)"""
    expired = db.session.execute(
        update(WalletPush).where(WalletPush.status == "authorising", WalletPush.created_at < now - after)
        .values(status="failed", failure="expired", finished_at=now, encrypted_code_verifier=""),
        execution_options={"synchronize_session": False})
    return SweepReport(recorded=expired.rowcount)
