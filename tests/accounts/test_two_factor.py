"""Two-factor sign-in: enrolment with a QR code and recovery codes, the code step of the log-in
(wrong, replayed and recovery codes), switching it off, and LMS_REQUIRE_2FA_FOR."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pyotp
import pytest

from sqlalchemy import select

from lms.accounts.models import RecoveryCode
from lms.core.extensions import db
from tests.conftest import NOW, submit
from tests.factories import PASSWORD, log_in, make_course_tutor, make_user


@pytest.fixture
def frozen(app):
    app.config["FIXED_NOW"] = NOW
    return app


def enrol(client) -> tuple[str, list[str]]:
    """Set up two-factor sign-in from the security page; the secret and the recovery codes."""
    assert submit(client, "/account/security/two-factor/start", {"start-password": PASSWORD},
                  page="/account/security").status_code == 302
    html = client.get("/account/security").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in html  # the QR code, inline
    secret = re.search(r'id="totp-secret" class="secret">([A-Z2-7]+)<', html).group(1)
    page = submit(client, "/account/security/two-factor/confirm", {"code": pyotp.TOTP(secret).at(NOW)},
                  page="/account/security")
    assert page.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f]{5}-[0-9a-f]{5}-[0-9a-f]{5})</code></li>", page.get_data(as_text=True))
    return secret, codes


def code_step(client, code: str):
    return submit(client, "/login/code", {"code": code})


def test_enrolment_shows_ten_recovery_codes_once_and_keeps_the_secret_sealed(frozen, client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    secret, codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    # 60 random bits each, kept only as digests keyed by the site's secret: the table alone cannot be
    # searched for them by hashing every possible code.
    stored = set(db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)))
    assert len(stored) == 10
    assert not stored & {hashlib.sha256(code.replace("-", "").encode()).hexdigest() for code in codes}
    db.session.refresh(user)
    assert user.totp_enabled_at == NOW and secret not in (user.totp_secret_sealed or "")
    html = client.get("/account/security").get_data(as_text=True)
    assert "Recovery codes left: 10." in html and codes[0] not in html and secret not in html


def test_a_wrong_first_code_does_not_turn_it_on(frozen, client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    submit(client, "/account/security/two-factor/start", {"start-password": PASSWORD}, page="/account/security")
    response = submit(client, "/account/security/two-factor/confirm", {"code": "000000"}, page="/account/security")
    assert response.status_code == 422 and "That code is not right" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.totp_enabled_at is None


def test_setting_it_up_takes_the_password_so_an_open_session_alone_cannot(frozen, client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    response = submit(client, "/account/security/two-factor/start", {"start-password": "someone else's guess"},
                      page="/account/security")
    assert response.status_code == 422 and "Your password is not correct." in response.get_data(as_text=True)
    assert 'id="totp-secret"' not in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.totp_secret_sealed is None


def test_log_in_asks_for_the_code_and_refuses_a_wrong_or_replayed_one(frozen):
    user = make_user(now=NOW)
    setup = frozen.test_client()
    log_in(setup, user.email)
    secret, _ = enrol(setup)  # that used the code of NOW's time step
    frozen.config["FIXED_NOW"] = later = NOW + timedelta(seconds=60)

    client = frozen.test_client()
    response = log_in(client, user.email)
    assert response.headers["Location"] == "/login/code"
    assert client.get("/dashboard").status_code == 302  # not logged in by the password alone
    wrong = code_step(client, "123456")
    assert wrong.status_code == 401 and "That code is not right" in wrong.get_data(as_text=True)
    assert code_step(client, pyotp.TOTP(secret).at(later)).status_code == 302
    assert client.get("/dashboard").status_code == 200

    # The same code again, from another browser: refused, it was used.
    again = frozen.test_client()
    log_in(again, user.email)
    assert code_step(again, pyotp.TOTP(secret).at(later)).status_code == 401
    assert again.get("/dashboard").status_code == 302


def test_a_wrong_password_is_answered_like_any_other_and_never_reaches_the_code_step(frozen):
    """A wrong password for an account with two-factor sign-in tells nothing more than for any
    account (no code step that would reveal it), and counts toward the address's limit."""
    user = make_user(now=NOW)
    plain = make_user(now=NOW)
    setup = frozen.test_client()
    log_in(setup, user.email)
    enrol(setup)
    client = frozen.test_client()
    with_code = log_in(client, user.email, "not the password at all")
    without = log_in(client, plain.email, "not the password at all")
    assert with_code.status_code == without.status_code == 401
    assert "Location" not in with_code.headers
    assert (with_code.get_data(as_text=True).replace(user.email, "@") ==
            without.get_data(as_text=True).replace(plain.email, "@"))  # the same page, word for word
    assert client.get("/login/code").headers["Location"] == "/login"  # no code step was started
    assert client.get("/dashboard").status_code == 302


