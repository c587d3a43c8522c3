import copy
import json
import time
from datetime import UTC, datetime

import pytest

from badges.identity import hash_email
from badges.ob3 import baking, credentials, data, jwt, keys, proofs
from badges.ob3.verify import verify
from tests.badges.ob3.builders import EMAIL, ISSUER, METHOD, SEED, make_facts, resolve, signed

NOW = datetime(2025, 6, 1, tzinfo=UTC)


def not_revoked(status):
    return False


def run(document, *, read_status=not_revoked, now=NOW, email=None, resolver=resolve):
    return verify(document, resolve_public_key=resolver, read_status=read_status, now=now, email=email)


def by_name(report):
    return {check.name: check for check in report.checks}


def test_a_signed_credential_passes_every_check():
    report = run(signed(), email=EMAIL)
    assert report.ok, report.failures()
    assert set(by_name(report)) == {"issuer key", "proof", "status", "validity", "schema", "recipient"}
    assert report.format == "embedded" and report.key_id == METHOD


def test_a_vc_jwt_and_json_text_pass_too():
    credential = credentials.build_credential(make_facts())
    report = run(jwt.encode(credential, SEED, METHOD), email=EMAIL)
    assert report.ok, report.failures()
    assert report.format == "jwt" and report.credential == credential
    assert run(json.dumps(signed())).ok


def test_a_credential_unbaked_from_an_image_verifies():
    svg = baking.bake_svg(b'<svg xmlns="http://www.w3.org/2000/svg"/>', json.dumps(signed()))
    assert run(baking.unbake_svg(svg)).ok


def test_the_1edtech_published_credential_verifies_with_its_key():
    vector = data.test_vector()
    report = run(vector["credential"], resolver=lambda key_id: bytes.fromhex(vector["publicKeyHex"]))
    assert report.ok, report.failures()


def test_a_tampered_credential_fails_the_proof():
    credential = signed()
    credential["name"] = "Rocket science"
    report = run(credential)
    assert not report.ok and [c.name for c in report.failures()] == ["proof"]
    assert "signature does not match" in by_name(report)["proof"].reason


def test_an_unknown_key_fails_issuer_key_and_proof():
    report = run(signed(), resolver=lambda key_id: None)
    assert {c.name for c in report.failures()} == {"issuer key", "proof"}
    assert "not known" in by_name(report)["issuer key"].reason


def test_a_key_of_someone_else_fails_the_issuer_key_check():
    other = "https://impostor.example/issuer#key-1"
    credential = proofs.add_proof(credentials.build_credential(make_facts()), SEED, other, "2024-01-01T00:00:00Z")
    report = run(credential, resolver=lambda key_id: keys.public_key(SEED))
    assert by_name(report)["proof"].ok
    check = by_name(report)["issuer key"]
    assert not check.ok and "is not one of the issuer" in check.reason


def test_a_revoked_credential_fails_the_status_check():
    seen = []
    report = run(signed(), read_status=lambda status: seen.append(status) or True)
    assert seen == [{"id": "https://lms.example/ob3/status/7", "type": "1EdTechRevocationList"}]
    assert [c.name for c in report.failures()] == ["status"] and "revoked" in report.failures()[0].reason


def test_an_unreadable_status_fails_with_a_reason():
    report = run(signed(), read_status=lambda status: None)
    assert "could not be read" in by_name(report)["status"].reason


def test_no_credential_status_is_fine():
    assert by_name(run(signed(status=None)))["status"].ok


def test_before_valid_from_fails():
    report = run(signed(), now=datetime(2023, 12, 31, tzinfo=UTC))
    assert [c.name for c in report.failures()] == ["validity"] and "not valid before" in report.failures()[0].reason


def test_after_valid_until_fails():
    credential = signed(valid_until=datetime(2025, 1, 1, tzinfo=UTC))
    report = run(credential)
    assert [c.name for c in report.failures()] == ["validity"] and "expired" in report.failures()[0].reason
    assert run(credential, now=datetime(2024, 12, 31, tzinfo=UTC)).ok


def test_an_expired_vc_jwt_is_judged_at_now_not_the_wall_clock():
    token = jwt.encode(credentials.build_credential(make_facts(valid_until=datetime(2025, 1, 1, tzinfo=UTC))),
                       SEED, METHOD)
    assert run(token, now=datetime(2024, 6, 1, tzinfo=UTC)).ok
    assert [c.name for c in run(token).failures()] == ["validity"]


def test_a_schema_problem_fails_the_schema_check_naming_the_field():
    credential = credentials.build_credential(make_facts())
    del credential["credentialSubject"]["achievement"]["criteria"]
    report = run(proofs.add_proof(credential, SEED, METHOD, "2024-01-01T00:00:00Z"))
    assert [c.name for c in report.failures()] == ["schema"] and "criteria" in report.failures()[0].reason


def test_another_email_fails_the_recipient_check():
    report = run(signed(), email="eve@example.org")
    assert [c.name for c in report.failures()] == ["recipient"]
    assert run(signed(), email="  ADA@example.org ").ok


def test_a_plain_email_identifier_is_compared_too():
    credential = credentials.build_credential(make_facts())
    credential["credentialSubject"]["identifier"] = [
        {"type": "IdentityObject", "identityHash": EMAIL, "identityType": "emailAddress", "hashed": False}]
    assert by_name(run(credential, email=EMAIL))["recipient"].ok


def test_the_recipient_salt_matters():
    identity, _ = hash_email(EMAIL, "another-salt")
    credential = signed(recipient_identity=identity)
    assert not by_name(run(credential, email=EMAIL))["recipient"].ok


