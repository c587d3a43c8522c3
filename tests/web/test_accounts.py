"""Register, log in, log out, change and reset passwords, through real HTTP."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.accounts.models import User
from tests.accounts.mailbox import follow_verification_link
from tests.conftest import NOW, submit
from tests.factories import PASSWORD, log_in, make_user


def register(client, **overrides):
    data = {
        "name": "Grace Counsellor", "email": "grace@example.org", "password": "a long enough phrase",
        "confirm": "a long enough phrase", "timezone": "Europe/Lisbon", "language": "en",
    }
    data.update(overrides)
    return submit(client, "/register", data)


def test_newcomer_registers_and_lands_logged_in_on_the_catalogue(client, courses, smtp):
    assert register(client).status_code == 302
    response = follow_verification_link(client, smtp)  # the address is confirmed first
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Welcome, Grace Counsellor!" in html
    assert "Log out" in html
    user = db.session.scalar(select(User).where(User.email == "grace@example.org"))
    assert user.timezone == "Europe/Lisbon"
    assert user.password_hash != "a long enough phrase"


def test_registering_an_email_twice_says_the_account_exists(app, client):
    register(client)
    response = register(app.test_client(), email="Grace@Example.org ")
    assert response.status_code == 422
    assert "An account with this e-mail already exists" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_weak_password_is_refused_with_a_reason_at_the_field(client):
    response = register(client, password="short", confirm="short")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="password-error">Use at least 10 characters', html)
    assert 'aria-invalid="true"' in html
    # What the user typed elsewhere is kept.
    assert 'value="grace@example.org"' in html


def test_mismatched_confirmation_is_reported_at_the_field(client):
    response = register(client, confirm="something else entirely")
    assert "The passwords do not match." in response.get_data(as_text=True)


def test_wrong_password_gets_a_clear_message(client):
    user = make_user(now=NOW)
    response = log_in(client, user.email, "not the password")
    assert response.status_code == 401
    assert "That e-mail and password do not match an account." in response.get_data(as_text=True)


def test_log_in_is_limited_after_five_failures_even_with_the_right_password(client):
    user = make_user(now=NOW)
    for _ in range(5):
        log_in(client, user.email, "wrong password here")
    response = log_in(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == str(15 * 60)
    assert "Too many failed log-ins for this account from your network. Try again in 15 minutes." \
        in response.get_data(as_text=True)


def test_log_in_works_again_once_the_window_has_passed(app, client):
    user = make_user(now=NOW)
    for _ in range(5):
        log_in(client, user.email, "wrong password here")
    app.config["FIXED_NOW"] = NOW.replace(minute=16)
    assert log_in(client, user.email, PASSWORD).status_code == 302


def test_log_in_redirects_only_to_paths_on_this_site(client):
    user = make_user(now=NOW)
    html = client.get("/login").get_data(as_text=True)
    from tests.conftest import csrf_from

    response = client.post("/login?next=https://evil.example/", data={
        "email": user.email, "password": PASSWORD, "csrf_token": csrf_from(html)})
    assert response.headers["Location"] == "/dashboard"


def test_logging_out_ends_access_to_learner_pages(client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    assert client.get("/dashboard").status_code == 200
    submit(client, "/logout", page="/dashboard")
    assert client.get("/dashboard").status_code == 302


def test_changing_the_password_logs_out_other_devices(app, client):
    user = make_user(now=NOW)
    other_device = app.test_client()
    log_in(other_device, user.email)
    log_in(client, user.email)
    response = submit(client, "/account", {
        "password-current_password": PASSWORD, "password-password": "a brand new passphrase",
        "password-confirm": "a brand new passphrase"})
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200
    assert other_device.get("/dashboard").status_code == 302
    client.post("/logout", data={})


def test_changing_the_password_needs_the_current_one(client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    response = submit(client, "/account", {
        "password-current_password": "not it at all", "password-password": "a brand new passphrase",
        "password-confirm": "a brand new passphrase"})
    assert response.status_code == 422
    assert "Your current password is not correct." in response.get_data(as_text=True)


def test_profile_time_zone_changes_how_dates_are_shown(client, courses):
    user = make_user(now=NOW)
    log_in(client, user.email)
    submit(client, "/account", {"profile-name": "Ada L.", "profile-timezone": "Asia/Tokyo", "profile-language": "en"})
    assert "Mon, 16 Oct 2017, 16:00 JST" in client.get("/courses/stem-careers").get_data(as_text=True)


def test_forgotten_password_is_reset_through_the_emailed_link_once(client, smtp):
    user = make_user(now=NOW)
    response = submit(client, "/password/forgot", {"email": user.email})
    assert response.status_code == 302
    assert len(smtp.wait_for(1)) == 1
    message = smtp.messages[0]
    assert message["To"] == user.email
    link = re.search(r"http://localhost(/password/reset/\S+)", message.get_payload(decode=True).decode()).group(1)

    response = submit(client, link, {"password": "my fresh passphrase", "confirm": "my fresh passphrase"})
    assert response.headers["Location"] == "/dashboard"
    assert log_in(client.application.test_client(), user.email, "my fresh passphrase").status_code == 302

    # The link works once: the password it was bound to has changed.
    fresh = client.application.test_client()
    response = submit(fresh, link, {"password": "another new passphrase", "confirm": "another new passphrase"})
    assert "This link is invalid or has expired" in fresh.get(response.headers["Location"]).get_data(as_text=True)


def test_forgot_password_does_not_reveal_whether_an_account_exists(app, client, smtp, reset_mail_handed_over):
    user = make_user(now=NOW)
    unknown = submit(client, "/password/forgot", {"email": "nobody@example.org"}, follow_redirects=True)
    known = submit(app.test_client(), "/password/forgot", {"email": user.email}, follow_redirects=True)
    # The same page either way...
    for response in (unknown, known):
        assert response.status_code == 200
        assert "If an account uses that address, we have sent it a link" in response.get_data(as_text=True)
    # ...but only the real account gets a message. Both requests have answered, so nothing more
    # will be handed over; wait for that one message, after which no delivery is under way.
    assert reset_mail_handed_over == [user.email]
    assert [message["To"] for message in smtp.wait_for(1)] == [user.email]


# Display names are one line of visible text (they reach e-mail headers, the calendar feed,
# certificates): control characters and bidi overrides are refused at the field.
ODD_NAMES = ["Ada\rLovelace", "Ada\nLovelace", "Ada\x00Lovelace", "Ada\x1bLovelace", "Ada\x85Lovelace",
             "Ada\u202eecalevoL", "Ada\u2066Lovelace", "Ada\u2028Lovelace"]


def test_registration_refuses_control_characters_in_the_name_at_the_field(client):
    for name in ODD_NAMES:
        response = register(client, name=name)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, repr(name)
        assert re.search(r'id="name-error">Use letters, spaces and punctuation only', html), repr(name)
        assert 'value="grace@example.org"' in html  # the rest of what was typed is kept
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_names_from_many_languages_are_welcome(client):
    assert register(client, name="Zoë O'Brien-Łukasiewicz 李小龍").status_code == 302


def test_the_account_page_refuses_control_characters_in_the_name(client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    response = submit(client, "/account", {"profile-name": "Ada\r\nX-Injected: yes", "profile-timezone": "Asia/Tokyo",
                                           "profile-language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="profile-name-error">Use letters, spaces and punctuation only', html)
    assert "Ada\r\nX-Injected: yes" in html  # the text is kept in the field to correct it
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Ada Learner"


def test_a_huge_or_odd_email_gets_the_fields_message_not_an_error_page(client):
    """On PostgreSQL a 100 KB e-mail (longer than the column) or a NUL used to end in a 500."""
    huge = "a" * 100_000 + "@example.org"
    for url, fields in (
        ("/login", {"email": huge, "password": "whatever it is"}),
        ("/register", {"name": "Grace", "email": huge, "password": "a long enough phrase",
                       "confirm": "a long enough phrase", "timezone": "UTC", "language": "en"}),
        ("/password/forgot", {"email": huge}),
    ):
        response = submit(client, url, fields)
        assert response.status_code == 422, url
        assert 'id="email-error">Field cannot be longer than 254 characters.' in response.get_data(as_text=True), url
    response = submit(client, "/login", {"email": "ada\x00@example.org", "password": "whatever it is"})
    assert response.status_code == 422
    assert 'id="email-error">Enter an e-mail address without control characters.' in response.get_data(as_text=True)
