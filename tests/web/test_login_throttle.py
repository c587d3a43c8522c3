"""Log-in limits through real HTTP: a stranger guessing cannot lock the owner out, one address
spraying many accounts is slowed (429 + Retry-After), a password reset lets the owner back in.
Client addresses are set per test client (REMOTE_ADDR), as a server sees them."""

from __future__ import annotations

import re
from datetime import timedelta

import config
from lms import create_app, features
from lms.core.extensions import db
from tests.conftest import NOW, IsolatedClient, csrf_from, submit
from tests.factories import PASSWORD, log_in, make_user

STRANGERS = ("198.51.100.1", "198.51.100.2", "198.51.100.3")
OWNER_ADDRESS = "203.0.113.5"


def client_from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def later(app, seconds: float) -> None:
    """Move the clock on (the per-account counts are kept in the database, on the app's clock)."""
    app.config["FIXED_NOW"] = app.config["FIXED_NOW"] + timedelta(seconds=seconds)


def guess_patiently(app, client, email: str, password: str):
    """A guesser who waits out each short delay the account imposes."""
    response = log_in(client, email, password)
    while response.status_code == 429 and int(response.headers["Retry-After"]) <= app.config["LOGIN_MAX_DELAY_SECONDS"]:
        later(app, int(response.headers["Retry-After"]))
        response = log_in(client, email, password)
    return response


def test_a_strangers_wrong_passwords_do_not_lock_the_owner_out(app):
    owner = make_user(now=NOW)
    for address in STRANGERS:
        stranger = client_from(app, address)
        for _ in range(5):
            assert guess_patiently(app, stranger, owner.email, "a wrong guess here").status_code == 401
        # Each guessing address is now stopped for this account, even with the right password.
        stopped = log_in(stranger, owner.email, PASSWORD)
        assert stopped.status_code == 429 and int(stopped.headers["Retry-After"]) > 10 * 60

    # The owner, from their own address, waits at most a short, capped delay...
    response = log_in(client_from(app, OWNER_ADDRESS), owner.email, PASSWORD)
    assert response.status_code == 429
    wait = int(response.headers["Retry-After"])
    assert 0 < wait <= app.config["LOGIN_MAX_DELAY_SECONDS"]
    html = response.get_data(as_text=True)
    assert f"Try again in {wait} seconds." in html
    assert f'value="{owner.email}"' in html  # what they typed is kept
    assert 'href="/password/forgot"' in html
    # ...and is in once it has passed, while the strangers' addresses stay stopped.
    later(app, wait)
    assert log_in(client_from(app, OWNER_ADDRESS), owner.email, PASSWORD).headers["Location"] == "/dashboard"
    assert log_in(client_from(app, STRANGERS[0]), owner.email, PASSWORD).status_code == 429


def test_each_guess_past_five_waits_longer_up_to_a_cap(app):
    owner = make_user(now=NOW)
    for number in range(5):  # five guesses from five addresses: no delay yet
        assert log_in(client_from(app, f"198.51.100.{number}"), owner.email, "a wrong guess").status_code == 401
    waits = []
    for number in range(5, 12):
        guesser = client_from(app, f"198.51.100.{number}")
        refused = log_in(guesser, owner.email, "a wrong guess")
        assert refused.status_code == 429
        waits.append(int(refused.headers["Retry-After"]))
        later(app, waits[-1])
        assert log_in(guesser, owner.email, "a wrong guess").status_code == 401
    assert waits == [1, 2, 4, 8, 16, 30, 30]


def test_one_address_trying_thirty_accounts_is_throttled_with_429_and_retry_after(app):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "10 per minute"
    users = [make_user(now=NOW) for _ in range(30)]
    sprayer = client_from(app, "198.51.100.7")
    responses = [log_in(sprayer, user.email, "Password2024!") for user in users]
    assert [r.status_code for r in responses] == [401] * 10 + [429] * 20
    limited = responses[10]
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    html = limited.get_data(as_text=True)
    assert "Too many failed log-ins from your network." in html
    assert f'value="{users[10].email}"' in html
    # Every account's owner, from elsewhere, logs in as usual.
    assert log_in(client_from(app, OWNER_ADDRESS), users[10].email).status_code == 302


def test_many_people_logging_in_from_one_school_network_are_not_slowed(app):
    """The per-address limit counts wrong passwords only, not log-ins."""
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "10 per minute"
    users = [make_user(now=NOW) for _ in range(15)]
    assert [log_in(client_from(app, "192.0.2.10"), user.email).status_code for user in users] == [302] * 15


def test_the_owner_gets_back_in_by_resetting_the_password(app, smtp):
    owner = make_user(now=NOW)
    for address in (*STRANGERS, OWNER_ADDRESS):  # the owner too has forgotten the password
        for _ in range(5):
            guess_patiently(app, client_from(app, address), owner.email, "a wrong guess here")
    mine = client_from(app, OWNER_ADDRESS)
    assert log_in(mine, owner.email, PASSWORD).status_code == 429  # for 15 minutes from here

    assert submit(mine, "/password/forgot", {"email": owner.email}).status_code == 302
    body = smtp.wait_for(1)[0].get_payload(decode=True).decode()
    link = re.search(r"http://localhost(/password/reset/\S+)", body).group(1)
    response = submit(mine, link, {"password": "my fresh passphrase", "confirm": "my fresh passphrase"})
    assert response.headers["Location"] == "/dashboard"
    assert mine.get("/dashboard").status_code == 200
    # The reset cleared the account's failures: a log-in from here works at once, no delay.
    assert log_in(client_from(app, OWNER_ADDRESS), owner.email, "my fresh passphrase").status_code == 302


