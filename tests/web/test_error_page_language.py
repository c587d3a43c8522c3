"""Error pages speak the reader's language, even the one drawn while the database is out of
reach (chosen without loading the user: the footer's cookie, then the browser's languages)."""

from __future__ import annotations

import re

from lms.core.extensions import db
from lms.core.i18n import LANGUAGE_COOKIE
from tests.conftest import NOW
from tests.factories import log_in, make_user
from tests.web.test_database_outage import production_like_app, vanishing_database  # noqa: F401 (a fixture)


def page_language(html: str) -> str:
    return re.search(r'<html lang="([^"]+)">', html).group(1)


def test_the_outage_page_is_drawn_in_the_visitors_language(vanishing_database, tmp_path):  # noqa: F811
    url, make_it_vanish = vanishing_database
    app = production_like_app(url, tmp_path)
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()
        make_it_vanish()
    german, italian = app.test_client(), app.test_client()
    italian.set_cookie(LANGUAGE_COOKIE, "it")
    answers = [german.get("/", headers={"Accept-Language": "de-AT, de;q=0.9"}),
               italian.get("/courses/stem-careers", headers={"Accept-Language": "de"})]
    assert [response.status_code for response in answers] == [503, 503]
    assert [page_language(response.get_data(as_text=True)) for response in answers] == ["de", "it"]
    with app.app_context():
        db.engine.dispose()


def test_a_form_posted_without_its_token_gets_words_not_a_code(app, client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    response = client.post("/account", data={"profile-name": "Ada", "profile-timezone": "UTC", "profile-language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This form has expired" in html and "CSRF" not in html
