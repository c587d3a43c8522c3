"""Which language a page is drawn in: the saved choice, then the footer's switch (a cookie), then
the browser's Accept-Language, then LMS_DEFAULT_LANGUAGE; <html lang> always says which. The
footer's switch works for visitors (a GET, no session) and signed-in people (a POST saved on the
account, which their e-mails follow); caches never hand one language's page to another reader."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

import config
from lms import create_app
from lms.accounts.models import User
from lms.core.extensions import db
from lms.core.i18n import LANGUAGE_COOKIE
from lms.learning.services.announcements import announce_releases
from lms.notifications.jobs import deliver_email
from tests.conftest import NOW, submit
from tests.factories import log_in, make_awarded_badge, make_learner, make_user
from tests.service.test_announcements import BEFORE_START

COURSE = "/courses/practice"


def lang_of(response) -> str:
    match = re.search(r'<html lang="([^"]*)"', response.get_data(as_text=True))
    assert match, f"no <html lang> in the page ({response.status_code})"
    return match.group(1)


def saved_language(user_id: int) -> str:
    db.session.expire_all()
    return db.session.scalar(select(User.language).where(User.id == user_id))


class FooterSwitch(HTMLParser):
    """The language switch form in the page's footer, as a browser would submit it."""

    def __init__(self, html: str):
        super().__init__()
        self.in_footer, self.method, self.action, self.fields, self.options = False, None, None, {}, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "footer":
            self.in_footer = True
        elif self.in_footer and tag == "form" and "language-switch" in (values.get("class") or ""):
            self.method, self.action = values["method"], values["action"]
        elif self.in_footer and self.action and tag == "input" and values.get("type") == "hidden":
            self.fields[values["name"]] = values.get("value") or ""
        elif self.in_footer and self.action and tag == "option":
            self.options.append(values["value"])

    def handle_endtag(self, tag):
        if tag == "footer":
            self.in_footer = False

    def choose(self, client, language: str):
        data = {**self.fields, "language": language}
        if self.method == "get":
            return client.get(self.action, query_string=data)
        return client.post(self.action, data=data)


def footer_switch(client, url: str) -> FooterSwitch:
    return FooterSwitch(client.get(url).get_data(as_text=True))


# The order of the choice -------------------------------------------------------------------------

