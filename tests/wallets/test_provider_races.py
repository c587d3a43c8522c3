"""Two requests racing with one code, or with one refresh token (a retry on a flaky network, or a thief):
both have read it unused, both reach the write at once, and exactly one gets tokens."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.wallets.models import WalletToken
from tests.conftest import NOW, meeting_at
from tests.factories import make_learner_client
from tests.wallets.provider_flow import REDIRECT, code_for, connect, register


def race(app, wallet, form: dict, statement: str) -> list[tuple[int, dict]]:
    answers: list[tuple[int, dict]] = []

    def send(client) -> None:
        answer = client.post("/oauth/token", data=form, headers=wallet.basic)
        answers.append((answer.status_code, answer.get_json()))

    with meeting_at(statement):
        threads = [threading.Thread(target=send, args=(app.test_client(),)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    return sorted(answers, key=lambda pair: pair[0])


def tokens() -> int:
    return db.session.scalar(select(func.count()).select_from(WalletToken))


def test_one_code_sent_twice_at_once_gives_tokens_once(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    form = {"grant_type": "authorization_code", "code": code_for(learner, wallet), "redirect_uri": REDIRECT,
            "code_verifier": wallet.verifier}
    (won, token), (lost, refusal) = race(app, wallet, form, "UPDATE WALLET_GRANTS SET USED_AT")
    assert (won, lost) == (200, 400) and token["access_token"] and refusal["error"] == "invalid_grant"
    assert tokens() == 1


def test_one_refresh_token_sent_twice_at_once_is_rotated_once(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    first = connect(client, learner, wallet)
    form = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    (won, token), (lost, refusal) = race(app, wallet, form, "UPDATE WALLET_TOKENS SET REVOKED_AT")
    assert (won, lost) == (200, 400) and token["refresh_token"] and refusal["error"] == "invalid_grant"
    assert tokens() == 2  # the first (now revoked) and the one rotation
