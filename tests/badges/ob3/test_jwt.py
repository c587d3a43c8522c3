import base64
import json
from datetime import UTC, datetime

import jwt as pyjwt
import pytest

from badges.ob3 import credentials, jwt, keys
from tests.badges.ob3.builders import METHOD, SEED, make_facts, resolve


def unsigned(**changes):
    return credentials.build_credential(make_facts(**changes))


def parts(token):
    return [json.loads(base64.urlsafe_b64decode(p + "==")) for p in token.split(".")[:2]]


def test_a_vc_jwt_has_an_eddsa_header_and_the_credential_as_payload():
    credential = unsigned(valid_until=datetime(2030, 1, 1, tzinfo=UTC))
    header, payload = parts(jwt.encode(credential, SEED, METHOD))
    assert header == {"alg": "EdDSA", "kid": METHOD, "typ": "JWT"}
    assert payload["iss"] == credential["issuer"]["id"] and payload["jti"] == credential["id"]
    assert payload["nbf"] == int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())
    assert payload["exp"] == int(datetime(2030, 1, 1, tzinfo=UTC).timestamp())
    assert {k: v for k, v in payload.items() if k not in jwt.CLAIMS} == credential


def test_decode_gives_back_the_credential():
    credential = unsigned()
    decoded, check = jwt.decode(jwt.encode(credential, SEED, METHOD), resolve)
    assert check.ok, check.reason
    assert decoded == credential


def test_a_tampered_payload_fails():
    token = jwt.encode(unsigned(), SEED, METHOD)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["name"] = "Something else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    credential, check = jwt.decode(f"{header}.{forged}.{signature}", resolve)
    assert credential is None and not check.ok and "signature does not match" in check.reason


def test_a_wrong_key_fails():
    token = jwt.encode(unsigned(), keys.new_private_key(), METHOD)
    credential, check = jwt.decode(token, resolve)
    assert credential is None and "signature does not match" in check.reason


def test_an_unknown_kid_fails_naming_it():
    _, check = jwt.decode(jwt.encode(unsigned(), SEED, "https://elsewhere.example/#k"), resolve)
    assert not check.ok and "https://elsewhere.example/#k" in check.reason


def test_another_algorithm_is_refused():
    token = pyjwt.encode({"iss": "x"}, "secret-secret-secret-secret-secret", algorithm="HS256",
                         headers={"kid": METHOD})
    _, check = jwt.decode(token, resolve)
    assert not check.ok and "HS256" in check.reason


def test_claims_that_disagree_with_the_credential_fail():
    credential = unsigned()
    payload = {**credential, **jwt.registered_claims(credential), "iss": "https://impostor.example/"}
    token = pyjwt.encode(payload, keys.private_key(SEED), algorithm="EdDSA", headers={"kid": METHOD})
    _, check = jwt.decode(token, resolve)
    assert not check.ok and "'iss'" in check.reason


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", "a.b", "x" * 2_000_000, "e30.e30.", None])
def test_garbage_is_a_failed_check_not_a_crash(token):
    credential, check = jwt.decode(token, resolve)
    assert credential is None and not check.ok and check.reason
