"""The provider side's rows: registered wallets (clients), the codes learners granted them and the
tokens they hold. Codes and tokens are found by their SHA-256 (never kept as given). Using a code and
rotating a refresh token are each one conditional UPDATE, so two requests racing with the same code or
refresh token cannot both win, on SQLite as on PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, or_, select, update

from lms.core.extensions import db
from lms.core.text import has_control_characters
from lms.wallets.models import WalletClient, WalletGrant, WalletToken

CLIENT_ID_MAX = 64  # the column's width


def save_client(*, client_id: str, secret_hash: str, metadata: dict, scope: str, now: datetime) -> WalletClient:
    row = WalletClient(
        client_id=client_id, client_secret_hash=secret_hash, name=metadata["client_name"], client_uri=metadata["client_uri"],
        logo_uri=metadata.get("logo_uri"), tos_uri=metadata.get("tos_uri"), policy_uri=metadata.get("policy_uri"),
        redirect_uris=json.dumps(metadata["redirect_uris"]), scope=scope, software_id=metadata.get("software_id"),
        software_version=metadata.get("software_version"), created_at=now,
    )
    db.session.add(row)
    db.session.flush()
    return row


def wallet_by_client_id(client_id: object) -> WalletClient | None:
    """The registered wallet, or None for anything no client_id can be (checked before any query)."""
    if not isinstance(client_id, str) or not client_id or len(client_id) > CLIENT_ID_MAX or has_control_characters(client_id):
        return None
    return db.session.scalar(select(WalletClient).where(WalletClient.client_id == client_id))


def save_grant(*, code_hash: str, wallet_id: int, user_id: int, redirect_uri: str, scope: str, challenge: str,
               method: str, now: datetime, lifetime: timedelta) -> None:
    """A learner's Allow. The same authorisation request allowed twice (a double click: same wallet,
    learner and PKCE challenge) keeps one code, the newest: the browser follows the last answer."""
    db.session.execute(delete(WalletGrant).where(
        WalletGrant.client_id == wallet_id, WalletGrant.user_id == user_id, WalletGrant.code_challenge == challenge,
        WalletGrant.used_at.is_(None)))
    db.session.add(WalletGrant(code_hash=code_hash, client_id=wallet_id, user_id=user_id, redirect_uri=redirect_uri,
                               scope=scope, code_challenge=challenge, code_challenge_method=method, created_at=now,
                               expires_at=now + lifetime))
    db.session.flush()


def grant_by_code(code_hash: str, wallet_id: int) -> WalletGrant | None:
    return db.session.scalar(select(WalletGrant).where(WalletGrant.code_hash == code_hash, WalletGrant.client_id == wallet_id))


def use_grant(grant_id: int, *, now: datetime) -> bool:
    """Mark the code used; False if another request used it first."""
    result = db.session.execute(update(WalletGrant).where(WalletGrant.id == grant_id, WalletGrant.used_at.is_(None))
                                .values(used_at=now), execution_options={"synchronize_session": False})
    return result.rowcount == 1


def revoke_tokens_issued_since(wallet_id: int, user_id: int, since: datetime, *, now: datetime) -> None:
    """A code presented again after its use: the tokens it may have produced are revoked (RFC 6749 4.1.2).
    Tokens do not name their code, so every token this wallet got for this learner since then goes."""
    db.session.execute(update(WalletToken).where(
        WalletToken.client_id == wallet_id, WalletToken.user_id == user_id, WalletToken.issued_at >= since,
        WalletToken.revoked_at.is_(None)).values(revoked_at=now), execution_options={"synchronize_session": False})


def save_token(*, wallet_id: int, user_id: int, access_hash: str, refresh_hash: str | None, scope: str, now: datetime,
               lifetime: timedelta) -> None:
    db.session.add(WalletToken(client_id=wallet_id, user_id=user_id, access_token_hash=access_hash,
                               refresh_token_hash=refresh_hash, scope=scope, issued_at=now, expires_at=now + lifetime))
    db.session.flush()


def token_by_access(access_hash: str) -> WalletToken | None:
    return db.session.scalar(select(WalletToken).where(WalletToken.access_token_hash == access_hash))


def token_by_refresh(refresh_hash: str) -> WalletToken | None:
    return db.session.scalar(select(WalletToken).where(WalletToken.refresh_token_hash == refresh_hash))


def revoke_token(token_id: int, *, now: datetime) -> bool:
    """Revoke one token row (its access and refresh token alike); False if it was revoked already."""
    result = db.session.execute(update(WalletToken).where(WalletToken.id == token_id, WalletToken.revoked_at.is_(None))
                                .values(revoked_at=now), execution_options={"synchronize_session": False})
    return result.rowcount == 1


def _live(now: datetime, refresh_lifetime: timedelta):
    """A token still good for something: its access token, or its refresh token."""
    return WalletToken.revoked_at.is_(None) & or_(
        WalletToken.expires_at > now,
        WalletToken.refresh_token_hash.is_not(None) & (WalletToken.issued_at > now - refresh_lifetime))


def live_tokens_of(user_id: int, *, now: datetime, refresh_lifetime: timedelta) -> list:
    """(wallet_id, name, client_uri, issued_at, scope) of each working token this learner gave, in one statement."""
    return db.session.execute(
        select(WalletClient.id.label("wallet_id"), WalletClient.name, WalletClient.client_uri, WalletToken.issued_at,
               WalletToken.scope)
        .join(WalletClient, WalletClient.id == WalletToken.client_id)
        .where(WalletToken.user_id == user_id, _live(now, refresh_lifetime))
        .order_by(WalletToken.issued_at, WalletToken.id)).all()


def name_of_wallet_connected_by(user_id: int, wallet_id: int) -> str | None:
    """The wallet's name if this learner ever gave it a token; None otherwise (another's wallet)."""
    given = exists().where(WalletToken.client_id == WalletClient.id, WalletToken.user_id == user_id)
    return db.session.scalar(select(WalletClient.name).where(WalletClient.id == wallet_id, given))


def revoke_everything_given(user_id: int, wallet_id: int, *, now: datetime) -> None:
    db.session.execute(update(WalletToken).where(
        WalletToken.client_id == wallet_id, WalletToken.user_id == user_id, WalletToken.revoked_at.is_(None))
        .values(revoked_at=now), execution_options={"synchronize_session": False})
    db.session.execute(update(WalletGrant).where(
        WalletGrant.client_id == wallet_id, WalletGrant.user_id == user_id, WalletGrant.used_at.is_(None))
        .values(used_at=now), execution_options={"synchronize_session": False})


def approved_by(user_id: int, wallet_id: int, *, now: datetime, refresh_lifetime: timedelta) -> bool:
    """Whether this learner has let this wallet in and not taken it back: a live token, or a code they
    granted that is not yet used or expired."""
    token = exists().where(WalletToken.client_id == wallet_id, WalletToken.user_id == user_id, _live(now, refresh_lifetime))
    code = exists().where(WalletGrant.client_id == wallet_id, WalletGrant.user_id == user_id,
                          WalletGrant.used_at.is_(None), WalletGrant.expires_at > now)
    return bool(db.session.scalar(select(or_(token, code))))


def delete_clients_never_used(*, registered_before: datetime) -> int:
    """Delete the wallets registered before then that no learner ever granted anything; how many."""
    granted = exists().where(WalletGrant.client_id == WalletClient.id)
    given = exists().where(WalletToken.client_id == WalletClient.id)
    return db.session.execute(delete(WalletClient).where(WalletClient.created_at < registered_before, ~granted, ~given),
                              execution_options={"synchronize_session": False}).rowcount
