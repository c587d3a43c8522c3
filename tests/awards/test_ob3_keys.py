"""Open Badges 3.0 issuer keys: stored encrypted, rotated, every key published (Multikey, JWK, JWKS)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from badges.ob3 import keys
from lms.awards import issuer_keys
from lms.awards.models import IssuerKey
from lms.core.extensions import db
from tests.conftest import NOW


def rotate(runner) -> IssuerKey:
    result = runner.invoke(args=["badges", "rotate-key"])
    assert result.exit_code == 0, result.output
    return db.session.scalars(select(IssuerKey).order_by(IssuerKey.id.desc())).first()


def test_the_seed_is_stored_encrypted_and_read_back(app):
    key = issuer_keys.signing_key(now=NOW)
    seed = issuer_keys.seed_of(key)
    assert len(seed) == 32 and keys.public_key(seed).hex() == key.public_key
    assert seed.hex() not in key.encrypted_seed and key.encrypted_seed.startswith("gAAAA")  # a Fernet token


def test_a_dedicated_secret_encrypts_the_seeds_when_configured(app):
    key = issuer_keys.signing_key(now=NOW)
    app.config["BADGE_KEY_SECRET"] = "another secret from the environment"
    again = issuer_keys.rotate_key(now=NOW + timedelta(days=1))
    assert keys.public_key(issuer_keys.seed_of(again)).hex() == again.public_key
    try:
        issuer_keys.seed_of(key)  # sealed under SECRET_KEY: unreadable under the dedicated secret
    except Exception as error:  # noqa: BLE001
        assert type(error).__name__ == "InvalidToken"
    else:
        raise AssertionError("a seed opened under another secret")


def test_rotation_makes_a_new_signing_key_and_keeps_the_old_ones_resolvable(app, runner, client):
    first = rotate(runner)
    second = rotate(runner)
    db.session.refresh(first)
    assert first.retired_at is not None and second.retired_at is None
    assert issuer_keys.signing_key(now=NOW).kid == second.kid
    for key in (first, second):
        multikey = client.get(f"/badges/issuer/keys/{key.kid}.json").get_json()
        assert multikey["type"] == "Multikey" and multikey["id"] == f"http://localhost/badges/issuer/keys/{key.kid}.json"
        assert keys.from_multikey(multikey["publicKeyMultibase"]).hex() == key.public_key
        assert multikey["controller"] == "http://localhost/badges/issuer/ob3.json"
        jwk = client.get(f"/badges/issuer/keys/{key.kid}.jwk").get_json()
        assert keys.from_jwk(jwk).hex() == key.public_key and jwk["kid"] == multikey["id"]
    jwks = client.get("/badges/issuer/jwks.json").get_json()
    assert [k["kid"] for k in jwks["keys"]] == [f"http://localhost/badges/issuer/keys/{k.kid}.json" for k in (first, second)]
    assert client.get("/badges/issuer/keys/nope.json").status_code == 404


def test_no_response_carries_a_private_seed(app, runner, client):
    key = rotate(runner)
    seed = issuer_keys.seed_of(key)
    secrets = {seed.hex(), keys.jwk(keys.public_key(seed))["x"], key.encrypted_seed}
    import base64
    secrets.add(base64.urlsafe_b64encode(seed).rstrip(b"=").decode())
    for url in ("/badges/issuer/ob3.json", "/badges/issuer/jwks.json", f"/badges/issuer/keys/{key.kid}.json",
                f"/badges/issuer/keys/{key.kid}.jwk"):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 200
        assert '"d"' not in body and key.encrypted_seed not in body
        assert seed.hex() not in body and base64.urlsafe_b64encode(seed).rstrip(b"=").decode() not in body


def test_the_issuer_profile_is_open_badges_3(app, client):
    profile = client.get("/badges/issuer/ob3.json").get_json()
    assert profile["type"] == ["Profile"] and profile["id"] == "http://localhost/badges/issuer/ob3.json"
    assert profile["@context"][0] == "https://www.w3.org/ns/credentials/v2" and profile["name"] == app.config["BADGE_ISSUER_NAME"]
