"""Each award's Open Badges 3.0 credential: signed once when awarded (Data Integrity proof and
VC-JWT), backfilled by a job for older awards, revoked with its 2.0 assertion."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import delete, func, select

from badges.identity import verify_hashed_email
from badges.ob3 import jwt, proofs, schema
from lms.awards import credentials, issuer_keys, ob3_documents
from lms.awards import services as awards
from lms.awards.models import AwardCredential
from lms.core.extensions import db
from tests.conftest import NOW
from tests.factories import make_awarded_badge, make_learner


def resolver(method: str) -> bytes | None:
    return ob3_documents.public_key_for(method)


def award(email="ada@school.example"):
    user = make_learner("practice", now=NOW, email=email)
    return user, make_awarded_badge(user, "practice-basics", now=NOW)


def stored(assertion) -> AwardCredential:
    return db.session.scalar(select(AwardCredential).where(AwardCredential.assertion_id == assertion.id))


def test_an_award_is_signed_once_when_it_is_made(app, practice):
    user, assertion = award()
    row = stored(assertion)
    document = json.loads(row.document)
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["issuer"]["id"] == "http://localhost/badges/issuer/ob3.json"
    assert document["credentialStatus"] == {"id": "http://localhost/badges/credentials/revocations.json",
                                            "type": "1EdTechRevocationList"}
    assert document["credentialSubject"]["achievement"]["id"] == "http://localhost/badges/classes/practice-basics/achievement.json"
    assert proofs.check_proof(document, resolver).ok
    assert schema.problems(document) == []
    decoded, check = jwt.decode(row.jwt, resolver)
    assert check.ok and decoded["id"] == document["id"] == row.credential_id
    identifier = document["credentialSubject"]["identifier"][0]
    assert identifier["identityHash"] != f"sha256${assertion.salt}"  # a salt of the credential's own
    assert verify_hashed_email(identifier["identityHash"], user.email, identifier["salt"])
    assert user.email not in row.document and user.email not in row.jwt
    assert [e["narrative"] for e in document["evidence"]] == [assertion.evidence]
    awards.award_by_hand(None, email=user.email, badge_slug="practice-basics", reason="again", now=NOW)
    assert db.session.scalar(select(func.count()).select_from(AwardCredential)) == 1


def test_what_an_older_key_signed_still_verifies_after_rotation(app, practice, runner):
    _, assertion = award()
    old = stored(assertion)
    assert runner.invoke(args=["badges", "rotate-key"]).exit_code == 0
    _, newer = award("grace@school.example")
    assert stored(newer).key_id != old.key_id
    assert proofs.check_proof(json.loads(old.document), resolver).ok and jwt.decode(old.jwt, resolver)[1].ok
    assert proofs.check_proof(json.loads(stored(newer).document), resolver).ok


def test_the_job_signs_older_awards_once(app, practice):
    _, assertion = award()
    db.session.execute(delete(AwardCredential))  # as if awarded before Open Badges 3.0
    db.session.commit()
    assert credentials.sign_missing(now=NOW + timedelta(days=1)).recorded == 1
    assert credentials.sign_missing(now=NOW + timedelta(days=1)).recorded == 0
    assert proofs.check_proof(json.loads(stored(assertion).document), resolver).ok


def test_an_award_stands_when_signing_fails_and_the_job_signs_it_later(app, practice, monkeypatch):
    monkeypatch.setattr(issuer_keys, "seed_of", lambda key: b"short")  # a broken key store
    _, assertion = award()
    assert assertion.id and stored(assertion) is None
    monkeypatch.undo()
    assert credentials.sign_missing(now=NOW).recorded == 1


def test_revoking_the_assertion_revokes_the_credential(app, practice, client):
    _, assertion = award()
    credential_id = stored(assertion).credential_id
    assert client.get("/badges/credentials/revocations.json").get_json()["revokedCredentials"] == []
    awards.revoke_badge(None, assertion.uid, reason="Copied the quiz", now=NOW)
    db.session.commit()
    listed = client.get("/badges/credentials/revocations.json").get_json()
    assert listed["issuer"] == "http://localhost/badges/issuer/ob3.json"
    assert listed["revokedCredentials"] == [{"id": credential_id, "revoked": True, "revocationReason": "Copied the quiz"}]
