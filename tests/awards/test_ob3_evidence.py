"""A holder may put their own work (reflections, assignments) into a badge's 3.0 credential as
evidence, or take it out again: the credential is signed anew and the one it replaces is published
as revoked, so no copy states more, or less, than the holder now chooses."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import func, select

from badges.ob3 import proofs, schema
from lms.awards import credentials, ob3_documents
from lms.awards import services as awards
from lms.awards.models import Assertion, AwardCredential, ReplacedCredential
from lms.core.extensions import db
from tests.awards.test_ob3_certificates import check
from tests.conftest import NOW, csrf_from, meeting_at
from tests.factories import make_learner_client
from tests.web.test_badges import REFLECTION_TEXT, complete_basics


def earned(app, email="ada@school.example"):
    user, client = make_learner_client(app, "practice", now=NOW, email=email)
    complete_basics(client)
    assertion = db.session.scalar(select(Assertion).where(Assertion.user_id == user.id))
    return user, client, assertion


def credential_of(assertion) -> SimpleNamespace:
    """The credential as stored now (a copy of its columns: the row itself changes under it)."""
    db.session.expire_all()
    row = db.session.scalar(select(AwardCredential).where(AwardCredential.assertion_id == assertion.id))
    return SimpleNamespace(credential_id=row.credential_id, document=row.document, shares_work=row.shares_work)


def choose(client, uid, share: str, follow=False):
    token = csrf_from(client.get("/my/badges").get_data(as_text=True))
    return client.post(f"/my/badges/{uid}/evidence", data={"csrf_token": token, "share": share}, follow_redirects=follow)


def test_work_stays_out_of_the_credential_until_the_holder_shares_it(app, practice):
    _, client, assertion = earned(app)
    before = credential_of(assertion)
    assert REFLECTION_TEXT not in before.document and not before.shares_work
    assert "Share my work as evidence" in client.get("/my/badges").get_data(as_text=True)
    response = choose(client, assertion.uid, "1", follow=True)
    page = response.get_data(as_text=True)
    assert "Your work is now evidence in this badge" in page and "Take my work out of the credential" in page
    after = credential_of(assertion)
    document = json.loads(after.document)
    shared = [item for item in document["evidence"] if item.get("genre") == "Reflection"]
    assert [item["narrative"] for item in shared] == [REFLECTION_TEXT]
    assert after.shares_work and after.credential_id != before.credential_id
    assert proofs.check_proof(document, ob3_documents.public_key_for).ok and schema.problems(document) == []
    assert client.get(f"/my/badges/{assertion.uid}/credential.json").get_data(as_text=True) == after.document


def test_the_replaced_copy_is_published_as_revoked_and_the_new_one_verifies(app, practice, client):
    _, holder, assertion = earned(app)
    before = credential_of(assertion)
    choose(holder, assertion.uid, "1")
    after = credential_of(assertion)
    listed = {item["id"]: item["revocationReason"] for item in client.get("/badges/credentials/revocations.json")
              .get_json()["revokedCredentials"]}
    assert listed == {before.credential_id: "Replaced by its holder with a newer credential."}
    assert [c.name for c in check(before.document, before.credential_id).failures()] == ["status"]
    assert check(after.document, after.credential_id).ok
    choose(holder, assertion.uid, "0")
    latest = credential_of(assertion)
    assert REFLECTION_TEXT not in latest.document and not latest.shares_work
    assert ob3_documents.is_revoked(after.credential_id) is True and check(latest.document, latest.credential_id).ok


def test_asking_twice_replaces_once(app, practice):
    _, client, assertion = earned(app)
    choose(client, assertion.uid, "1")
    choose(client, assertion.uid, "1")
    assert db.session.scalar(select(func.count()).select_from(ReplacedCredential)) == 1


def test_nobody_else_can_share_or_unshare_a_holders_work(app, practice):
    _, _, assertion = earned(app)
    _, other = make_learner_client(app, "practice", now=NOW, email="grace@school.example")
    assert choose(other, assertion.uid, "1").status_code == 404
    assert choose(other, "9223372036854775808", "1").status_code == 404
    assert not credential_of(assertion).shares_work
    anonymous = app.test_client()
    assert anonymous.post(f"/my/badges/{assertion.uid}/evidence", data={"share": "1"}).status_code in (302, 400, 401)
    assert not credential_of(assertion).shares_work


def test_a_form_without_its_token_changes_nothing(app, practice):
    _, client, assertion = earned(app)
    response = client.post(f"/my/badges/{assertion.uid}/evidence", data={"share": "1"})
    assert response.status_code in (302, 400)
    assert not credential_of(assertion).shares_work


def test_two_clicks_at_the_same_moment_replace_once(app, practice):
    _, client, assertion = earned(app)
    token = csrf_from(client.get("/my/badges").get_data(as_text=True))
    answers = []

    def click() -> None:
        answers.append(client.post(f"/my/badges/{assertion.uid}/evidence",
                                   data={"csrf_token": token, "share": "1"}).status_code)

    with meeting_at("SELECT ASSERTIONS.ID"):  # both have read the credential unshared before either writes
        threads = [threading.Thread(target=click) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert answers == [302, 302]
    assert db.session.scalar(select(func.count()).select_from(ReplacedCredential)) == 1
    assert credential_of(assertion).shares_work


def test_a_wallet_asking_since_a_moment_gets_the_credential_signed_again_after_it(app, practice):
    user, client, assertion = earned(app)
    later = NOW + timedelta(days=3)
    credentials.share_work(user, assertion.uid, True, now=later)
    db.session.commit()
    total, page = awards.held_credentials(user.id, since=NOW + timedelta(days=1), limit=10, offset=0)
    assert total == 1 and REFLECTION_TEXT in page[0].document
