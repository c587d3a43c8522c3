"""Under the production settings (https only, public addresses only) the verify page refuses an
address that leads inside the network, with a clear sentence, before anything is fetched."""

from __future__ import annotations

import pytest

import config
from lms import create_app
from lms.core.extensions import db
from tests.verifier.servers import serving


@pytest.fixture
def production(tmp_path):
    app = create_app(config.TestConfig, DATABASE_URL=f"sqlite:///{tmp_path / 'lms.sqlite'}",
                     OUTBOUND_ALLOW_PRIVATE=config.Config.OUTBOUND_ALLOW_PRIVATE,
                     OUTBOUND_ALLOW_HTTP=config.Config.OUTBOUND_ALLOW_HTTP)
    with app.app_context():
        db.create_all()
        yield app.test_client()
        db.session.remove()
        db.engine.dispose()


def test_the_production_settings_fetch_only_https_from_public_addresses():
    assert config.Config.OUTBOUND_ALLOW_PRIVATE is False and config.Config.OUTBOUND_ALLOW_HTTP is False
    assert config.ProductionConfig.OUTBOUND_ALLOW_PRIVATE is False


@pytest.mark.parametrize("url", ["https://127.0.0.1/badge.json", "https://localhost/badge.json",
                                 "https://169.254.169.254/latest/meta-data/", "https://[::1]/badge.json"])
def test_an_address_inside_the_network_is_refused_clearly(production, url):
    answer = production.post("/verify.json", json={"url": url}).json
    assert answer["ok"] is False and answer["checks"] == [{"name": "fetch", "ok": False, "reason": "private"}]


def test_plain_http_and_a_redirect_to_loopback_are_refused_on_the_page(production):
    with serving({"/badge.json": (302, [("Location", "http://127.0.0.1/admin")], b"")}) as base:
        answer = production.post("/verify.json", json={"url": f"{base}/badge.json"}).json
    assert answer["checks"][0]["reason"] == "scheme"
    from tests.verifier.test_foreign import post_form

    html = post_form(production, {"url": "https://localhost/badge.json"}).get_data(as_text=True)
    assert "This address points to a private or local network" in html and 'id="verdict-failed"' in html
