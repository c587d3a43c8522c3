"""The account-security page lists where a person is signed in and signs other sessions out;
a deactivated account cannot log in and its sessions stop working."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.accounts.models import LoginSession, User
from lms.core.extensions import db
from tests.conftest import NOW, csrf_from, submit
from tests.factories import log_in, make_user

FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")


def test_the_sessions_are_listed_with_device_and_last_seen_and_another_can_be_signed_out(app):
    app.config["FIXED_NOW"] = NOW
    user = make_user(now=NOW)
    laptop, phone = app.test_client(), app.test_client()
    laptop.environ_base["HTTP_USER_AGENT"], phone.environ_base["HTTP_USER_AGENT"] = FIREFOX, SAFARI
    log_in(phone, user.email)
    log_in(laptop, user.email)
    html = laptop.get("/account/security").get_data(as_text=True)
    assert "Firefox 128 on Ubuntu" in html and "Mobile Safari 17 on iOS 17" in html
    assert html.count("This session") == 1
    # The time is the reader's (Europe/Brussels: two hours ahead of UTC in October).
    assert "Last seen Tue, 3 Oct 2017, 12:00 CEST" in html

    phone_session = db.session.scalar(select(LoginSession.id).where(
        LoginSession.user_id == user.id, LoginSession.user_agent == SAFARI))
    response = laptop.post(f"/account/security/sessions/{phone_session}/end", data={"csrf_token": csrf_from(html)})
    assert response.status_code == 302
    assert phone.get("/dashboard").status_code == 302  # sent to log in
    assert laptop.get("/dashboard").status_code == 200
    assert "Mobile Safari" not in laptop.get("/account/security").get_data(as_text=True)
    again = laptop.post(f"/account/security/sessions/{phone_session}/end", data={"csrf_token": csrf_from(html)},
                        follow_redirects=True)  # a double click
    assert again.status_code == 200 and "That session had ended already." in again.get_data(as_text=True)


def test_signing_out_all_others_keeps_this_one(app, client):
    user = make_user(now=NOW)
    others = [app.test_client() for _ in range(2)]
    for other in others:
        log_in(other, user.email)
    log_in(client, user.email)
    assert submit(client, "/account/security/sessions/end-others", page="/account/security").status_code == 302
    assert [other.get("/dashboard").status_code for other in others] == [302, 302]
    assert client.get("/dashboard").status_code == 200


def test_someone_elses_session_or_an_odd_id_is_not_found_and_nothing_ends(app, client):
    owner, intruder = make_user(now=NOW), make_user(now=NOW)
    owner_client = app.test_client()
    log_in(owner_client, owner.email)
    log_in(client, intruder.email)
    target = db.session.scalar(select(LoginSession.id).where(LoginSession.user_id == owner.id))
    for session_id in (target, 2**70):
        assert submit(client, f"/account/security/sessions/{session_id}/end", page="/account/security").status_code == 404
    assert owner_client.get("/dashboard").status_code == 200
    assert client.post(f"/account/security/sessions/{target}/end", data={}).status_code == 400  # no CSRF token
    assert owner_client.get("/dashboard").status_code == 200


def test_last_seen_is_written_every_few_minutes_not_on_every_request(app, client):
    app.config["FIXED_NOW"] = NOW
    user = make_user(now=NOW)
    log_in(client, user.email)
    client.get("/dashboard")
    app.config["FIXED_NOW"] = NOW + timedelta(minutes=2)
    client.get("/dashboard")
    seen = lambda: db.session.execute(  # noqa: E731
        select(LoginSession.last_seen_at, User.last_active_at).join(User)).one()
    db.session.expire_all()
    assert seen() == (NOW, NOW)
    app.config["FIXED_NOW"] = NOW + timedelta(minutes=6)
    client.get("/dashboard")
    db.session.expire_all()
    assert seen() == (NOW + timedelta(minutes=6),) * 2


def test_a_deactivated_account_cannot_log_in_and_its_sessions_stop_working(app, client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    user.deactivated_at = NOW
    db.session.commit()
    assert client.get("/dashboard").status_code == 302
    response = log_in(app.test_client(), user.email)
    assert response.status_code == 403
    assert "This account has been deactivated by an administrator." in response.get_data(as_text=True)
    # A wrong password says nothing about it.
    wrong = log_in(app.test_client(), user.email, "not the password at all")
    assert wrong.status_code == 401 and "deactivated" not in wrong.get_data(as_text=True)


def test_ended_sessions_leave_the_list_after_90_days_and_unused_ones_after_the_remembered_year(app):
    from lms import features

    user = make_user(now=NOW)
    phone, laptop, drawer = (app.test_client() for _ in range(3))
    for browser in (phone, laptop, drawer):
        log_in(browser, user.email)
    ended, kept, idle = db.session.scalars(select(LoginSession.id).order_by(LoginSession.id)).all()
    db.session.get(LoginSession, ended).revoked_at = NOW
    db.session.get(LoginSession, kept).last_seen_at = NOW + timedelta(days=300)
    db.session.commit()
    job = next(job for job in features.jobs() if job.id == "forget-ended-sessions")
    assert job.run(NOW + timedelta(days=89)) == 0
    assert job.run(NOW + timedelta(days=91)) == 1  # the ended one
    assert job.run(NOW + timedelta(days=401)) == 1  # the drawer's, unused since the log-in
    assert job.run(NOW + timedelta(days=401)) == 0
    assert db.session.scalars(select(LoginSession.id)).all() == [kept]
