"""Wallets' records: clients registered here and their grants and tokens (provider side); the
wallets we registered with and each push to them (client side). Secrets are stored hashed
(ours to check) or encrypted (theirs to present), never as given."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db


class WalletClient(db.Model):
    """A wallet (or other application) that registered here by dynamic client registration."""

    __tablename__ = "wallet_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    client_secret_hash: Mapped[str] = mapped_column(String(64))  # sha256 hex of the secret
    name: Mapped[str] = mapped_column(String(200))
    client_uri: Mapped[str] = mapped_column(Text)
    logo_uri: Mapped[str | None] = mapped_column(Text)
    tos_uri: Mapped[str | None] = mapped_column(Text)
    policy_uri: Mapped[str | None] = mapped_column(Text)
    redirect_uris: Mapped[str] = mapped_column(Text)  # JSON list
    scope: Mapped[str] = mapped_column(Text)  # space-separated scopes it may ask for
    software_id: Mapped[str | None] = mapped_column(String(200))
    software_version: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WalletGrant(db.Model):
    """An authorisation code a learner granted a client; used once, within minutes, with PKCE."""

    __tablename__ = "wallet_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("wallet_clients.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    redirect_uri: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    code_challenge: Mapped[str] = mapped_column(String(128))
    code_challenge_method: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WalletToken(db.Model):
    """An access token (and its refresh token) a client holds for one learner; revocable."""

    __tablename__ = "wallet_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("wallet_clients.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    access_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    refresh_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())  # of the access token
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WalletProvider(db.Model):
    """A learner's wallet this platform registered with as a client: one registration per discovery URL,
    since one host may serve several wallets, each under its own path (/tenant/ims/ob/v3p0/discovery)."""

    __tablename__ = "wallet_providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    origin: Mapped[str] = mapped_column(String(255))  # scheme://host[:port], shown beside the wallet's name
    name: Mapped[str] = mapped_column(String(200))
    discovery_url: Mapped[str] = mapped_column(Text, unique=True)  # at most 2000 bytes (push_wallet.MAX_URL)
    api_base: Mapped[str] = mapped_column(Text)  # the servers[0].url, ending /ims/ob/v3p0
    authorization_url: Mapped[str] = mapped_column(Text)
    token_url: Mapped[str] = mapped_column(Text)
    client_id: Mapped[str] = mapped_column(Text)
    encrypted_client_secret: Mapped[str | None] = mapped_column(Text)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WalletPush(db.Model):
    """One "Send to my wallet": from the click through the wallet's consent to the POST."""

    __tablename__ = "wallet_pushes"
    __table_args__ = (UniqueConstraint("user_id", "form_token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assertion_id: Mapped[int] = mapped_column(ForeignKey("assertions.id", ondelete="CASCADE"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("wallet_providers.id", ondelete="CASCADE"))
    form_token: Mapped[str] = mapped_column(String(64))  # one row per click, however often it arrives
    state: Mapped[str] = mapped_column(String(64), unique=True)
    encrypted_code_verifier: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # authorising | sent | failed
    failure: Mapped[str | None] = mapped_column(String(40))  # a code, shown translated
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
