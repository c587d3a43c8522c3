"""What this platform issues verifies on /verify in every form a learner downloads (keys, revocation
list and hosted assertions read here, not fetched); tampered, signed with another key or revoked, it fails
with the reason on the page. Open Badges 2.0 assertions too, by their URL."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from badges.ob3 import jwt, proofs
from lms.awards import services as awards
from lms.core.extensions import db
from tests.awards.test_ob3_downloads import holder
from tests.conftest import NOW
from tests.verifier.test_foreign import post_form

EMAIL = "ada@school.example"


def verdict(response) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    return html.split('id="verdict"')[1].split("</section>")[0]


def test_each_download_verifies_on_the_page(app, practice):
    learner, assertion, _ = holder(app)
    downloads = {ext: learner.get(f"/my/badges/{assertion.uid}/credential.{ext}").data for ext in ("json", "jwt", "png", "svg")}
    visitor = app.test_client()
    for data in [{"credential": downloads["json"].decode()}, {"credential": downloads["jwt"].decode()},
                 {"image": (io.BytesIO(downloads["png"]), "badge.png")}, {"image": (io.BytesIO(downloads["svg"]), "badge.svg")}]:
        shown = verdict(post_form(visitor, {**data, "email": EMAIL}))
        assert 'id="verdict-ok"' in shown and 'data-check="recipient"' in shown
        assert "The signing key belongs to the issuer." in shown
    answer = visitor.post("/verify.json", json={"credential": json.loads(downloads["json"]), "email": EMAIL}).json
    assert answer["ok"] and answer["version"] == "3.0"


def test_tampered_another_key_and_revoked_fail_with_the_reason(app, practice):
    learner, assertion, _ = holder(app)
    document = json.loads(learner.get(f"/my/badges/{assertion.uid}/credential.json").data)
    visitor = app.test_client()
    tampered = verdict(post_form(visitor, {"credential": json.dumps({**document, "name": "Nobel prize"})}))
    assert '<li class="check-failed" data-check="proof">' in tampered and "The signature does not match" in tampered
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    method = document["proof"]["verificationMethod"]
    forged = proofs.add_proof(unsigned, bytes(range(32)), method, datetime(2017, 10, 3, tzinfo=UTC))
    for credential in (json.dumps(forged), jwt.encode(unsigned, bytes(range(32)), method)):
        shown = verdict(post_form(visitor, {"credential": credential}))
        assert '<li class="check-failed" data-check="proof">' in shown and 'id="verdict-failed"' in shown
    awards.revoke_badge(None, assertion.uid, reason="Copied", now=NOW)
    db.session.commit()
    revoked = verdict(post_form(visitor, {"credential": json.dumps(document)}))
    assert '<li class="check-failed" data-check="status">' in revoked and "The issuer has revoked this badge." in revoked


def test_a_2_0_assertion_of_ours_verifies_by_its_url_until_revoked(app, practice):
    _, assertion, _ = holder(app)
    url = f"http://localhost/badges/assertions/{assertion.uid}.json"
    visitor = app.test_client()
    answer = visitor.post("/verify.json", json={"url": url, "email": EMAIL}).json
    assert answer["ok"] and answer["version"] == "2.0", answer
    assert not visitor.post("/verify.json", json={"url": url, "email": "eve@school.example"}).json["ok"]
    awards.revoke_badge(None, assertion.uid, reason="Copied", now=NOW)
    db.session.commit()
    shown = verdict(post_form(visitor, {"url": url}))
    assert '<li class="check-failed" data-check="status">' in shown and "The issuer has revoked this badge." in shown


def test_a_2_0_baked_image_is_checked_against_the_hosted_assertion(app, practice):
    _, assertion, _ = holder(app)
    visitor = app.test_client()
    png = visitor.get(f"/badges/assertions/{assertion.uid}.png").data
    assert 'id="verdict-ok"' in verdict(post_form(visitor, {"image": (io.BytesIO(png), "badge.png"), "email": EMAIL}))
    awards.revoke_badge(None, assertion.uid, reason="Copied", now=NOW)
    db.session.commit()
    shown = verdict(post_form(visitor, {"image": (io.BytesIO(png), "badge.png")}))
    assert 'id="verdict-failed"' in shown and "The issuer has revoked this badge." in shown
