"""A verdict with every kind of check, passed and failed, reads with no English left in each shipped language
(badges' English reasons are never shown: each check is a translated sentence)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.i18n.leftovers import english_leftovers
from tests.verifier.servers import serving
from tests.verifier.test_foreign import foreign, post_form


@pytest.mark.parametrize("language", ["fr", "de", "es", "it"])
def test_a_verdict_has_no_english_left(client, language):
    routes = {}
    with serving(routes) as base:
        signed, _, served = foreign(base, revoked=True, valid_until=datetime(2016, 1, 1, tzinfo=UTC))
        routes.update(served)
        for data in ({"credential": json.dumps(signed), "email": "eve@example.org"}, {"credential": "garbage"},
                     {"url": "ftp://example.org/x"}):
            html = post_form(client, data, language).get_data(as_text=True)
            assert 'id="verdict-failed"' in html
            assert english_leftovers("/verify", html, language) == []
            assert "has been revoked" not in html and "expired at" not in html and "not JSON" not in html
