"""GET /ims/ob/v3p0/credentials and /profile with a wallet's bearer token: only the token owner's live
credentials, in both signed forms, paged with X-Total-Count and Link; the profile; and every refusal
(no, unknown, expired, revoked or narrow token) as 401/403 with WWW-Authenticate and Imsx_StatusInfo."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from badges.ob3 import jwt, proofs
from lms.awards import ob3_documents
from lms.awards import services as awards
from lms.awards.models import Assertion, AwardCredential
from lms.core.extensions import db
from tests.conftest import NOW
from tests.factories import make_awarded_badge, make_learner_client
from tests.wallets.provider_flow import PROFILE, READ, bearer, connect, register
from tests.web.test_badges import complete_course

CREDENTIALS = "/ims/ob/v3p0/credentials"


def holder_with_three(app, email="ada@school.example"):
    """A learner who completed the practice course: two badges and a certificate, three credentials."""
    user, learner = make_learner_client(app, "practice", now=NOW, email=email, name="Ada Lovelace")
    complete_course(learner)
    return user, learner


def ids(answer) -> list[str]:
    return [credential["id"] for credential in answer.get_json()["credential"]]


def links(answer) -> dict[str, str]:
    found = {}
    for part in answer.headers["Link"].split(", "):
        url, rel = part.split("; ")
        found[rel.removeprefix('rel="').removesuffix('"')] = url.strip("<>")
    return found


def test_a_wallet_reads_its_learners_credentials_in_both_signed_forms(app, client, practice):
    user, learner = holder_with_three(app)
    wallet = register(client)
    token = connect(client, learner, wallet)["access_token"]
    answer = client.get(CREDENTIALS, headers=bearer(token))
    assert answer.status_code == 200 and answer.headers["X-Total-Count"] == "3"
    assert answer.headers["Cache-Control"] == "no-store"
    body = answer.get_json()
    assert len(body["credential"]) == len(body["compactJwsStrings"]) == 3
    kinds = [credential["credentialSubject"]["achievement"]["achievementType"] for credential in body["credential"]]
    assert sorted(kinds) == ["Badge", "Badge", "Certificate"]
    for document, token_string in zip(body["credential"], body["compactJwsStrings"]):
        assert proofs.check_proof(document, ob3_documents.public_key_for).ok
        payload, outcome = jwt.decode(token_string, ob3_documents.public_key_for)
        assert outcome.ok and payload["id"] == document["id"]  # the same credential, index for index
    stored = db.session.scalar(select(AwardCredential).join(Assertion).where(Assertion.user_id == user.id).limit(1))
    assert json.loads(stored.document) in body["credential"]  # the bytes signed at award time
    assert set(links(answer)) == {"first", "last"}


def test_only_the_token_owners_credentials_are_listed(app, client, practice):
    holder_with_three(app)
    grace, other = make_learner_client(app, "practice", now=NOW, email="grace@school.example")
    make_awarded_badge(grace, "practice-basics", now=NOW)
    wallet = register(client)
    token = connect(client, other, wallet)["access_token"]
    answer = client.get(CREDENTIALS, headers=bearer(token))
    assert answer.headers["X-Total-Count"] == "1"
    only = answer.get_json()["credential"][0]
    mine = db.session.scalar(select(AwardCredential).join(Assertion).where(Assertion.user_id == grace.id))
    assert only["id"] == mine.credential_id


def test_pages_follow_limit_and_offset_with_total_and_links(app, client, practice):
    _, learner = holder_with_three(app)
    token = connect(client, learner, register(client))["access_token"]
    everything = ids(client.get(CREDENTIALS, headers=bearer(token)))
    first = client.get(f"{CREDENTIALS}?limit=2", headers=bearer(token))
    assert ids(first) == everything[:2] and first.headers["X-Total-Count"] == "3"
    assert links(first) == {"first": f"http://localhost{CREDENTIALS}?limit=2&offset=0",
                            "last": f"http://localhost{CREDENTIALS}?limit=2&offset=2",
                            "next": f"http://localhost{CREDENTIALS}?limit=2&offset=2"}
    second = client.get(links(first)["next"], headers=bearer(token))
    assert ids(second) == everything[2:]
    assert set(links(second)) == {"first", "last", "prev"} and links(second)["prev"].endswith("limit=2&offset=0")
    beyond = client.get(f"{CREDENTIALS}?limit=2&offset=10", headers=bearer(token))
    assert beyond.status_code == 200 and ids(beyond) == [] and beyond.headers["X-Total-Count"] == "3"
    assert client.get(f"{CREDENTIALS}?limit=1000", headers=bearer(token)).headers["Link"].count("limit=100&") == 2


def test_since_keeps_credentials_issued_after_it(app, client, practice):
    _, learner = holder_with_three(app)
    token = connect(client, learner, register(client))["access_token"]
    later = client.get(f"{CREDENTIALS}?since=2017-10-03T10:00:00Z", headers=bearer(token))
    assert later.status_code == 200 and later.headers["X-Total-Count"] == "0"
    earlier = client.get(f"{CREDENTIALS}?since=2017-10-01T00:00:00%2B02:00&limit=1", headers=bearer(token))
    assert earlier.headers["X-Total-Count"] == "3" and "since=2017-10-01T00:00:00%2B02:00" in earlier.headers["Link"]


def test_bad_paging_parameters_get_400_with_a_reason(app, client, practice):
    _, learner = holder_with_three(app)
    token = connect(client, learner, register(client))["access_token"]
    for query in ("limit=0", "limit=-1", "limit=two", "offset=-5", "limit=1e3", "offset=99999999999", "limit=%00",
                  "since=yesterday", "since=%00", "limit=\u0663"):
        answer = client.get(f"{CREDENTIALS}?{query}", headers=bearer(token))
        assert answer.status_code == 400, query
        assert answer.get_json()["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == \
            "invalid_query_parameter"


def test_a_since_whose_utc_falls_outside_the_calendar_gets_400_not_a_500(app, client, practice):
    _, learner = holder_with_three(app)
    token = connect(client, learner, register(client))["access_token"]
    for since in ("9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+01:00"):
        answer = client.get(CREDENTIALS, query_string={"since": since}, headers=bearer(token))
        assert answer.status_code == 400 and answer.get_json()["imsx_description"] == \
            "since must be a date and time (ISO 8601).", since
    assert client.get(CREDENTIALS, query_string={"since": "9999-12-31T23:59:59+23:59"}, headers=bearer(token)).status_code == 200


def test_a_revoked_award_is_no_longer_listed(app, client, practice):
    user, learner = holder_with_three(app)
    token = connect(client, learner, register(client))["access_token"]
    revoked = db.session.scalars(select(Assertion).where(Assertion.user_id == user.id)).first()
    awards.revoke_badge(None, revoked.uid, reason="Copied", now=NOW)
    db.session.commit()
    answer = client.get(CREDENTIALS, headers=bearer(token))
    kept = db.session.scalar(select(AwardCredential).where(AwardCredential.assertion_id == revoked.id))
    assert answer.headers["X-Total-Count"] == "2" and kept.credential_id not in ids(answer)


def test_the_profile_is_the_learners_name_and_email(app, client, practice):
    user, learner = holder_with_three(app)
    token = connect(client, learner, register(client))["access_token"]
    answer = client.get("/ims/ob/v3p0/profile", headers=bearer(token))
    profile = answer.get_json()
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert profile["type"] == "Profile" and profile["name"] == "Ada Lovelace" and profile["email"] == "ada@school.example"
    assert profile["@context"] == ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert profile["id"].startswith("urn:uuid:") and profile == client.get("/ims/ob/v3p0/profile",
                                                                           headers=bearer(token)).get_json()


def refusal(answer, status: int, error: str | None):
    assert answer.status_code == status, answer.get_data(as_text=True)
    challenge = answer.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer realm="ims/ob/v3p0"')
    assert (f'error="{error}"' in challenge) if error else ("error=" not in challenge)
    body = answer.get_json()
    assert body["imsx_codeMajor"] == "failure" and body["imsx_severity"] == "error" and body["imsx_description"]


def test_no_token_or_an_unknown_one_is_401_with_a_bearer_challenge(app, client, practice):
    refusal(client.get(CREDENTIALS), 401, None)
    refusal(client.get(CREDENTIALS, headers={"Authorization": "Basic abc"}), 401, None)
    refusal(client.get(CREDENTIALS, headers={"Authorization": "Bearer"}), 401, None)
    refusal(client.get(CREDENTIALS, headers=bearer("not-a-token")), 401, "invalid_token")
    refusal(client.get("/ims/ob/v3p0/profile", headers=bearer("x" * 10_000)), 401, "invalid_token")


def test_an_expired_token_is_401_until_refreshed(app, client, practice):
    _, learner = holder_with_three(app)
    token = connect(client, learner, register(client))["access_token"]
    app.config["FIXED_NOW"] = NOW + timedelta(hours=1)
    refusal(client.get(CREDENTIALS, headers=bearer(token)), 401, "invalid_token")


def test_a_revoked_token_is_401(app, client, practice):
    _, learner = holder_with_three(app)
    wallet = register(client)
    token = connect(client, learner, wallet)["access_token"]
    client.post("/oauth/revoke", data={"token": token, "token_type_hint": "access_token"}, headers=wallet.basic)
    refusal(client.get(CREDENTIALS, headers=bearer(token)), 401, "invalid_token")


def test_a_token_without_the_operations_scope_is_403(app, client, practice):
    _, learner = holder_with_three(app)
    wallet = register(client)
    reader = connect(client, learner, wallet, scope=READ)["access_token"]
    refusal(client.get("/ims/ob/v3p0/profile", headers=bearer(reader)), 403, "insufficient_scope")
    assert f'scope="{PROFILE}"' in client.get("/ims/ob/v3p0/profile", headers=bearer(reader)).headers["WWW-Authenticate"]
    profile_only = connect(client, learner, wallet, scope=PROFILE)["access_token"]
    refusal(client.get(CREDENTIALS, headers=bearer(profile_only)), 403, "insufficient_scope")


def test_writing_is_not_offered(app, client, practice):
    _, learner = holder_with_three(app)
    token = connect(client, learner, register(client))["access_token"]
    posted = client.post(CREDENTIALS, data="header.payload.signature", content_type="text/plain", headers=bearer(token))
    assert posted.status_code == 405 and posted.headers["Allow"] == "GET" and posted.get_json()["imsx_codeMajor"] == "failure"
    assert client.put("/ims/ob/v3p0/profile", json={}, headers=bearer(token)).status_code == 405


def test_each_api_call_runs_a_fixed_number_of_statements(app, client, practice, count_queries):
    _, learner = holder_with_three(app)
    token = connect(client, learner, register(client))["access_token"]
    with count_queries() as page_of_three:
        client.get(CREDENTIALS, headers=bearer(token))
    with count_queries() as page_of_one:
        client.get(f"{CREDENTIALS}?limit=1", headers=bearer(token))
    with count_queries() as profile:
        client.get("/ims/ob/v3p0/profile", headers=bearer(token))
    with count_queries() as refused:
        client.get(CREDENTIALS, headers=bearer("unknown"))
    reads = [sql for sql in page_of_three if sql.lstrip().upper().startswith("SELECT")]
    assert len(reads) == len([sql for sql in page_of_one if sql.lstrip().upper().startswith("SELECT")]) == 3
    assert len([sql for sql in profile if sql.lstrip().upper().startswith("SELECT")]) == 2
    assert len([sql for sql in refused if sql.lstrip().upper().startswith("SELECT")]) == 1
