"""Dates, times, numbers and relative times are Babel's, in the reader's language and time zone."""

from __future__ import annotations

from lms.core.extensions import db
from tests.conftest import NOW
from tests.factories import make_learner

LOCKED = "/courses/stem-careers/modules/roles-teachers-mentors-parents/"  # opens Monday 9 October 2017, 09:00 in Brussels


def reader(app, language: str, timezone: str):
    client = app.test_client()
    user = make_learner(now=NOW, timezone=timezone, client=client)
    user.language = language
    db.session.commit()
    return client


def test_a_french_reader_sees_french_dates_and_relative_times(app, courses):
    page = reader(app, "fr", "Europe/Paris").get(LOCKED)
    assert page.status_code == 403
    html = page.get_data(as_text=True)
    assert "lun. 9 oct. 2017, 09:00 CEST" in html
    assert "(dans 6 jours)" in html and "in 6 days" not in html
    dashboard = reader(app, "fr", "Europe/Paris").get("/dashboard").get_data(as_text=True)
    assert "23 novembre 2017" in dashboard and "November" not in dashboard  # the run closes


def test_a_german_reader_in_another_zone_sees_that_zone(app, courses):
    html = reader(app, "de", "America/New_York").get(LOCKED).get_data(as_text=True)
    assert "Mo., 9. Okt. 2017, 03:00 EDT" in html and "(in 6 Tagen)" in html
    assert "09:00 CEST" not in html


def test_each_language_writes_its_own_dates_and_relative_times(app, courses):
    expected = {"es": ("lun, 9 oct 2017, 09:00 CEST", "dentro de 6 días"),
                "it": ("lun 9 ott 2017, 09:00 CEST", "tra 6 giorni"),
                "en": ("Mon, 9 Oct 2017, 09:00 CEST", "in 6 days")}
    for language, (date, relative) in expected.items():
        html = reader(app, language, "Europe/Brussels").get(LOCKED).get_data(as_text=True)
        assert date in html and f"({relative})" in html, language


def test_a_visitor_reads_dates_in_their_browsers_language_and_the_sites_zone(client, courses):
    html = client.get("/courses/stem-careers", headers={"Accept-Language": "fr-FR"}).get_data(as_text=True)
    assert "lun. 9 oct. 2017, 09:00 CEST" in html


def test_numbers_are_written_the_languages_way(app, courses):
    """Study time of one and a half hours: "1,5" in French and German, "1.5" in English."""
    pages = {language: reader(app, language, "Europe/Brussels").get("/courses/stem-careers").get_data(as_text=True)
             for language in ("en", "fr", "de")}
    assert "<span>1.5 hours</span>" in pages["en"]
    assert "<span>1,5 " in pages["fr"] and "<span>1,5 " in pages["de"] and "1.5" not in pages["fr"] + pages["de"]
