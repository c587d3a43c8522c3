"""The account page's languages: the one the site and e-mails are written in, and those a
learner can read peers' work in; registration starts from the language the page is shown in."""

from __future__ import annotations

import re

from lms.accounts.models import User
from lms.core.extensions import db
from tests.accounts.mailbox import follow_verification_link
from tests.conftest import NOW, submit
from tests.factories import log_in, make_user

PROFILE = {"profile-name": "Ada Learner", "profile-timezone": "Europe/Brussels", "profile-language": "en"}


def page_language(html: str) -> str:
    return re.search(r'<html lang="([^"]+)">', html).group(1)


def ticked(html: str) -> list[str]:
    """The languages ticked under "Languages I can read"."""
    boxes = re.findall(r'<input[^>]*name="profile-reads_languages"[^>]*>', html)
    return [re.search(r'value="([^"]+)"', box).group(1) for box in boxes if " checked" in box]


def saved(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_the_language_saved_on_the_account_page_draws_the_next_pages_and_follows_the_account(app, client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    assert page_language(client.get("/account", headers={"Accept-Language": "en"}).get_data(as_text=True)) == "en"
    response = submit(client, "/account", {**PROFILE, "profile-language": "fr"})
    assert response.status_code == 302
    # The saved choice comes before what the browser asks for ...
    assert page_language(client.get("/dashboard", headers={"Accept-Language": "en"}).get_data(as_text=True)) == "fr"
    assert saved(user).language == "fr"
    # ... and it is the account's, not this browser's: another device logs in to French pages.
    other = app.test_client()
    log_in(other, user.email)
    assert page_language(other.get("/account", headers={"Accept-Language": "de"}).get_data(as_text=True)) == "fr"
    assert 'lang="fr" selected value="fr"' in other.get("/account").get_data(as_text=True)


def test_an_unknown_language_or_zone_is_refused_at_its_field_and_the_rest_of_what_was_typed_is_kept(client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    response = submit(client, "/account", {**PROFILE, "profile-name": "Ada King", "profile-language": "tlh",
                                           "profile-timezone": "Mars/Olympus_Mons"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="profile-language-error">Choose a language from the list.' in html
    assert 'id="profile-timezone-error">Choose a time zone from the list.' in html  # the site's words, not WTForms'
    assert 'value="Ada King"' in html
    assert (saved(user).name, saved(user).language) == ("Ada Learner", "en")


def test_the_languages_a_learner_reads_are_saved_in_the_sites_order_and_shown_ticked(client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    assert ticked(client.get("/account").get_data(as_text=True)) == []
    response = submit(client, "/account", {**PROFILE, "profile-reads_languages": ["it", "en", "de"]})
    assert response.status_code == 302
    assert saved(user).reads_languages == ["en", "de", "it"]
    assert ticked(client.get("/account").get_data(as_text=True)) == ["en", "de", "it"]
    # None ticked: their interface language only.
    assert submit(client, "/account", PROFILE).status_code == 302
    assert saved(user).reads_languages == []
    assert ticked(client.get("/account").get_data(as_text=True)) == []


def test_a_language_not_offered_among_those_read_is_refused_at_the_field_keeping_the_ticks(client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    submit(client, "/account", {**PROFILE, "profile-reads_languages": ["es"]})
    response = submit(client, "/account", {**PROFILE, "profile-reads_languages": ["de", "xx"]})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="profile-reads_languages-error">Choose languages from the list.' in html
    assert ticked(html) == ["de"]  # what was ticked stays ticked, to be corrected
    assert saved(user).reads_languages == ["es"]


def test_registration_preselects_the_language_the_page_is_shown_in(client):
    html = client.get("/register", headers={"Accept-Language": "de-CH, de;q=0.9, en;q=0.5"}).get_data(as_text=True)
    assert page_language(html) == "de"
    assert re.findall(r'<option[^>]* selected value="([^"]+)"', html.split('id="language"')[1].split("</select>")[0]) == ["de"]
    # The footer's switch counts too: the page, then the form, in Italian.
    client.get("/language?language=it&next=/register")
    html = client.get("/register", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert page_language(html) == "it" and 'lang="it" selected value="it"' in html


def test_a_newcomer_who_keeps_the_preselected_language_gets_it_on_the_account(client, smtp):
    form = client.get("/register", headers={"Accept-Language": "es"}).get_data(as_text=True)
    chosen = re.search(r'<option[^>]* selected value="([^"]+)"', form.split('id="language"')[1]).group(1)
    response = submit(client, "/register", {"name": "Lucía Orientadora", "email": "lucia@example.org",
                                            "password": "una frase bastante larga", "confirm": "una frase bastante larga",
                                            "timezone": "Europe/Madrid", "language": chosen})
    assert response.status_code == 302
    assert follow_verification_link(client, smtp).status_code == 302
    assert db.session.scalar(db.select(User.language).where(User.email == "lucia@example.org")) == "es"
    assert page_language(client.get("/dashboard").get_data(as_text=True)) == "es"
