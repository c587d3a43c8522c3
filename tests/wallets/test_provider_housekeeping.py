"""Open registration kept in bounds: requests are counted per client as log-ins are (an IPv6 client by its
/64, which it holds whole, not per address), and wallets that registered but that no learner ever
connected are deleted after 30 days by an idempotent scheduler job."""

from __future__ import annotations

import json
from datetime import timedelta

from lms import features
from tests.conftest import NOW
from tests.factories import make_learner_client
from tests.wallets.provider_flow import code_for, connect, metadata, register


def client_from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def registration_status(client) -> int:
    return client.post("/oauth/register", data=json.dumps(metadata()), content_type="application/json").status_code


def test_registrations_from_one_ipv6_network_are_counted_together(app):
    app.config["WALLET_REGISTER_LIMIT_PER_ADDRESS"] = "2 per minute"
    one, same_network, elsewhere = (client_from(app, address) for address in
                                    ("2001:db8:5:6::1", "2001:db8:5:6:ffff:1:2:3", "2001:db8:5:7::1"))
    assert [registration_status(one), registration_status(same_network), registration_status(one)] == [201, 201, 429]
    assert registration_status(same_network) == 429  # a new address in the same /64 is no way round the limit
    assert registration_status(elsewhere) == 201


def test_token_requests_from_one_ipv6_network_are_counted_together(app, client, practice):
    wallet = register(client)
    app.config["WALLET_TOKEN_LIMIT_PER_ADDRESS"] = "2 per minute"
    form = {"grant_type": "refresh_token", "refresh_token": "x"}
    statuses = [client_from(app, f"2001:db8:5:6::{n}").post("/oauth/token", data=form, headers=wallet.basic).status_code
                for n in range(1, 4)]
    assert statuses == [400, 400, 429]


def token_status(client, wallet) -> int:
    """400 invalid_grant for a registered wallet's nonsense token, 401 invalid_client once it is deleted."""
    return client.post("/oauth/token", data={"grant_type": "refresh_token", "refresh_token": "x"},
                       headers=wallet.basic).status_code


def test_wallets_no_learner_ever_connected_are_deleted_after_thirty_days(app, client, practice):
    never_used, connected, code_only = register(client), register(client), register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    connect(client, learner, connected)
    code_for(learner, code_only)  # allowed, never exchanged: a learner did let it in
    app.config["FIXED_NOW"] = NOW + timedelta(days=20)
    newer = register(client)
    job = next(job for job in features.jobs() if job.id == "forget-unused-wallets")
    assert job.run(NOW + timedelta(days=30)) == 0  # not older than 30 days yet
    assert job.run(NOW + timedelta(days=30, seconds=1)) == 1
    assert job.run(NOW + timedelta(days=30, seconds=1)) == 0  # running it again deletes nothing
    assert token_status(client, never_used) == 401
    assert [token_status(client, wallet) for wallet in (connected, code_only, newer)] == [400, 400, 400]
