"""Public badge documents as caches and backpacks meet them: every one carries a strong ETag and
a public Cache-Control, a repeat fetch naming that ETag is a 304 without a body (answered from one
read, nothing built), and whatever changes a document (a revocation, the holder's choice to show
their name, a setting) changes its ETag, so no cache keeps the old one past its short max-age."""

from __future__ import annotations

import json
import shutil

import pytest

from badges import baking
from tests.conftest import NOW, submit
from tests.factories import make_awarded_badge, make_learner, make_learner_client

AWARD_MAX_AGE = "public, max-age=60"  # what a revocation may take to reach every cache
STABLE_MAX_AGE = "public, max-age=3600"


@pytest.fixture
def uid(app, practice) -> str:
    return make_awarded_badge(make_learner("practice", now=NOW, name="Ada Lovelace"), "practice-basics", now=NOW).uid


def documents(uid: str) -> dict[str, str]:
    """Each public document's address and the Cache-Control it is served with."""
    return {
        f"/badges/assertions/{uid}.json": AWARD_MAX_AGE, f"/badges/assertions/{uid}": AWARD_MAX_AGE,
        f"/badges/assertions/{uid}.png": AWARD_MAX_AGE, f"/badges/assertions/{uid}.svg": AWARD_MAX_AGE,
        f"/badges/assertions/{uid}.jws": AWARD_MAX_AGE, "/badges/revocations.json": AWARD_MAX_AGE,
        "/badges/classes/practice-basics.json": STABLE_MAX_AGE, "/badges/classes/practice-basics": STABLE_MAX_AGE,
        "/badges/issuer.json": STABLE_MAX_AGE, "/badges/issuer": STABLE_MAX_AGE, "/badges/keys/1.json": STABLE_MAX_AGE,
        "/badges/classes/practice-basics/image": "public, max-age=86400",
    }


def revalidate(client, path: str, etag: str):
    return client.get(path, headers={"If-None-Match": etag})


def revoke(runner, uid: str) -> None:
    result = runner.invoke(args=["badges", "revoke", uid, "--reason", "Awarded in error"])
    assert result.exit_code == 0, result.output


def test_every_public_document_has_a_strong_etag_and_a_repeat_fetch_is_a_304_without_a_body(app, uid, count_queries):
    stranger = app.test_client()
    for path, cache_control in documents(uid).items():
        first = stranger.get(path)
        assert first.status_code == 200, path
        etag, weak = first.get_etag()
        assert etag and not weak, path
        assert first.headers["Cache-Control"] == cache_control, path
        with count_queries() as queries:
            again = revalidate(stranger, path, first.headers["ETag"])
        assert again.status_code == 304 and again.data == b"", path
        assert again.headers["ETag"] == first.headers["ETag"] and again.headers["Cache-Control"] == cache_control, path
        assert len(queries) <= 1, f"{path} ran {len(queries)} statements to say nothing changed:\n" + "\n".join(queries)
        assert stranger.get(path, headers={"If-None-Match": '"another"'}).data == first.data, path


def test_an_award_is_served_from_one_statement_and_the_same_bytes_each_time(app, uid, count_queries):
    stranger = app.test_client()
    for path in (f"/badges/assertions/{uid}.json", f"/badges/assertions/{uid}.png", f"/badges/assertions/{uid}"):
        first = stranger.get(path).data
        with count_queries() as queries:
            assert stranger.get(path).data == first
        assert len(queries) == 1, "\n".join(queries)
    baked = json.loads(baking.unbake(stranger.get(f"/badges/assertions/{uid}.png").data))
    assert baked == stranger.get(f"/badges/assertions/{uid}.json").get_json()


def test_a_revocation_changes_every_etag_it_touches_so_no_revalidation_keeps_the_badge_valid(app, uid, runner):
    stranger = app.test_client()
    page = f"/badges/assertions/{uid}"
    paths = [f"/badges/assertions/{uid}.json", f"/badges/assertions/{uid}.png", f"/badges/assertions/{uid}.svg",
             f"/badges/assertions/{uid}.jws"]
    before = {path: stranger.get(path).headers["ETag"] for path in paths + [page, "/badges/revocations.json"]}
    revoke(runner, uid)
    for path in paths:
        response = revalidate(stranger, path, before[path])
        assert response.status_code == 410, path
        assert response.get_json()["revoked"] is True and response.get_json()["revocationReason"] == "Awarded in error", path
        assert response.headers["Cache-Control"] == AWARD_MAX_AGE, path
    revoked_page = revalidate(stranger, page, before[page])
    assert revoked_page.status_code == 410 and "Revoked" in revoked_page.get_data(as_text=True)
    listing = revalidate(stranger, "/badges/revocations.json", before["/badges/revocations.json"])
    assert listing.status_code == 200 and listing.headers["ETag"] != before["/badges/revocations.json"]
    assert [entry["id"] for entry in listing.get_json()["revokedAssertions"]] == [f"http://localhost/badges/assertions/{uid}.json"]


