"""What wallets hold about a person: the wallets they let in and what they sent to wallets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import delete, select, update

from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.wallets.models import WalletClient, WalletGrant, WalletProvider, WalletPush, WalletToken

BATCH = 500

README = {
    "wallets.json": lazy_gettext("The wallets you let read your badges (and until when), and the badges you sent to a wallet."),
}


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "wallets.json", _wallets(user_id)


def _wallets(user_id: int) -> Iterator[dict]:
    tokens = (select(WalletClient.name, WalletToken.scope, WalletToken.issued_at, WalletToken.expires_at, WalletToken.revoked_at)
              .join(WalletClient, WalletClient.id == WalletToken.client_id).where(WalletToken.user_id == user_id)
              .order_by(WalletToken.id))
    for row in db.session.execute(tokens.execution_options(yield_per=BATCH)):
        yield {"record": "wallet_access", **row._asdict()}
    pushes = (select(WalletProvider.name, WalletProvider.origin, WalletPush.status, WalletPush.created_at, WalletPush.finished_at)
              .join(WalletProvider, WalletProvider.id == WalletPush.provider_id).where(WalletPush.user_id == user_id)
              .order_by(WalletPush.id))
    for row in db.session.execute(pushes.execution_options(yield_per=BATCH)):
        yield {"record": "sent_to_wallet", **row._asdict()}


def files(user_id: int) -> Iterator[tuple[str, object]]:
    return iter(())


def suspend(user_id: int, *, now: datetime) -> None:
    """At the moment erasure is asked for: no wallet reads their badges any more."""
    db.session.execute(update(WalletToken).where(WalletToken.user_id == user_id, WalletToken.revoked_at.is_(None))
                       .values(revoked_at=now))


def erase(user_id: int, *, now: datetime) -> list:
    for model in (WalletPush, WalletToken, WalletGrant):
        db.session.execute(delete(model).where(model.user_id == user_id))
    return []
