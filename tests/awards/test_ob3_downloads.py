"""The holder's Open Badges 3.0 downloads on My badges: JSON, JWT, baked PNG and SVG; nobody else's."""

from __future__ import annotations

import json

from sqlalchemy import select

from badges.ob3 import baking, jwt, proofs
from lms.awards import ob3_documents
from lms.awards import services as awards
from lms.awards.models import AwardCredential
from lms.core.extensions import db
from tests.conftest import NOW
from tests.factories import make_awarded_badge, make_learner_client


def holder(app):
    user, client = make_learner_client(app, "practice", now=NOW, email="ada@school.example")
    assertion = make_awarded_badge(user, "practice-basics", now=NOW)
    row = db.session.scalar(select(AwardCredential).where(AwardCredential.assertion_id == assertion.id))
    return client, assertion, row


def test_my_badges_offers_the_3_0_downloads_beside_the_2_0_ones(app, practice):
    client, assertion, row = holder(app)
    html = client.get("/my/badges").get_data(as_text=True)
    assert f"/badges/assertions/{assertion.uid}.png" in html  # 2.0 still there
    for ext in ("json", "jwt", "png", "svg"):
        assert f"/my/badges/{assertion.uid}/credential.{ext}" in html
    assert "Verifiable credential file" in html


def test_the_holder_downloads_the_signed_bytes_kept_at_award_time(app, practice):
    client, assertion, row = holder(app)
    document = client.get(f"/my/badges/{assertion.uid}/credential.json")
    assert document.status_code == 200 and document.get_data(as_text=True) == row.document
    assert "attachment" in document.headers["Content-Disposition"] and document.headers["Cache-Control"].startswith("private")
    token = client.get(f"/my/badges/{assertion.uid}/credential.jwt").get_data(as_text=True)
    assert token == row.jwt and jwt.decode(token, ob3_documents.public_key_for)[1].ok
    png = client.get(f"/my/badges/{assertion.uid}/credential.png")
    assert png.mimetype == "image/png" and baking.unbake_png(png.data) == row.document
    svg = client.get(f"/my/badges/{assertion.uid}/credential.svg")
    baked = json.loads(baking.unbake_svg(svg.data))
    assert proofs.check_proof(baked, ob3_documents.public_key_for).ok


def test_nobody_else_gets_the_credential(app, practice):
    _, assertion, _ = holder(app)
    _, other = make_learner_client(app, "practice", now=NOW, email="grace@school.example")
    for ext in ("json", "jwt", "png", "svg"):
        assert other.get(f"/my/badges/{assertion.uid}/credential.{ext}").status_code == 404
        assert app.test_client().get(f"/my/badges/{assertion.uid}/credential.{ext}").status_code in (302, 401)
    assert other.get("/my/badges/nope/credential.json").status_code == 404


def test_a_revoked_award_offers_no_credential(app, practice):
    client, assertion, _ = holder(app)
    awards.revoke_badge(None, assertion.uid, reason="Copied", now=NOW)
    db.session.commit()
    assert client.get(f"/my/badges/{assertion.uid}/credential.json").status_code == 404
    assert f"/my/badges/{assertion.uid}/credential.json" not in client.get("/my/badges").get_data(as_text=True)
