"""Both directions of the Open Badges 3.0 API, end to end over real HTTP on loopback, against the reference
wallet (tests/wallets/reference_wallet: written from the specification, its own process):

- a learner, in a real browser session (cookies, CSRF read from each page), sends a badge from My badges to
  the wallet, allows it on the wallet's page, and the wallet holds that very credential, whose Data
  Integrity proof verifies with the key the platform publishes;
- the wallet connects to the platform, the learner allows it on the platform's consent page, and the wallet
  pulls exactly that learner's credentials and profile; once the learner disconnects it on the account page,
  its token is refused and its refresh fails.

Where the platform strays from the specification the wallet notes the sentence it breaks; the tests named
``..._as_the_specification_says`` fail with those sentences."""

from __future__ import annotations

import json

import requests

from badges.ob3 import proofs
from tests.conftest import NOW
from tests.factories import make_awarded_badge, make_learner
from tests.wallets.real_http import Browser, ReferenceWallet

ADA = "ada@school.example"


def learner_with_badge(email: str = ADA, badge: str = "practice-basics"):
    """Awarded once the platform serves over HTTP, so that the signed credential names that address."""
    user = make_learner("practice", now=NOW, email=email, name="Ada Lovelace" if email == ADA else "Grace Hopper")
    return user, make_awarded_badge(user, badge, now=NOW)


def send_to_wallet(browser: Browser, platform: str, uid: str, wallet: ReferenceWallet, decision: str = "Allow"):
    """From My badges to the wallet's consent page and back: the page the learner ends on."""
    my_badges = browser.get(f"{platform}/my/badges")
    assert f"/my/badges/{uid}/wallet" in my_badges.text  # the "Send to my wallet" link of this badge
    form_page = browser.get(f"{platform}/my/badges/{uid}/wallet")
    at_wallet = browser.submit(form_page, "Continue to my wallet", {"wallet": wallet.url})
    assert at_wallet.url.startswith(f"{wallet.url}/authorize?"), at_wallet.text[:2000]
    return at_wallet, browser.submit(at_wallet, decision)


def resolve_over_http(verification_method: str):
    """The issuer's key as any verifier gets it: the Multikey document at the verificationMethod's URL."""
    answer = requests.get(verification_method, timeout=30)
    assert answer.status_code == 200, verification_method
    return answer.json()


def test_a_badge_sent_from_my_badges_is_held_by_the_wallet_and_its_proof_verifies(app, practice, platform,
                                                                                reference_wallet, stopwatch):
    _, assertion = learner_with_badge()
    browser = Browser()
    browser.log_in(platform, ADA)
    with stopwatch("push: Send to my wallet, consent at the wallet, back on My badges"):
        consent_page, back = send_to_wallet(browser, platform, assertion.uid, reference_wallet)
    assert "STEM Academy" in consent_page.text and "add badges to your wallet" in consent_page.text
    assert back.status_code == 200 and back.url.startswith(f"{platform}/my/badges")
    assert "is now in your wallet (Reference Wallet)" in back.text

    held = reference_wallet.received()["credentials"]
    assert len(held) == 1 and held[0]["kind"] == "json" and held[0]["pushed_by"] == "STEM Academy"
    downloaded = browser.get(f"{platform}/my/badges/{assertion.uid}/credential.json").text
    assert held[0]["text"] == downloaded  # the signed bytes kept at award time, unchanged on the way
    credential = json.loads(held[0]["text"])
    assert credential["issuer"]["id"].startswith(platform + "/")
    method = credential["proof"]["verificationMethod"]
    key = resolve_over_http(method)
    assert key["controller"] == credential["issuer"]["id"]
    assert proofs.check_proof(credential, lambda url: key if url == method else None).ok
    tampered = {**credential, "name": "Nobel prize"}
    assert not proofs.check_proof(tampered, lambda url: key if url == method else None).ok


def test_sending_the_same_badge_again_replaces_it_in_the_wallet(app, practice, platform, reference_wallet):
    _, assertion = learner_with_badge()
    browser = Browser()
    browser.log_in(platform, ADA)
    for _ in range(2):
        _, back = send_to_wallet(browser, platform, assertion.uid, reference_wallet)
        assert "is now in your wallet" in back.text
    held = reference_wallet.received()
    assert len(held["credentials"]) == 1 and held["credentials"][0]["times_received"] == 2
    assert len(held["clients"]) == 1  # the platform registered with the wallet once


def test_a_learner_who_denies_at_the_wallet_is_told_and_the_wallet_holds_nothing(app, practice, platform,
                                                                               reference_wallet):
    _, assertion = learner_with_badge()
    browser = Browser()
    browser.log_in(platform, ADA)
    _, back = send_to_wallet(browser, platform, assertion.uid, reference_wallet, decision="Deny")
    assert back.status_code == 200 and "was not sent to your wallet (Reference Wallet)" in back.text
    assert reference_wallet.received()["credentials"] == []


def test_the_platform_pushes_as_the_specification_says(app, practice, platform, reference_wallet):
    _, assertion = learner_with_badge()
    browser = Browser()
    browser.log_in(platform, ADA)
    send_to_wallet(browser, platform, assertion.uid, reference_wallet)
    assert len(reference_wallet.received()["credentials"]) == 1
    findings = reference_wallet.findings()
    assert findings == [], "\n".join(f"{f['step']}: {f['detail']}\n  spec: {f['spec']}" for f in findings)


# The wallet pulls from the platform -------------------------------------------------------------------------

