"""Standalone badges (a programme's to a learner, an award level's to an organisation): issued once per
source whatever the repeats, published as Open Badges 2.0 (hosted, baked), revoked in public."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from badges import baking
from badges.identity import verify_hashed_email
from lms.awards import services as awards
from lms.awards.models import StandaloneAward, StandaloneBadgeClass
from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from tests.awards.conftest import SCHOOL, issue_to_person, issue_to_school, school
from tests.conftest import NOW, meeting_at
from tests.factories import make_user


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_organisation_badge_is_hosted_with_a_url_identity(app, client, svg_badge):
    uid = issue_to_school(svg_badge)
    document = client.get(f"/badges/awards/{uid}.json").get_json()
    assert document["recipient"] == {"type": "url", "hashed": False, "identity": SCHOOL}
    assert document["type"] == "Assertion" and document["verification"] == {"type": "HostedBadge"}
    assert document["badge"] == "http://localhost/badges/standalone/stem-award-bronze.json"
    assert document["image"] == f"http://localhost/badges/awards/{uid}.svg"
    assert [item["name"] for item in document["evidence"]] == ["STEM activities in the last year", "Assessor's decision"]
    badge = client.get("/badges/standalone/stem-award-bronze.json").get_json()
    assert badge["type"] == "BadgeClass" and badge["issuer"] == "http://localhost/badges/issuer.json"
    assert badge["image"] == "http://localhost/badges/standalone/stem-award-bronze/image"
    assert client.get(badge["image"].removeprefix("http://localhost")).mimetype == "image/svg+xml"


def test_a_person_badge_is_a_hashed_email_and_their_name_only_if_they_show_it(app, client, png_badge):
    user = make_user(email="ada@library.example", name="Ada Lovelace", now=NOW)
    uid = issue_to_person(png_badge, user)
    recipient = client.get(f"/badges/awards/{uid}.json").get_json()["recipient"]
    assert recipient["type"] == "email" and recipient["hashed"] is True
    assert verify_hashed_email(recipient["identity"], "ada@library.example", recipient["salt"])
    page = client.get(f"/badges/awards/{uid}").get_data(as_text=True)
    assert "STEM Outreach for Libraries" in page and "Valid." in page and "Ada Lovelace" not in page
    user.show_name_publicly = True
    db.session.commit()
    assert "Ada Lovelace" in app.test_client().get(f"/badges/awards/{uid}").get_data(as_text=True)


def test_issuing_twice_for_one_source_gives_one_award(app, png_badge):
    user = make_user(now=NOW)
    first = issue_to_person(png_badge, user, "programme:stem:user:1")
    second = issue_to_person(png_badge, user, "programme:stem:user:1", now=NOW + timedelta(days=1))
    assert first == second
    assert count(StandaloneAward) == 1 and count(StandaloneBadgeClass) == 1
    assert awards.standalone_award(first).issued_on == NOW


def test_two_calls_at_the_same_moment_make_one_award_and_both_get_its_uid(app, png_badge):
    """Both have read "not issued yet" and meet at the INSERT: the unique source decides."""
    user = make_user(now=NOW)
    issue_to_person(png_badge, user, "earlier")  # the badge class exists: the race is the award's alone
    uids, errors = [], []

    def issue() -> None:
        try:
            with app.app_context():
                uids.append(issue_to_person(png_badge, user, "race"))
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    with meeting_at("INSERT INTO STANDALONE_AWARDS"):
        threads = [threading.Thread(target=issue) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == [] and len(uids) == 2 and uids[0] == uids[1]
    assert db.session.scalar(select(func.count()).select_from(StandaloneAward).where(StandaloneAward.source == "race")) == 1


def test_the_view_names_every_address(app, svg_badge):
    uid = issue_to_school(svg_badge)
    view = awards.standalone_award(uid)
    assert view.recipient_name == "St Mary's National School" and view.recipient_url == SCHOOL
    assert view.page_url == f"http://localhost/badges/awards/{uid}"
    assert view.assertion_url == f"http://localhost/badges/awards/{uid}.json"
    assert view.baked_image_url == f"http://localhost/badges/awards/{uid}.svg"
    assert view.credential_url == f"http://localhost/badges/awards/{uid}/credential.json"
    assert view.image_url == "http://localhost/badges/standalone/stem-award-bronze/image"
    assert view.evidence[0] == awards.EvidenceItem(name="STEM activities in the last year", narrative="Science week, a maker club.")
    assert view.revoked_at is None and view.issued_on == NOW


def test_a_persons_awards_are_listed_newest_first(app, png_badge, svg_badge):
    user, other = make_user(now=NOW), make_user(now=NOW)
    older = issue_to_person(png_badge, user, "a")
    newer = issue_to_person(svg_badge, user, "b", now=NOW + timedelta(days=2))
    issue_to_person(png_badge, other, "c")
    issue_to_school(svg_badge)
    assert [view.uid for view in awards.standalone_awards_of_user(user.id)] == [newer, older]
    assert awards.standalone_awards_of_user(123456) == []


@pytest.mark.parametrize("ext", ["png", "svg"])
def test_the_baked_image_carries_the_assertion(app, client, png_badge, svg_badge, ext):
    uid = issue_to_school(png_badge if ext == "png" else svg_badge)
    response = client.get(f"/badges/awards/{uid}.{ext}?download=1")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    baked = json.loads(baking.unbake(response.data))
    assert baked["id"] == f"http://localhost/badges/awards/{uid}.json" and baked["recipient"]["identity"] == SCHOOL
    other = "svg" if ext == "png" else "png"
    assert client.get(f"/badges/awards/{uid}.{other}").status_code == 404


def test_revocation_is_public_in_the_page_the_assertion_and_the_list(app, client, svg_badge):
    uid = issue_to_school(svg_badge)
    awards.revoke_standalone("organisation-award:1", reason="Evidence found to be copied.", now=NOW + timedelta(days=3))
    db.session.commit()
    response = client.get(f"/badges/awards/{uid}.json")
    assert response.status_code == 410 and response.get_json()["revoked"] is True
    page = client.get(f"/badges/awards/{uid}")
    assert page.status_code == 410 and "Evidence found to be copied." in page.get_data(as_text=True)
    assert client.get(f"/badges/awards/{uid}.svg").status_code == 410
    listed = client.get("/badges/revocations.json").get_json()["revokedAssertions"]
    assert listed == [{"id": f"http://localhost/badges/awards/{uid}.json", "revocationReason": "Evidence found to be copied."}]
    view = awards.standalone_award(uid)
    assert view.revoked_at == NOW + timedelta(days=3) and view.revocation_reason == "Evidence found to be copied."
    awards.revoke_standalone("organisation-award:1", reason="Again", now=NOW + timedelta(days=4))  # once only
    assert awards.standalone_award(uid).revocation_reason == "Evidence found to be copied."


def test_revoking_needs_a_known_source_and_a_reason(app, svg_badge):
    issue_to_school(svg_badge)
    with pytest.raises(NotFound):
        awards.revoke_standalone("organisation-award:2", reason="x", now=NOW)
    with pytest.raises(NotFound):
        awards.revoke_standalone("bad\x00source", reason="x", now=NOW)
    with pytest.raises(ValidationError):
        awards.revoke_standalone("organisation-award:1", reason="  ", now=NOW)


@pytest.mark.parametrize("uid", ["nope", "x" * 41, "a\x00b", ""])
def test_an_unknown_or_odd_uid_is_not_found(app, svg_badge, uid):
    issue_to_school(svg_badge)
    with pytest.raises(NotFound):
        awards.standalone_award(uid)


@pytest.mark.parametrize("path", ["/badges/awards/nope", "/badges/awards/nope.json", "/badges/awards/nope.png",
                                  "/badges/awards/%00.json", "/badges/awards/" + "x" * 500,
                                  "/badges/awards/nope/credential.json", "/badges/standalone/nope.json",
                                  "/badges/standalone/nope/image", "/badges/standalone/nope/achievement.json"])
def test_unknown_addresses_are_404(app, client, svg_badge, path):
    issue_to_school(svg_badge)
    assert client.get(path).status_code in (400, 404)


@pytest.mark.parametrize("recipient, field", [
    (awards.Recipient(name="School", url="ftp://school.example"), "url"),
    (awards.Recipient(name="School", url="javascript:alert(1)"), "url"),
    (awards.Recipient(name="", url="https://school.example"), "name"),
    (awards.Recipient(name="School\x00", url="https://school.example"), "name"),
    (awards.Recipient(name="x" * 201, url="https://school.example"), "name"),
    (awards.Recipient(name="Nobody"), "recipient"),
])
def test_a_bad_recipient_is_refused_and_nothing_is_made(app, svg_badge, recipient, field):
    with pytest.raises(ValidationError) as refused:
        awards.issue_standalone("s", svg_badge, recipient, [], now=NOW)
    assert refused.value.field == field
    assert count(StandaloneAward) == 0


def test_an_unknown_account_or_unreadable_image_is_refused(app, svg_badge, tmp_path):
    with pytest.raises(NotFound):
        awards.issue_standalone("s", svg_badge, awards.Recipient(name="Ghost", user_id=99999), [], now=NOW)
    (tmp_path / "not-an-image.png").write_text("hello")
    for image in (tmp_path / "missing.png", tmp_path / "not-an-image.png"):
        badge = awards.StandaloneBadge("b", "B", "d", "c", image)
        with pytest.raises(ValidationError) as refused:
            awards.issue_standalone("s", badge, school(), [], now=NOW)
        assert refused.value.field == "image"
    assert count(StandaloneAward) == 0


def test_reissuing_a_badge_class_brings_its_words_up_to_date(app, client, svg_badge):
    from dataclasses import replace

    issue_to_school(svg_badge)
    issue_to_school(replace(svg_badge, description="Now with a new description."), source="organisation-award:2")
    assert client.get("/badges/standalone/stem-award-bronze.json").get_json()["description"] == "Now with a new description."
    assert count(StandaloneBadgeClass) == 1


def test_the_badge_class_page_renders_its_criteria_as_markdown(app, client, png_badge):
    issue_to_person(png_badge, make_user(now=NOW))
    page = client.get("/badges/standalone/stem-outreach-libraries-programme").get_data(as_text=True)
    assert "<strong>required courses</strong>" in page and 'id="criteria"' in page


def test_an_operator_revokes_a_standalone_award_by_its_url(app, runner, svg_badge):
    uid = issue_to_school(svg_badge)
    result = runner.invoke(args=["badges", "revoke", f"http://localhost/badges/awards/{uid}", "--reason", "Closed school"])
    assert result.exit_code == 0, result.output
    assert awards.standalone_award(uid).revocation_reason == "Closed school"
    missing = runner.invoke(args=["badges", "revoke", "http://localhost/badges/awards/nope", "--reason", "x"])
    assert missing.exit_code != 0 and "No such badge award." in missing.output
