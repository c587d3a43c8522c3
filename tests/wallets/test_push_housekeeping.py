"""Send to my wallet, over time and in bulk: a push left waiting at the wallet expires after an hour (the
expire-unfinished-pushes job), and one learner may only start so many pushes (WALLET_PUSH_LIMIT_PER_USER)."""

from __future__ import annotations

import html
from datetime import timedelta

from sqlalchemy import func, select

from lms import features
from lms.core.extensions import db
from lms.wallets.models import WalletPush
from tests.conftest import NOW
from tests.wallets.push_stand_in import consent, wallet
from tests.wallets.test_push import holder, send, send_form


def expiry_job():
    return next(job for job in features.jobs() if job.id == "expire-unfinished-pushes")


def test_a_push_left_waiting_at_the_wallet_expires_after_an_hour_and_sends_nothing_later(app, practice):
    client, assertion = holder(app)
    with wallet() as stand_in:
        finished = send(client, assertion.uid, stand_in.url)
        client.get(consent(finished.location))
        waiting = send(client, assertion.uid, stand_in.url)  # the learner went to their wallet and stayed there
        job = expiry_job()
        assert job.run(NOW + timedelta(hours=1)) == 0  # not older than an hour yet
        assert job.run(NOW + timedelta(hours=1, seconds=1)) == 1
        assert job.run(NOW + timedelta(hours=1, seconds=1)) == 0  # running it again changes nothing
        back = client.get(consent(waiting.location), follow_redirects=True)  # the wallet's answer, too late
    assert "Your wallet did not send you back here within an hour" in html.unescape(back.get_data(as_text=True))
    assert len(stand_in.token_requests) == 1 and len(stand_in.received) == 1  # the first push's alone
    rows = db.session.execute(select(WalletPush.status, WalletPush.failure, WalletPush.encrypted_code_verifier)
                              .order_by(WalletPush.id)).all()
    assert [tuple(row) for row in rows] == [("sent", None, ""), ("failed", "expired", "")]
    history = html.unescape(client.get(f"/my/badges/{assertion.uid}/wallet").get_data(as_text=True))
    assert "Not sent" in history and "within an hour, so this attempt was stopped" in history


def test_one_learner_starting_too_many_pushes_is_told_on_the_form_what_they_typed_kept(app, practice):
    app.config["WALLET_PUSH_LIMIT_PER_USER"] = "2 per minute"
    client, assertion = holder(app)
    other, other_badge = holder(app, "grace@school.example")
    with wallet() as stand_in:
        statuses = [send(client, assertion.uid, stand_in.url).status_code for _ in range(2)]
        refused = send(client, assertion.uid, stand_in.url)
        assert send(other, other_badge.uid, stand_in.url).status_code == 303  # counted per learner
        assert client.get(f"/my/badges/{assertion.uid}/wallet").status_code == 200  # the page itself is not limited
    page = html.unescape(refused.get_data(as_text=True))
    assert statuses == [303, 303] and refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "You have sent badges to wallets many times in a short while" in page.split('id="wallet-error"')[1]
    assert f'value="{stand_in.url}"' in page  # the address stays in the field, to send again later
    assert db.session.scalar(select(func.count()).select_from(WalletPush)) == 3


def test_the_limit_counts_forms_sent_not_just_pushes_made(app, practice):
    """Bad addresses count too: each costs this site a lookup, maybe a request to another site."""
    app.config["WALLET_PUSH_LIMIT_PER_USER"] = "2 per minute"
    client, assertion = holder(app)
    url = f"/my/badges/{assertion.uid}/wallet"
    statuses = [client.post(url, data=send_form(client, assertion.uid, "https://")).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
