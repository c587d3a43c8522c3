"""What this platform issues passes every check of badges.ob3.verify, in each form a learner
downloads, with keys and status read from this site; revoked, it fails with the reason."""

from __future__ import annotations

from datetime import timedelta

from badges.ob3 import baking
from badges.ob3.verify import verify
from lms.awards import ob3_documents
from lms.awards import services as awards
from lms.core.extensions import db
from tests.awards.test_ob3_downloads import holder
from tests.conftest import NOW


def check(document, credential_id, email=None):
    return verify(document, resolve_public_key=ob3_documents.key_document_for,
                  read_status=lambda entry: ob3_documents.is_revoked(credential_id)
                  if entry.get("id") == ob3_documents.status_url() else None,
                  now=NOW + timedelta(days=1), email=email)


def test_each_download_verifies_and_a_revoked_one_fails_with_the_reason(app, practice):
    client, assertion, row = holder(app)
    downloads = {ext: client.get(f"/my/badges/{assertion.uid}/credential.{ext}").data for ext in ("json", "jwt", "png", "svg")}
    forms = [downloads["json"].decode(), downloads["jwt"].decode(), baking.unbake_png(downloads["png"]),
             baking.unbake_svg(downloads["svg"])]
    for document in forms:
        report = check(document, row.credential_id, email="ada@school.example")
        assert report.ok, report.failures()
        assert {c.name for c in report.checks} >= {"issuer key", "proof", "status", "validity", "schema", "recipient"}
    assert not check(forms[0], row.credential_id, email="someone@else.example").ok
    awards.revoke_badge(None, assertion.uid, reason="Copied", now=NOW)
    db.session.commit()
    report = check(forms[1], row.credential_id)
    assert [(c.name, c.reason) for c in report.failures()] == [("status", "the credential has been revoked")]
