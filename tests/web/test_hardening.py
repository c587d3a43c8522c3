"""Security by default: headers, cookies, server-side log-out, shared rate limits, size limits."""

from __future__ import annotations

import re

import pytest

import config
from lms import create_app
from tests.conftest import NOW, ROOT, submit
from tests.factories import log_in, make_user


def test_every_page_sends_a_strict_content_security_policy_and_friends(client, courses):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_carry_no_inline_script_or_style(client, courses):
    for path in ("/", "/courses/stem-careers", "/login", "/register"):
        html = client.get(path).get_data(as_text=True)
        # A script from a file of this site (script-src 'self') is fine; one written in the page is not.
        assert not re.search(r"<script(?![^>]*\ssrc=\"/static/)", html) and "style=" not in html, path


def test_production_cookies_are_secure_httponly_and_samesite(tmp_path):
    app = create_app(config.ProductionConfig, SECRET_KEY="x" * 32, DATABASE_URL=f"sqlite:///{tmp_path}/p.sqlite",
                     BASE_URL="https://academy.example")
    with app.app_context():
        from lms.core.extensions import db

        db.create_all()
    response = app.test_client().get("/login")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):

    monkeypatch.delenv("LMS_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="LMS_SECRET_KEY"):
        create_app(config.ProductionConfig, DATABASE_URL=f"sqlite:///{tmp_path}/p.sqlite")


def test_logging_out_ends_the_session_on_the_server_so_a_copied_cookie_fails(app, client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    stolen = client.get_cookie("session").value
    before = app.test_client()
    before.set_cookie("session", stolen)
    assert before.get("/dashboard").status_code == 200  # while the session lives, the copy works
    submit(client, "/logout", page="/dashboard")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fdashboard"


def test_password_reset_requests_are_limited_per_address_across_workers(app, client, smtp, reset_mail_handed_over):
    user = make_user(now=NOW)
    for _ in range(3):
        assert submit(app.test_client(), "/password/forgot", {"email": user.email}).status_code == 302
    limited = submit(app.test_client(), "/password/forgot", {"email": user.email})
    assert limited.status_code == 429
    assert "Too many password-reset requests. Try again in 60 minutes." in limited.get_data(as_text=True)
    # Every request has answered, so nothing more will be handed over: the limited one sent nothing.
    assert reset_mail_handed_over == [user.email] * 3
    # Wait until those three have arrived; no other delivery is under way, so none can follow.
    delivered = smtp.wait_for(3)
    assert [(message["To"], message["Subject"]) for message in delivered] == [(user.email, "Reset your password")] * 3


def test_an_oversized_request_is_refused_with_a_clear_page(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/login", data={"email": "a" * 4096, "password": "x"})
    assert response.status_code == 413
    assert "That upload is too large." in response.get_data(as_text=True)


def test_course_assets_cannot_climb_out_of_the_content_folder(client, courses):
    (ROOT / "instance").mkdir(exist_ok=True)
    secret = ROOT / "instance" / "not-course-content.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n private")
    try:
        # PATH_INFO as a client sends it with --path-as-is: no browser-style clean-up of "..".
        response = client.get("/", environ_overrides={"PATH_INFO": "/assets/../instance/not-course-content.png"})
        assert response.status_code == 404
        assert b"private" not in response.data
    finally:
        secret.unlink()