@pytest.mark.parametrize("document", ["", "not a badge", "{", "[1, 2]", "{}", 42, "x" * 2_000_000, "a.b.c",
                                      {"issuer": 5, "validFrom": "yesterday", "credentialSubject": [1],
                                       "credentialStatus": "x", "proof": {"cryptosuite": "eddsa-rdfc-2022"}}])
def test_odd_documents_fail_with_reasons_never_crash(document):
    report = run(document, email=EMAIL)
    assert not report.ok and all(check.reason for check in report.failures())


def test_now_must_be_aware():
    with pytest.raises(ValueError):
        run(signed(), now=datetime(2025, 1, 1))


def test_figures_sign_and_verify_time_per_credential():
    credential = credentials.build_credential(make_facts())
    start = time.perf_counter()
    for n in range(20):
        secured = proofs.add_proof(credential, SEED, METHOD, "2024-01-01T00:00:00Z")
    signing = (time.perf_counter() - start) / 20
    start = time.perf_counter()
    for n in range(20):
        assert run(copy.deepcopy(secured)).ok
    verifying = (time.perf_counter() - start) / 20
    print(f"\nsign {signing * 1000:.1f} ms, verify (all checks) {verifying * 1000:.1f} ms per credential")
    assert signing < 1 and verifying < 1
    assert ISSUER in secured["proof"]["verificationMethod"]


@pytest.mark.parametrize("depth", [100, 500, 5000, 200_000])
def test_deeply_nested_documents_fail_the_format_check(depth):
    text = '{"credentialSubject": ' + '{"a": ' * depth + "1" + "}" * (depth + 1)
    report = run(text[:1_000_000])
    assert [c.name for c in report.checks] == ["format"]


def test_a_deeply_nested_vc_jwt_payload_fails_the_proof_check():
    import jwt as pyjwt

    payload = {"iss": ISSUER}
    inner = payload
    for _ in range(300):
        inner["a"] = {}
        inner = inner["a"]
    token = pyjwt.encode(payload, keys.private_key(SEED), algorithm="EdDSA", headers={"kid": METHOD})
    report = run(token)
    assert not report.ok and "deeper" in report.checks[0].reason


def test_a_deep_document_given_to_check_proof_fails_with_a_reason():
    document = {"@context": ["https://www.w3.org/ns/credentials/v2"], "proof": signed()["proof"]}
    inner = document
    for _ in range(3000):
        inner["credentialSubject"] = {}
        inner = inner["credentialSubject"]
    check = proofs.check_proof(document, resolve)
    assert not check.ok and check.reason


def test_credentials_with_values_swapped_for_odd_ones_fail_with_reasons_never_crash():
    import random

    rng = random.Random(18)
    base = signed()

    def paths(value, path=()):
        yield path
        children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
        for key, child in children:
            yield from paths(child, (*path, key))

    every = [path for path in paths(base) if path]
    odd = [None, 1, 1.5, True, [], {}, "x", "", "@id", {"@id": "x"}, ["a", 1], "2024-13-01",
           {"@context": "https://evil.example/"}, {"@type": "@json"}]
    for _ in range(200):
        document = copy.deepcopy(base)
        path = rng.choice(every)
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = rng.choice(odd)
        report = run(document, email=EMAIL)
        assert all(check.reason for check in report.failures())


def test_a_key_url_on_the_issuer_s_https_origin_is_the_issuer_s():
    method = "https://lms.example/ob3/keys/k2.json"
    credential = proofs.add_proof(credentials.build_credential(make_facts()), SEED, method, "2024-01-01T00:00:00Z")
    report = run(credential, resolver=lambda key_id: keys.public_key(SEED) if key_id == method else None)
    assert report.ok, report.failures()
    http = "http://lms.example/ob3/keys/k2.json"
    credential = proofs.add_proof(credentials.build_credential(make_facts()), SEED, http, "2024-01-01T00:00:00Z")
    assert not by_name(run(credential, resolver=lambda key_id: keys.public_key(SEED)))["issuer key"].ok


def test_a_resolved_multikey_document_s_controller_must_be_the_issuer():
    method = "https://keys.example/k.json"
    credential = proofs.add_proof(credentials.build_credential(make_facts()), SEED, method, "2024-01-01T00:00:00Z")
    ours = keys.verification_method(keys.public_key(SEED), ISSUER, method)
    assert run(credential, resolver=lambda key_id: ours).ok
    theirs = keys.verification_method(keys.public_key(SEED), "https://impostor.example/", method)
    check = by_name(run(credential, resolver=lambda key_id: theirs))["issuer key"]
    assert not check.ok and "https://impostor.example/" in check.reason


def test_a_resolver_may_answer_with_a_jwk_or_a_multikey_value():
    token = jwt.encode(credentials.build_credential(make_facts()), SEED, METHOD)
    assert run(token, resolver=lambda key_id: keys.jwk(keys.public_key(SEED))).ok
    assert run(signed(), resolver=lambda key_id: keys.multikey(keys.public_key(SEED))).ok
    bad = run(signed(), resolver=lambda key_id: {"kty": "RSA"})
    assert not by_name(bad)["proof"].ok and "Ed25519" in by_name(bad)["proof"].reason


def test_a_vc_jwt_baked_into_a_png_verifies_after_unbaking():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    token = jwt.encode(credentials.build_credential(make_facts()), SEED, METHOD)
    baked = baking.bake_png(buffer.getvalue(), token)
    report = run(baking.unbake_png(baked), email=EMAIL)
    assert report.ok and report.format == "jwt"
