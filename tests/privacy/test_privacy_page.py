"""The public privacy page: what is kept, why and how long (from the settings), no tracking, and the
administrator's own text as sanitised Markdown."""

from __future__ import annotations

from lms.core.extensions import db
from lms.core.site_settings import save_site_setting
from tests.conftest import NOW


def test_the_page_states_the_periods_from_the_settings_to_anyone(app, client):
    app.config["RETENTION_INACTIVE_DAYS"] = 730
    page = client.get("/privacy")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "An account not used for 730 days is deleted" in text
    assert "within 7 days is deleted" in text
    assert "no third-party tracking" in text


def test_the_administrators_text_is_rendered_as_sanitised_markdown(client):
    save_site_setting("privacy_text", "Our **data officer**: dpo@example.org\n\n<script>alert(1)</script>"
                      "<a href=\"javascript:alert(2)\">x</a>", by=None, now=NOW)
    db.session.commit()
    text = client.get("/privacy").get_data(as_text=True)
    assert "<strong>data officer</strong>" in text
    assert "<script>alert(1)" not in text and "javascript:" not in text


def test_the_page_loads_nothing_from_another_site(client):
    text = client.get("/privacy").get_data(as_text=True)
    for attribute in ('src="http', "src=\"//", 'href="http'):
        assert attribute not in text.replace('href="http://localhost', "")