def connect_wallet(browser: Browser, platform: str, wallet: ReferenceWallet, decision: str = "Allow", **options):
    """The wallet asks to connect; the learner answers on the platform's consent page; the wallet's own page
    after the callback. Returns (connection id, consent page, the wallet's page)."""
    started = wallet.connect(platform, **options)
    assert "authorization_url" in started, started
    consent = browser.get(started["authorization_url"])
    assert consent.status_code == 200 and consent.url.startswith(platform), consent.text[:2000]
    return started["connection"], consent, browser.submit(consent, decision)


def downloads(browser: Browser, platform: str, uids) -> tuple[dict, set]:
    """The learner's own credentials, as My badges hands them out: {id: JSON credential}, {VC-JWT}."""
    documents = [browser.get(f"{platform}/my/badges/{uid}/credential.json").json() for uid in uids]
    return {document["id"]: document for document in documents}, \
        {browser.get(f"{platform}/my/badges/{uid}/credential.jwt").text for uid in uids}


def connection(wallet: ReferenceWallet, connection_id: str) -> dict:
    return next(item for item in wallet.pulled() if item["id"] == connection_id)


def test_the_wallet_pulls_exactly_the_learner_s_credentials_and_profile_after_consent(app, practice, platform,
                                                                                      reference_wallet, stopwatch):
    ada, basics = learner_with_badge()
    graduate = make_awarded_badge(ada, "practice", now=NOW)
    _, other = learner_with_badge("grace@school.example")
    browser, grace = Browser(), Browser()
    browser.log_in(platform, ADA)
    grace.log_in(platform, "grace@school.example")
    with stopwatch("pull: connect, consent on the platform, every page (1 per page) and the profile"):
        connection_id, consent, at_wallet = connect_wallet(browser, platform, reference_wallet, page_size=1)
    assert "Reference Wallet" in consent.text and ADA in consent.text
    assert at_wallet.url.startswith(f"{reference_wallet.url}/callback") and "Connected: 2 credential" in at_wallet.text

    pulled = connection(reference_wallet, connection_id)
    mine, my_jwts = downloads(browser, platform, [basics.uid, graduate.uid])
    theirs, their_jwts = downloads(grace, platform, [other.uid])
    assert {credential["id"] for credential in pulled["credentials"]} == set(mine)
    assert not set(theirs) & {credential["id"] for credential in pulled["credentials"]}
    assert set(pulled["compact_jws"]) == my_jwts and not their_jwts & set(pulled["compact_jws"])
    assert pulled["total_count"] == 2 and len(pulled["pages"]) == 2 and "next" in pulled["pages"][0]["links"]
    for credential in pulled["credentials"]:
        assert credential == mine[credential["id"]]  # as signed, nothing added or lost
        method = credential["proof"]["verificationMethod"]
        key = resolve_over_http(method)
        assert proofs.check_proof(credential, lambda url, key=key, method=method: key if url == method else None).ok
    profile = pulled["profile"]
    assert profile["name"] == "Ada Lovelace" and ADA in json.dumps(profile) and "grace" not in json.dumps(profile)
    print(f"[figure] pull, the wallet's side (token, 2 pages, profile): {pulled['seconds'] * 1000:.0f} ms")


def test_a_learner_who_denies_on_the_consent_page_gives_the_wallet_nothing(app, practice, platform,
                                                                           reference_wallet):
    learner_with_badge()
    browser = Browser()
    browser.log_in(platform, ADA)
    connection_id, _, at_wallet = connect_wallet(browser, platform, reference_wallet, decision="Deny")
    assert "access_denied" in at_wallet.text
    pulled = connection(reference_wallet, connection_id)
    assert pulled["status"] == "denied" and pulled["credentials"] == [] and pulled["profile"] is None
    assert "No wallet is connected." in browser.get(f"{platform}/account").text


def test_once_disconnected_on_the_account_page_the_wallet_is_refused_and_cannot_refresh(app, practice, platform,
                                                                                       reference_wallet):
    learner_with_badge()
    browser = Browser()
    browser.log_in(platform, ADA)
    connection_id, _, _ = connect_wallet(browser, platform, reference_wallet)
    refreshed = reference_wallet.refresh(connection_id)
    assert refreshed == {"status": 200, "rotated": True}
    assert reference_wallet.pull(connection_id)["status"] == 200  # the new access token works

    account = browser.get(f"{platform}/account")
    assert "Reference Wallet" in account.text
    after = browser.submit(account, "Disconnect Reference Wallet")
    assert after.status_code == 200 and "No wallet is connected." in after.text

    refused = reference_wallet.pull(connection_id)
    assert refused["status"] == 401 and refused["www_authenticate"].startswith("Bearer")
    refresh = reference_wallet.refresh(connection_id)
    assert refresh["status"] == 400 and refresh["body"]["error"] == "invalid_grant", refresh


def test_the_platform_provides_as_the_specification_says(app, practice, platform, reference_wallet):
    ada, _ = learner_with_badge()
    make_awarded_badge(ada, "practice", now=NOW)
    browser = Browser()
    browser.log_in(platform, ADA)
    connection_id, _, _ = connect_wallet(browser, platform, reference_wallet, page_size=1)
    assert connection(reference_wallet, connection_id)["status"] == "connected"
    browser.submit(browser.get(f"{platform}/account"), "Disconnect Reference Wallet")
    assert reference_wallet.pull(connection_id)["status"] == 401
    findings = reference_wallet.findings()
    assert findings == [], "\n".join(f"{f['step']}: {f['detail']}\n  spec: {f['spec']}" for f in findings)
