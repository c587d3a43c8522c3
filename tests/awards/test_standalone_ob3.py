"""A standalone award's Open Badges 3.0 credential: signed when issued with the issuer's key, valid
against the 1EdTech JSON schema, checked by our own verifier in each form; an organisation's subject is
its Profile; revocation reaches the status list."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from badges import baking as baking_ob2
from badges.identity import verify_hashed_email
from badges.ob3 import baking, jwt, schema
from badges.ob3.verify import verify
from lms.awards import credentials, ob3_documents
from lms.awards import services as awards
from lms.awards.models import StandaloneAward, StandaloneCredential
from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.verifier import services as verifier
from tests.awards.conftest import SCHOOL, issue_to_person, issue_to_school
from tests.conftest import NOW
from tests.factories import log_in, make_user


def stored(uid: str) -> StandaloneCredential:
    return db.session.scalar(select(StandaloneCredential).join(StandaloneAward, StandaloneAward.id == StandaloneCredential.award_id)
                             .where(StandaloneAward.uid == uid))


def check(document, credential_id, email=None):
    return verify(document, resolve_public_key=ob3_documents.key_document_for,
                  read_status=lambda entry: ob3_documents.is_revoked(credential_id)
                  if entry.get("id") == ob3_documents.status_url() else None,
                  now=NOW + timedelta(days=1), email=email)


def test_an_organisations_credential_has_its_profile_as_subject_and_verifies(app, svg_badge):
    uid = issue_to_school(svg_badge)
    row = stored(uid)
    document = json.loads(row.document)
    subject = document["credentialSubject"]
    assert subject["id"] == SCHOOL and subject["type"] == ["AchievementSubject", "Profile"]
    assert subject["name"] == "St Mary's National School" and subject["url"] == SCHOOL
    assert subject["achievement"]["id"] == "http://localhost/badges/standalone/stem-award-bronze/achievement.json"
    assert [item["name"] for item in document["evidence"]] == ["STEM activities in the last year", "Assessor's decision"]
    assert document["credentialStatus"]["id"] == ob3_documents.status_url()
    assert schema.problems(document) == []
    report = check(row.document, row.credential_id)
    assert report.ok, report.failures()
    assert {c.name for c in report.checks} >= {"issuer key", "proof", "status", "validity", "schema"}


def test_a_persons_credential_is_a_hashed_email_and_verifies_for_them_only(app, png_badge):
    user = make_user(email="ada@library.example", now=NOW)
    row = stored(issue_to_person(png_badge, user))
    document = json.loads(row.document)
    identity = document["credentialSubject"]["identifier"][0]
    assert verify_hashed_email(identity["identityHash"], "ada@library.example", identity["salt"])
    assert "ada@library.example" not in row.document
    assert schema.problems(document) == []
    assert check(row.document, row.credential_id, email="ada@library.example").ok
    assert not check(row.document, row.credential_id, email="mallory@example.org").ok


def test_revocation_reaches_the_status_list_and_fails_the_check(app, client, svg_badge):
    uid = issue_to_school(svg_badge)
    row = stored(uid)
    awards.revoke_standalone("organisation-award:1", reason="Withdrawn by the assessor.", now=NOW)
    db.session.commit()
    listed = client.get("/badges/credentials/revocations.json").get_json()["revokedCredentials"]
    assert {"id": row.credential_id, "revoked": True, "revocationReason": "Withdrawn by the assessor."} in listed
    report = check(row.document, row.credential_id)
    assert [(c.name, c.reason) for c in report.failures()] == [("status", "the credential has been revoked")]
    assert client.get(f"/badges/awards/{uid}/credential.json").status_code == 404


def test_an_organisations_credential_is_public_in_each_form(app, client, svg_badge, png_badge):
    for badge, source, kind in ((svg_badge, "organisation-award:1", "svg"), (png_badge, "organisation-award:2", "png")):
        uid = issue_to_school(badge, source)
        row = stored(uid)
        assert client.get(f"/badges/awards/{uid}/credential.json").get_data(as_text=True) == row.document
        token = client.get(f"/badges/awards/{uid}/credential.jwt").get_data(as_text=True)
        assert token == row.jwt and jwt.decode(token, ob3_documents.public_key_for)[1].ok
        image = client.get(f"/badges/awards/{uid}/credential.{kind}").data
        baked = baking.unbake_png(image) if kind == "png" else baking.unbake_svg(image)
        assert check(baked, row.credential_id).ok
        other = "png" if kind == "svg" else "svg"
        assert client.get(f"/badges/awards/{uid}/credential.{other}").status_code == 404


def test_a_persons_credential_is_downloaded_by_them_only(app, png_badge):
    user, other = make_user(now=NOW), make_user(now=NOW)
    uid = issue_to_person(png_badge, user)
    mine, theirs = app.test_client(), app.test_client()
    log_in(mine, user.email)
    log_in(theirs, other.email)
    assert mine.get(f"/badges/awards/{uid}/credential.json").get_data(as_text=True) == stored(uid).document
    assert theirs.get(f"/badges/awards/{uid}/credential.json").status_code == 404
    assert app.test_client().get(f"/badges/awards/{uid}/credential.json").status_code == 404
    assert "credential.json" in mine.get(f"/badges/awards/{uid}").get_data(as_text=True)
    assert "credential.json" not in theirs.get(f"/badges/awards/{uid}").get_data(as_text=True)


def test_the_sweep_signs_an_award_left_unsigned_once(app, svg_badge):
    uid = issue_to_school(svg_badge)
    db.session.execute(delete(StandaloneCredential))
    db.session.commit()
    assert credentials.sign_missing(now=NOW).recorded == 1
    assert credentials.sign_missing(now=NOW).recorded == 0
    assert check(stored(uid).document, stored(uid).credential_id).ok
    assert db.session.scalar(select(func.count()).select_from(StandaloneCredential)) == 1


def test_the_achievement_is_hosted(app, client, svg_badge):
    issue_to_school(svg_badge)
    hosted = client.get("/badges/standalone/stem-award-bronze/achievement.json").get_json()
    assert hosted["type"] == ["Achievement"] and hosted["name"] == "STEM Award: Bronze"
    assert hosted["criteria"]["id"] == "http://localhost/badges/standalone/stem-award-bronze#criteria"


def test_the_sites_verifier_accepts_both_versions_and_refuses_them_once_revoked(app, svg_badge):
    uid = issue_to_school(svg_badge)
    view = awards.standalone_award(uid)
    ob2 = verifier.verify_badge(url=view.assertion_url, now=NOW + timedelta(days=1))
    assert ob2.version == "2.0" and ob2.ok, ob2.checks
    ob3 = verifier.verify_badge(text=stored(uid).document, now=NOW + timedelta(days=1))
    assert ob3.version == "3.0" and ob3.ok, ob3.checks
    awards.revoke_standalone("organisation-award:1", reason="Withdrawn", now=NOW)
    db.session.commit()
    assert not verifier.verify_badge(url=view.assertion_url, now=NOW + timedelta(days=1)).ok
    assert not verifier.verify_badge(text=stored(uid).document, now=NOW + timedelta(days=1)).ok


def test_a_persons_live_standalone_credentials_go_to_their_wallet(app, png_badge, svg_badge):
    user = make_user(now=NOW)
    uid = issue_to_person(png_badge, user)
    issue_to_person(svg_badge, user, "revoked-later")
    issue_to_school(svg_badge)
    awards.revoke_standalone("revoked-later", reason="Entered in error", now=NOW)
    db.session.commit()
    total, rows = awards.held_credentials(user.id, since=None, limit=10, offset=0)
    assert total == 1 and rows[0].document == stored(uid).document
    assert awards.held_credentials(user.id, since=NOW + timedelta(seconds=1), limit=10, offset=0)[0] == 0


def test_the_files_a_zip_of_badges_needs(app, png_badge, svg_badge):
    user, other = make_user(now=NOW), make_user(now=NOW)
    uid = issue_to_person(png_badge, user)
    kind, image = awards.standalone_baked_image(uid)
    assert kind == "png" and json.loads(baking_ob2.unbake(image))["id"].endswith(f"/badges/awards/{uid}.json")
    assert awards.standalone_credential_document(user.id, uid) == stored(uid).document
    with pytest.raises(NotFound):
        awards.standalone_credential_document(other.id, uid)
    db.session.execute(delete(StandaloneCredential))
    assert awards.standalone_credential_document(user.id, uid) is None  # until the job signs it
    awards.revoke_standalone(f"programme:stem:user:{user.id}", reason="x", now=NOW)
    with pytest.raises(NotFound):
        awards.standalone_baked_image(uid)