def test_a_visitor_reads_the_language_their_browser_asks_for(client, practice):
    assert lang_of(client.get(COURSE)) == "en"
    assert lang_of(client.get(COURSE, headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.8"})) == "de"


@pytest.mark.parametrize("header, language", [
    ("fr-CH", "fr"),  # a regional variant reads the language
    ("es-419,es;q=0.9", "es"),
    ("it-IT", "it"),
    ("ja, fr;q=0.4, de;q=0.8", "de"),  # the best the site has, by q-value
    ("en;q=0.1, it;q=0.7", "it"),
    ("pt-BR, ja;q=0.9", "en"),  # nothing the site has: the site's default
])
def test_accept_language_q_values_and_regional_variants(client, practice, header, language):
    assert lang_of(client.get(COURSE, headers={"Accept-Language": header})) == language


def test_the_footer_cookie_wins_over_the_browser(client, practice):
    client.set_cookie(LANGUAGE_COOKIE, "it")
    assert lang_of(client.get(COURSE, headers={"Accept-Language": "de"})) == "it"


def test_a_cookie_naming_no_shipped_language_is_ignored(client, practice):
    client.set_cookie(LANGUAGE_COOKIE, "xx")
    assert lang_of(client.get(COURSE, headers={"Accept-Language": "es"})) == "es"


def test_the_saved_choice_wins_over_cookie_and_browser(client, practice):
    user = make_user(now=NOW)
    user.language = "es"
    db.session.commit()
    log_in(client, user.email)
    client.set_cookie(LANGUAGE_COOKIE, "it")
    for url in (COURSE, "/dashboard", "/account", "/notifications", "/my/badges"):
        assert lang_of(client.get(url, headers={"Accept-Language": "de"})) == "es", url


def test_the_site_default_serves_whoever_names_no_shipped_language(app, practice, monkeypatch):
    monkeypatch.setenv("LMS_DEFAULT_LANGUAGE", "de")
    german = create_app(config.TestConfig, DATABASE_URL=app.config["DATABASE_URL"], FIXED_NOW=NOW)
    try:
        assert german.config["DEFAULT_LANGUAGE"] == "de"
        visitor = german.test_client()
        assert lang_of(visitor.get(COURSE)) == "de"
        assert lang_of(visitor.get(COURSE, headers={"Accept-Language": "ja, pt;q=0.5"})) == "de"
        assert lang_of(visitor.get(COURSE, headers={"Accept-Language": "fr"})) == "fr"
        assert lang_of(visitor.get("/no-such-page")) == "de"
    finally:
        with german.app_context():
            db.engine.dispose()


# The footer's switch -----------------------------------------------------------------------------

def test_a_visitor_switches_with_a_get_form_that_sets_a_cookie_and_no_session(client, practice):
    page = "/?from=footer"  # the catalogue: a page that gives a visitor no session (the course page's enrol form does)
    switch = footer_switch(client, page)
    assert switch.method == "get" and "csrf_token" not in switch.fields
    assert switch.fields["next"] == page
    assert switch.options == ["en", "de", "es", "fr", "it"]
    response = switch.choose(client, "fr")
    assert response.status_code == 302 and response.headers["Location"] == page
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1 and cookies[0].startswith(f"{LANGUAGE_COOKIE}=fr;"), cookies
    assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0] and "Max-Age=" in cookies[0]
    back = client.get(page)
    assert lang_of(back) == "fr"
    assert back.headers.get("Set-Cookie") is None  # still no session for a visitor reading in French
    assert 'lang="fr" selected' in back.get_data(as_text=True)


def test_the_switch_never_sends_anyone_to_another_site(client, practice):
    response = client.get("/language", query_string={"language": "de", "next": "https://evil.example/"})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_signed_in_person_switches_with_a_post_saved_on_their_account(client, practice):
    user = make_learner("practice", now=NOW, client=client)
    switch = footer_switch(client, "/dashboard")
    assert switch.method == "post" and switch.fields["csrf_token"] and switch.fields["next"] == "/dashboard"
    response = switch.choose(client, "fr")
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"
    assert saved_language(user.id) == "fr"
    assert lang_of(client.get("/dashboard")) == "fr"
    # The choice travels with the account, not the browser.
    other = client.application.test_client()
    log_in(other, user.email)
    assert lang_of(other.get("/dashboard", headers={"Accept-Language": "de"})) == "fr"


def test_a_post_without_the_form_token_changes_nothing(client, practice):
    user = make_learner("practice", now=NOW, client=client)
    response = client.post("/language", data={"language": "de", "next": "/dashboard"})
    assert response.status_code == 400
    assert saved_language(user.id) == "en"
    assert lang_of(client.get("/dashboard")) == "en"


def test_an_unknown_language_is_refused_with_a_message_and_nothing_changes(client, practice):
    response = client.get("/language", query_string={"language": "xx", "next": COURSE})
    assert response.status_code == 302 and response.headers["Location"] == COURSE
    assert LANGUAGE_COOKIE not in response.headers.get("Set-Cookie", "")
    page = client.get(COURSE)
    assert "Choose a language from the list." in page.get_data(as_text=True) and lang_of(page) == "en"

    user = make_learner("practice", now=NOW, client=client)
    response = submit(client, "/language", {"language": "klingon", "next": "/dashboard"}, page="/dashboard")
    assert response.status_code == 302 and LANGUAGE_COOKIE not in response.headers.get("Set-Cookie", "")
    assert saved_language(user.id) == "en"
    page = client.get("/dashboard")
    assert "Choose a language from the list." in page.get_data(as_text=True) and lang_of(page) == "en"


def mail_after_switching(client, language: str, smtp):
    """A learner switches in the footer; then a module opens and its e-mail goes out."""
    user = make_learner(now=BEFORE_START, client=client)
    assert footer_switch(client, "/dashboard").choose(client, language).status_code == 302
    announce_releases(now=NOW)
    db.session.commit()
    assert deliver_email(NOW) > 0
    message = smtp.messages[0]
    assert message["To"] == user.email
    return message


def test_e_mails_follow_the_language_chosen_in_the_footer(client, courses, smtp):
    message = mail_after_switching(client, "it", smtp)
    assert '<html lang="it">' in message.get_body(("html",)).get_content()
    assert "25 set 2017" in message.get_body(("plain",)).get_content()  # "lun 25 set 2017, 09:00": Babel's Italian


def test_an_e_mail_names_its_language_in_content_language(client, courses, smtp):
    """RFC 3282: mail clients and screen readers pick the language from the header."""
    message = mail_after_switching(client, "fr", smtp)
    assert message["Content-Language"] == "fr", message.as_string()[:600]


# Caches ------------------------------------------------------------------------------------------

def test_pages_that_depend_on_the_language_say_so_to_caches(client, practice):
    for response in (client.get("/"), client.get(COURSE), client.get("/login")):
        assert {"Accept-Language", "Cookie"} <= set(response.vary), response.request.path
    make_learner("practice", now=NOW, client=client)
    for url in ("/dashboard", COURSE, "/account"):
        assert {"Accept-Language", "Cookie"} <= set(client.get(url).vary), url


def test_a_french_reader_never_gets_the_english_copy_of_a_page(client, practice):
    """Same address, same browser copy (If-None-Match), another language: drawn again in French,
    never a 304 nor the page kept from the English reader."""
    english = client.get(COURSE)
    etag = english.get_etag()[0]
    assert lang_of(english) == "en"
    assert client.get(COURSE, headers={"If-None-Match": f'"{etag}"'}).status_code == 304
    french = client.get(COURSE, headers={"If-None-Match": f'"{etag}"', "Accept-Language": "fr"})
    assert french.status_code == 200 and lang_of(french) == "fr" and french.get_etag()[0] != etag
    client.set_cookie(LANGUAGE_COOKIE, "fr")
    assert lang_of(client.get(COURSE)) == "fr"  # not the English page kept under the address


def test_a_learner_who_switches_gets_their_pages_again_in_the_new_language(client, practice):
    make_learner("practice", now=NOW, client=client)
    etags = {url: client.get(url).get_etag()[0] for url in ("/dashboard", COURSE)}
    footer_switch(client, "/dashboard").choose(client, "de")
    for url, etag in etags.items():
        response = client.get(url, headers={"If-None-Match": f'"{etag}"'})
        assert response.status_code == 200 and lang_of(response) == "de", url


def test_a_public_badge_page_kept_by_shared_caches_is_kept_per_language(client, practice):
    user = make_learner("practice", now=NOW)
    assertion = make_awarded_badge(user, "practice-basics", now=NOW)
    url = f"/badges/assertions/{assertion.uid}"
    english = client.get(url)
    assert "public" in english.headers["Cache-Control"] and lang_of(english) == "en"
    assert {"Accept-Language", "Cookie"} <= set(english.vary)
    etag = english.get_etag()[0]
    french = client.get(url, headers={"If-None-Match": f'"{etag}"', "Accept-Language": "fr-BE"})
    assert french.status_code == 200 and lang_of(french) == "fr"
    assert client.get(url, headers={"If-None-Match": f'"{etag}"'}).status_code == 304
