"""Durations read as each language writes them: gettext's plural rules see whole numbers only,
so a decimal takes the form CLDR gives it ("1,5 heure" in French, "1.5 hours" in English)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from lms.core.filters import hours, relative
from lms.core.i18n import in_language


@pytest.mark.parametrize(("language", "minutes", "words"), [
    ("en", 90, "1.5 hours"), ("fr", 90, "1,5 heure"), ("fr", 150, "2,5 heures"), ("de", 90, "1,5 Stunden"),
    ("en", 60, "1 hour"), ("fr", 120, "2 heures"), ("it", 45, "45 min"),
])
def test_a_duration_takes_its_languages_plural(app, language, minutes, words):
    with app.test_request_context(), in_language(language):
        assert hours(minutes) == words


def test_a_relative_time_counts_from_the_instant_the_figures_are_as_of(app):
    as_of = datetime(2017, 10, 2, 9, tzinfo=timezone.utc)
    with app.test_request_context(), in_language("fr"):
        assert relative(as_of - timedelta(days=3), as_of) == "il y a 3 jours"