def test_a_recovery_code_works_once_instead_of_the_app(frozen):
    user = make_user(now=NOW)
    setup = frozen.test_client()
    log_in(setup, user.email)
    _, codes = enrol(setup)
    first = frozen.test_client()
    log_in(first, user.email)
    assert code_step(first, codes[3].upper()).status_code == 302
    assert first.get("/dashboard").status_code == 200
    second = frozen.test_client()
    log_in(second, user.email)
    assert code_step(second, codes[3]).status_code == 401
    assert "Recovery codes left: 9." in first.get("/account/security").get_data(as_text=True)


def test_wrong_codes_are_limited_per_account(frozen):
    user = make_user(now=NOW)
    setup = frozen.test_client()
    log_in(setup, user.email)
    secret, _ = enrol(setup)
    client = frozen.test_client()
    log_in(client, user.email)
    statuses = [code_step(client, f"{n:06d}").status_code for n in range(frozen.config["LOGIN_MAX_FAILURES"] + 1)]
    assert statuses[-1] == 429 and set(statuses[:-1]) == {401}
    frozen.config["FIXED_NOW"] = NOW + timedelta(seconds=60)
    log_in(client, user.email)
    # Even the right code waits now.
    assert code_step(client, pyotp.TOTP(secret).at(NOW + timedelta(seconds=60))).status_code == 429