def test_reset_requests_are_limited_per_address_too(app, smtp, reset_mail_handed_over):
    app.config["RESET_LIMIT_PER_ADDRESS"] = "3 per minute"
    requester = client_from(app, "198.51.100.9")
    users = [make_user(now=NOW) for _ in range(4)]
    statuses = [submit(requester, "/password/forgot", {"email": user.email}).status_code for user in users]
    assert statuses == [302, 302, 302, 429]
    limited = submit(requester, "/password/forgot", {"email": users[3].email})
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    html = limited.get_data(as_text=True)
    assert "Too many password-reset requests from your network." in html
    assert f'value="{users[3].email}"' in html
    assert reset_mail_handed_over == [user.email for user in users[:3]]
    # Another address is not held up.
    assert submit(client_from(app, OWNER_ADDRESS), "/password/forgot", {"email": users[3].email}).status_code == 302
    assert reset_mail_handed_over == [user.email for user in users]
    assert len(smtp.wait_for(4)) == 4  # every request has answered: nothing more is under way


def test_behind_a_trusted_proxy_each_visitor_is_counted_by_the_forwarded_address(app):
    users = [make_user(now=NOW) for _ in range(3)]
    proxied = create_app(config.TestConfig, DATABASE_URL=app.config["DATABASE_URL"], FIXED_NOW=NOW,
                         TRUSTED_PROXIES=1, LOGIN_LIMIT_PER_ADDRESS="2 per minute")
    proxied.test_client_class = IsolatedClient
    try:
        def via_proxy(visitor: str):
            client = client_from(proxied, "127.0.0.1")  # every request arrives from nginx
            client.environ_base["HTTP_X_FORWARDED_FOR"] = visitor
            return client

        sprayer = via_proxy("198.51.100.7")
        assert [log_in(sprayer, user.email, "wrong guess").status_code for user in users] == [401, 401, 429]
        assert log_in(via_proxy("203.0.113.9"), users[2].email).status_code == 302
    finally:
        with proxied.app_context():
            db.engine.dispose()


def test_without_a_trusted_proxy_a_forwarded_address_is_ignored(app):
    """Otherwise a guesser would name a new address with each try."""
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "2 per minute"
    users = [make_user(now=NOW) for _ in range(3)]
    statuses = []
    for number, user in enumerate(users):
        guesser = client_from(app, "198.51.100.7")
        guesser.environ_base["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{number}"
        statuses.append(log_in(guesser, user.email, "wrong guess").status_code)
    assert statuses == [401, 401, 429]


def test_failures_older_than_a_day_are_forgotten_by_the_hourly_job(app):
    owner = make_user(now=NOW)
    guesser = client_from(app, STRANGERS[0])
    for _ in range(5):
        assert log_in(guesser, owner.email, "a wrong guess here").status_code == 401
    job = next(job for job in features.jobs() if job.id == "forget-old-login-failures")
    assert job.run(NOW + timedelta(hours=23)) == 0  # still within a day: kept
    assert job.run(NOW + timedelta(days=1, seconds=1)) == 5
    assert job.run(NOW + timedelta(days=1, seconds=1)) == 0  # running it again deletes nothing


def test_the_owners_own_browser_is_spared_the_delay_strangers_cause_from_any_address(app):
    owner = make_user(now=NOW)
    browser = client_from(app, OWNER_ADDRESS)
    assert log_in(browser, owner.email, PASSWORD).headers["Location"] == "/dashboard"  # once, before the attack
    browser.post("/logout", data={"csrf_token": csrf_from(browser.get("/account").get_data(as_text=True))})
    assert browser.get("/dashboard").status_code == 302  # logged out: the next log-in is checked afresh
    for address in STRANGERS:
        stranger = client_from(app, address)
        for _ in range(5):
            assert guess_patiently(app, stranger, owner.email, "a wrong guess here").status_code == 401
    # Another browser waits the short delay; the owner's own, even on a new network, does not.
    assert log_in(client_from(app, OWNER_ADDRESS), owner.email, PASSWORD).status_code == 429
    browser.environ_base["REMOTE_ADDR"] = "192.0.2.77"
    assert log_in(browser, owner.email, PASSWORD).headers["Location"] == "/dashboard"
    # The cookie names one account: it spares nothing for another.
    other = make_user(now=NOW)
    for _ in range(5):
        guess_patiently(app, client_from(app, STRANGERS[0]), other.email, "a wrong guess here")
    browser.post("/logout", data={"csrf_token": csrf_from(browser.get("/account").get_data(as_text=True))})
    assert log_in(browser, other.email, PASSWORD).status_code == 429
