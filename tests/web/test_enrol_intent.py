"""Enrol pressed while signed out: the chosen run survives log-in and registration and waits
on a confirmation page (nothing is enrolled by a GET); the return address never leaves the site."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from sqlalchemy import func, select

from lms.core.extensions import db
from lms.learning.models import Enrolment
from tests.accounts.mailbox import follow_verification_link
from tests.conftest import NOW, csrf_from, submit
from tests.factories import PASSWORD, make_user, run_of

COURSE = "/courses/stem-careers"


def press_enrol_signed_out(client) -> str:
    """Press Enrol on the course page without an account; return where that leads."""
    run = run_of("stem-careers")
    response = submit(client, f"{COURSE}/enrol", {"run_id": run.id}, page=COURSE)
    assert response.status_code == 302
    return response.headers["Location"]


def next_of(url: str) -> tuple[str, str]:
    """(path, the page it returns to) of a link carrying ``next``."""
    parts = urlsplit(url.replace("&amp;", "&"))
    return parts.path, parse_qs(parts.query)["next"][0]


def enrolments() -> int:
    return db.session.scalar(select(func.count()).select_from(Enrolment))


def test_logging_in_after_pressing_enrol_leads_to_that_runs_confirmation(client, courses):
    user = make_user(now=NOW)
    run = run_of("stem-careers")
    login_page = press_enrol_signed_out(client)
    confirm = f"{COURSE}/enrol?run={run.id}"
    assert next_of(login_page) == ("/login", confirm)
    assert "Log in or create an account to enrol." in client.get(login_page).get_data(as_text=True)

    response = submit(client, login_page, {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == confirm
    html = client.get(confirm).get_data(as_text=True)
    assert f"Confirm: enrol in {run.title}" in html
    assert enrolments() == 0  # looking at the confirmation changes nothing

    response = submit(client, f"{COURSE}/enrol", {"run_id": run.id}, page=confirm)
    assert response.headers["Location"] == f"{COURSE}/continue"
    assert enrolments() == 1


def test_registering_after_pressing_enrol_leads_to_that_runs_confirmation(client, courses, smtp):
    run = run_of("stem-careers")
    login_page = press_enrol_signed_out(client)
    # The log-in page's "Create an account" link carries the intent on.
    login_html = client.get(login_page).get_data(as_text=True)
    register_page = re.search(r'href="(/register\?next=[^"]+)"', login_html).group(1).replace("&amp;", "&")
    assert next_of(register_page) == ("/register", f"{COURSE}/enrol?run={run.id}")

    response = submit(client, register_page, {
        "name": "Grace Counsellor", "email": "grace@example.org", "password": "a long enough phrase",
        "confirm": "a long enough phrase", "timezone": "Europe/Lisbon", "language": "en"})
    assert response.status_code == 302
    response = follow_verification_link(client, smtp)  # the intent travels in the e-mailed link
    assert response.headers["Location"] == f"{COURSE}/enrol?run={run.id}"
    assert f"Confirm: enrol in {run.title}" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_resetting_a_forgotten_password_after_pressing_enrol_leads_to_that_runs_confirmation(client, courses, smtp):
    user = make_user(now=NOW)
    run = run_of("stem-careers")
    confirm = f"{COURSE}/enrol?run={run.id}"
    login_html = client.get(press_enrol_signed_out(client)).get_data(as_text=True)
    forgot_page = re.search(r'href="(/password/forgot\?next=[^"]+)">Forgot', login_html).group(1).replace("&amp;", "&")
    assert next_of(forgot_page) == ("/password/forgot", confirm)

    assert submit(client, forgot_page, {"email": user.email}).status_code == 302
    body = smtp.wait_for(1)[0].get_payload(decode=True).decode()
    link = re.search(r"http://localhost(/password/reset/\S+)", body).group(1)
    assert next_of(link)[1] == confirm
    response = submit(client, link, {"password": "my fresh passphrase", "confirm": "my fresh passphrase"})
    assert response.headers["Location"] == confirm
    assert enrolments() == 0


def test_the_confirmation_page_asks_signed_out_visitors_to_log_in_first(client, courses):
    run = run_of("stem-careers")
    response = client.get(f"{COURSE}/enrol?run={run.id}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_confirming_a_run_that_is_not_open_goes_back_to_the_course(client, courses):
    user = make_user(now=NOW)
    submit(client, "/login", {"email": user.email, "password": PASSWORD})
    for run in ("999999", "x", ""):
        response = client.get(f"{COURSE}/enrol?run={run}")
        assert response.headers["Location"] == COURSE
    assert enrolments() == 0


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example/", "/\\/evil.example", "\\\\evil.example",
    "javascript:alert(1)", "/\r\nSet-Cookie:x=evil", "http:/evil.example",
])
def test_the_return_address_never_leaves_the_site(client, courses, target):
    user = make_user(now=NOW)
    login_page = f"/login?next={quote(target, safe='')}"
    html = client.get(login_page).get_data(as_text=True)
    # not carried on to the registration link either (the footer's language switch returns to this
    # very page, whose address it carries, and checks it again before going there)
    assert "evil" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    response = client.post(login_page, data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_from(html)})
    assert response.headers["Location"] == "/dashboard"