def test_turning_it_off_needs_the_password_and_a_code(frozen, client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    secret, codes = enrol(client)
    refused = submit(client, "/account/security/two-factor/off", {"password": "not it at all", "code": codes[0]},
                     page="/account/security")
    assert refused.status_code == 422 and "Your password is not correct." in refused.get_data(as_text=True)
    refused = submit(client, "/account/security/two-factor/off", {"password": PASSWORD, "code": "000000"},
                     page="/account/security")
    assert refused.status_code == 422
    assert submit(client, "/account/security/two-factor/off", {"password": PASSWORD, "code": codes[0]},
                  page="/account/security").status_code == 302
    db.session.refresh(user)
    assert user.totp_enabled_at is None and user.totp_secret_sealed is None
    assert log_in(frozen.test_client(), user.email).headers["Location"] == "/dashboard"


@pytest.mark.parametrize("setting", ["tutor,admin", ["tutor", "admin"]])
def test_a_role_that_requires_it_is_sent_to_enrol_before_anything_else(frozen, courses, setting):
    frozen.config["REQUIRE_2FA_FOR"] = setting
    tutor = make_course_tutor("stem-careers", now=NOW)
    learner = make_user(now=NOW)
    tutor_client, learner_client = frozen.test_client(), frozen.test_client()
    log_in(tutor_client, tutor.email)
    log_in(learner_client, learner.email)
    assert learner_client.get("/dashboard").status_code == 200
    response = tutor_client.get("/dashboard")
    assert response.headers["Location"] == "/account/security#two-factor"
    assert "requires two-factor sign-in" in tutor_client.get("/account/security").get_data(as_text=True)
    enrol(tutor_client)
    assert tutor_client.get("/dashboard").status_code == 200


def reset_link(client, smtp, email: str) -> str:
    submit(client, "/password/forgot", {"email": email})
    return re.search(r"http://localhost(/password/reset/\S+)", smtp.wait_for(1)[0].get_payload(decode=True).decode()).group(1)


def test_a_password_reset_asks_for_the_code_before_changing_anything(frozen, client, smtp):
    """The e-mail is one factor: with a wrong or missing code the password stays, and the owner's
    sessions go on; with the code from the app the new password is set and the person is in."""
    user = make_user(now=NOW)
    owner = frozen.test_client()
    log_in(owner, user.email)
    secret, _ = enrol(owner)
    link = reset_link(client, smtp, user.email)
    assert 'name="code"' in client.get(link).get_data(as_text=True)
    new = {"password": "my fresh passphrase", "confirm": "my fresh passphrase"}
    for code, error in (("", "Enter the code from your app"), ("123456", "That code is not right")):
        response = submit(client, link, {**new, "code": code})
        assert response.status_code == 422 and error in response.get_data(as_text=True)
    assert owner.get("/dashboard").status_code == 200  # not logged out by a reset that did not happen
    assert log_in(frozen.test_client(), user.email).headers["Location"] == "/login/code"  # the old password still works
    frozen.config["FIXED_NOW"] = later = NOW + timedelta(seconds=60)
    response = submit(client, link, {**new, "code": pyotp.TOTP(secret).at(later)})
    assert response.status_code == 302 and client.get("/dashboard").status_code == 200
    assert owner.get("/dashboard").status_code == 302  # the other sessions ended
    assert log_in(frozen.test_client(), user.email, "my fresh passphrase").headers["Location"] == "/login/code"


def test_a_reset_page_asks_no_code_of_an_account_without_two_factor(frozen, client, smtp):
    user = make_user(now=NOW)
    link = reset_link(client, smtp, user.email)
    assert 'name="code"' not in client.get(link).get_data(as_text=True)
    response = submit(client, link, {"password": "my fresh passphrase", "confirm": "my fresh passphrase"})
    assert response.status_code == 302 and client.get("/dashboard").status_code == 200


def test_new_recovery_codes_replace_the_old_ones(frozen, client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    _, old = enrol(client)
    page = submit(client, "/account/security/two-factor/recovery-codes", {"renew-code": old[0]}, page="/account/security")
    new = re.findall(r"<li><code>([0-9a-f]{5}-[0-9a-f]{5}-[0-9a-f]{5})</code></li>", page.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    for code, status in ((old[1], 401), (new[0], 302)):
        other = frozen.test_client()
        log_in(other, user.email)
        assert code_step(other, code).status_code == status


def test_one_code_sent_twice_at_the_same_moment_gets_in_once(app, client):
    """Two log-ins racing with one code: each read the account before either spent the code, so
    only the database's conditional update can tell them apart."""
    from sqlalchemy.orm import Session

    from lms.accounts.models import User
    from lms.accounts.services import two_factor
    from lms.core.errors import InvalidCredentials

    app.config["FIXED_NOW"] = NOW
    user = make_user(now=NOW)
    log_in(client, user.email)
    secret, _codes = enrol(client)
    later = NOW + timedelta(seconds=90)
    code = pyotp.TOTP(secret).at(later)
    limits = dict(client="x", max_failures=5, window=timedelta(minutes=15), max_delay=timedelta(seconds=30))
    sessions = [Session(db.engine, expire_on_commit=False) for _ in range(2)]
    copies = [session.get(User, user.id) for session in sessions]  # both read before either writes
    for session in sessions:
        session.close()
    accepted = 0
    for copy in copies:
        try:
            two_factor.check_code(copy, code, now=later, **limits)
            accepted += 1
        except InvalidCredentials:
            pass
    db.session.commit()
    assert accepted == 1
