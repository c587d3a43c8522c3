"""E-mail verification at registration, sending the link again, and changing the address."""

from __future__ import annotations

import re

from sqlalchemy import select

from lms.accounts.models import User
from lms.core.extensions import db
from tests.accounts.mailbox import follow_verification_link, link_in, press
from tests.conftest import NOW, csrf_from, submit
from tests.factories import PASSWORD, log_in, make_user

PHRASE = "a long enough phrase"


def register(client, email: str = "grace@example.org"):
    return submit(client, "/register", {"name": "Grace Counsellor", "email": email, "password": PHRASE,
                                        "confirm": PHRASE, "timezone": "Europe/Lisbon", "language": "en"})


def grace() -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == "grace@example.org"))


def test_a_newcomer_confirms_the_address_by_the_emailed_link_and_is_logged_in(client, smtp):
    response = register(client)
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "We have sent a link to <strong>grace@example.org</strong>" in html
    assert client.get("/dashboard").status_code == 302  # not logged in yet
    refused = log_in(client, "grace@example.org", PHRASE)
    assert refused.status_code == 403
    assert "Confirm your e-mail address first" in refused.get_data(as_text=True)
    assert grace().email_verified_at is None

    [message] = smtp.wait_for(1)
    assert message["To"] == "grace@example.org" and message["Subject"] == "Confirm your e-mail address"
    response = follow_verification_link(client, smtp)
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your address is confirmed." in html and "Welcome, Grace Counsellor!" in html
    assert client.get("/dashboard").status_code == 200
    assert grace().email_verified_at is not None


def test_a_used_or_expired_verification_link_does_nothing(app, client, smtp):
    register(client)
    link = link_in(smtp.wait_for(1)[0], "/email/verify/")
    app.config["EMAIL_LINK_MAX_AGE_SECONDS"] = -1  # every link is too old
    assert client.get(link).headers["Location"].startswith("/login")
    response = press(client, link)
    assert response.headers["Location"].startswith("/login")
    assert "This link is invalid or has expired" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert grace().email_verified_at is None

    del app.config["EMAIL_LINK_MAX_AGE_SECONDS"]
    assert submit(client, link).status_code == 302
    client.post("/logout", data={})
    other = app.test_client()
    assert other.get(link).headers["Location"].startswith("/login")  # used: it logs nobody in again
    press(other, link)
    assert other.get("/dashboard").status_code == 302


def test_sending_the_link_again_is_limited_and_does_not_reveal_who_has_an_account(app, client, smtp):
    register(client)
    smtp.wait_for(1)
    answers = []
    for email in ("grace@example.org", "nobody@example.org"):
        response = submit(client, "/email/resend", {"email": email}, page="/register/check-inbox")
        answers.append(client.get(response.headers["Location"]).get_data(as_text=True))
    assert all("If an account with that address is waiting for confirmation" in html for html in answers)
    assert [message["To"] for message in smtp.wait_for(2)] == ["grace@example.org"] * 2
    for _ in range(2):
        submit(client, "/email/resend", {"email": "grace@example.org"}, page="/register/check-inbox")
    limited = submit(client, "/email/resend", {"email": "grace@example.org"}, page="/register/check-inbox")
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    # The newest link works (the earlier ones too, until one is used).
    assert follow_verification_link(client, smtp, count=4).status_code == 302
    assert client.get("/dashboard").status_code == 200


def test_changing_the_address_is_confirmed_at_the_new_one_and_the_old_one_is_told(app, client, smtp):
    user = make_user(email="ada@example.org", now=NOW)
    log_in(client, user.email)
    wrong = submit(client, "/account/email", {"email": "ada@new.example", "password": "not the password"})
    assert wrong.status_code == 422 and 'value="ada@new.example"' in wrong.get_data(as_text=True)
    response = submit(client, "/account/email", {"email": "Ada@New.example", "password": PASSWORD})
    assert response.status_code == 302
    [message] = smtp.wait_for(1)
    assert message["To"] == "ada@new.example"
    db.session.refresh(user)
    assert user.email == "ada@example.org"  # nothing changes until the link is opened

    link = link_in(message, "/account/email/confirm/")
    assert "ada@new.example" in client.get(link).get_data(as_text=True)
    assert submit(client, link).status_code == 302
    db.session.refresh(user)
    assert user.email == "ada@new.example" and user.email_verified_at is not None
    notice = smtp.wait_for(2)[1]
    assert notice["To"] == "ada@example.org" and notice["Subject"] == "Your e-mail address was changed"
    assert "ada@new.example" in notice.get_payload(decode=True).decode()

    # The link works once, and the person logs in with the new address.
    assert press(client, link).status_code == 302
    assert log_in(app.test_client(), "ada@new.example").status_code == 302


def test_an_address_taken_meanwhile_is_not_given_to_a_second_account(app, client, smtp):
    user = make_user(email="ada@example.org", now=NOW)
    log_in(client, user.email)
    submit(client, "/account/email", {"email": "shared@example.org", "password": PASSWORD})
    link = link_in(smtp.wait_for(1)[0], "/account/email/confirm/")
    make_user(email="shared@example.org", now=NOW)
    response = submit(client, link)
    assert "Another account now uses this address" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(user)
    assert user.email == "ada@example.org"


def test_a_link_to_change_the_address_does_nothing_once_the_account_is_closed(app, client, smtp):
    user = make_user(email="ada@example.org", now=NOW)
    log_in(client, user.email)
    submit(client, "/account/email", {"email": "ada@new.example", "password": PASSWORD})
    link = link_in(smtp.wait_for(1)[0], "/account/email/confirm/")
    user.deactivated_at = NOW
    db.session.commit()
    stranger = app.test_client()
    response = stranger.post(link, data={"csrf_token": csrf_from(stranger.get("/login").get_data(as_text=True))})
    assert response.status_code == 302
    assert "deactivated" in stranger.get(response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(user)
    assert user.email == "ada@example.org"


def test_accounts_made_by_command_or_factory_are_verified(runner):
    user = make_user(now=NOW)
    assert user.email_verified_at == NOW


def test_a_password_reset_link_also_confirms_the_address(client, smtp):
    register(client)
    smtp.wait_for(1)
    submit(client, "/password/forgot", {"email": "grace@example.org"})
    body = smtp.wait_for(2)[1].get_payload(decode=True).decode()
    link = re.search(r"http://localhost(/password/reset/\S+)", body).group(1)
    assert submit(client, link, {"password": "my fresh passphrase", "confirm": "my fresh passphrase"}).status_code == 302
    assert client.get("/dashboard").status_code == 200
    assert grace().email_verified_at is not None