def test_the_holder_showing_their_name_changes_the_public_page(app, practice):
    user, client = make_learner_client(app, "practice", now=NOW, name="Ada Lovelace")
    uid = make_awarded_badge(user, "practice-basics", now=NOW).uid
    stranger = app.test_client()
    hidden = stranger.get(f"/badges/assertions/{uid}")
    assert "Ada Lovelace" not in hidden.get_data(as_text=True)
    submit(client, "/my/badges", {"show_name": "1"})
    shown = revalidate(stranger, f"/badges/assertions/{uid}", hidden.headers["ETag"])
    assert shown.status_code == 200 and "Ada Lovelace" in shown.get_data(as_text=True)
    assert shown.headers["ETag"] != hidden.headers["ETag"]


def test_a_logged_in_visitors_page_is_private_and_strangers_never_get_their_header(app, practice):
    user, client = make_learner_client(app, "practice", now=NOW)
    uid = make_awarded_badge(user, "practice-basics", now=NOW).uid
    for path in (f"/badges/assertions/{uid}", "/badges/classes/practice-basics", "/badges/issuer"):
        own = client.get(path)
        assert "Log out" in own.get_data(as_text=True)
        assert own.headers["Cache-Control"] == "private, no-cache" and "ETag" not in own.headers, path
        public = app.test_client().get(path)
        assert "Log out" not in public.get_data(as_text=True) and "Log in" in public.get_data(as_text=True), path
        assert "Cookie" in public.headers["Vary"], path
        assert "Log out" in client.get(path).get_data(as_text=True), path


def test_the_settings_a_document_shows_are_part_of_its_etag(app, uid):
    stranger = app.test_client()
    paths = [f"/badges/assertions/{uid}.json", f"/badges/assertions/{uid}.png", "/badges/issuer.json",
             "/badges/classes/practice-basics.json"]
    before = {path: stranger.get(path).headers["ETag"] for path in paths}
    app.config["BASE_URL"] = "https://badges.example.org"
    for path in paths:
        response = revalidate(stranger, path, before[path])
        assert response.status_code == 200 and response.headers["ETag"] != before[path], path
    assert stranger.get(f"/badges/assertions/{uid}.json").get_json()["id"] == f"https://badges.example.org/badges/assertions/{uid}.json"
    issuer = stranger.get("/badges/issuer.json").get_json()
    assert issuer["revocationList"] == "https://badges.example.org/badges/revocations.json"


def test_new_artwork_changes_the_baked_image(app, uid, tmp_path):
    stranger = app.test_client()
    before = stranger.get(f"/badges/assertions/{uid}.svg")
    content = tmp_path / "content"
    shutil.copytree(app.config["CONTENT_DIR"], content)
    artwork = content / "practice" / "badges" / "basics.svg"
    artwork.write_text(artwork.read_text().replace("</svg>", "<circle r='1'/></svg>"))
    app.config["CONTENT_DIR"] = str(content)
    after = revalidate(stranger, f"/badges/assertions/{uid}.svg", before.headers["ETag"])
    assert after.status_code == 200 and b'<circle r="1"/>' in after.data
    assert after.headers["ETag"] != before.headers["ETag"]


def test_no_public_answer_carries_a_visitors_cookie(app, practice):
    user, client = make_learner_client(app, "practice", now=NOW)
    uid = make_awarded_badge(user, "practice-basics", now=NOW).uid
    for path in documents(uid):  # a logged-in browser fetching the documents: nothing of theirs in them
        response = client.get(path)
        assert "Set-Cookie" not in response.headers, path
        if response.headers["Cache-Control"].startswith("public") and response.mimetype == "text/html":
            assert "Log out" not in response.get_data(as_text=True), path
    visitor = app.test_client()
    visitor.get("/login")  # not logged in, but carrying a session (its form token)
    page = visitor.get(f"/badges/assertions/{uid}")
    assert page.headers["Cache-Control"] == "private, no-cache"  # its answer may renew that cookie: theirs alone
    assert app.test_client().get(f"/badges/assertions/{uid}").headers["Cache-Control"] == AWARD_MAX_AGE
