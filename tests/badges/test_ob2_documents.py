"""badges/: Open Badges 2.0 documents, baking and signing, with no Flask and no database."""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from datetime import datetime, timezone

import pytest

from badges import baking, signing
from badges.ob2 import (
    CONTEXT, Alignment, AssertionData, BadgeClassData, Evidence, IssuerData, assertion, badge_class, cryptographic_key,
    issuer_profile, revocation_list, revoked_assertion,
)

BASE = "https://academy.example"
ISSUED = datetime(2017, 10, 16, 9, 30, tzinfo=timezone.utc)


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"\x00\xff\x00\x00"  # one red pixel
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4" cx="5" cy="5"/></svg>'


def make_assertion(**overrides) -> dict:
    data = dict(id=f"{BASE}/badges/assertions/abc.json", badge=f"{BASE}/badges/classes/m1.json",
                image=f"{BASE}/badges/assertions/abc.png", recipient_email="Ada@School.eu", salt="pepper",
                issued_on=ISSUED, evidence=(Evidence(narrative="Completed module 1.", id=f"{BASE}/e/1"),))
    data.update(overrides)
    return assertion(AssertionData(**data))


def test_issuer_profile_has_the_required_fields_and_its_revocation_list():
    doc = issuer_profile(IssuerData(id=f"{BASE}/badges/issuer.json", name="Academy", url=BASE, email="badges@academy.example",
                                    revocation_list=f"{BASE}/badges/revocations.json"))
    assert doc["@context"] == CONTEXT and doc["type"] == "Issuer"
    assert {k: doc[k] for k in ("id", "name", "url", "email", "revocationList")} == {
        "id": f"{BASE}/badges/issuer.json", "name": "Academy", "url": BASE, "email": "badges@academy.example",
        "revocationList": f"{BASE}/badges/revocations.json"}


def test_badge_class_carries_criteria_tags_and_alignment_to_outcomes():
    doc = badge_class(BadgeClassData(
        id=f"{BASE}/badges/classes/m1.json", issuer=f"{BASE}/badges/issuer.json", name="Module 1", description="d",
        image=f"{BASE}/badges/classes/m1/image", criteria_url=f"{BASE}/badges/classes/m1#criteria",
        criteria_narrative="Read every page and pass the quiz.", tags=("stem", "careers"),
        alignments=(Alignment("Explain STEM demand", f"{BASE}/courses/stem-careers#outcome-1"),)))
    assert doc["criteria"] == {"id": f"{BASE}/badges/classes/m1#criteria", "narrative": "Read every page and pass the quiz."}
    assert doc["tags"] == ["stem", "careers"]
    assert doc["alignment"] == [{"targetName": "Explain STEM demand", "targetUrl": f"{BASE}/courses/stem-careers#outcome-1"}]


def test_assertion_hashes_the_lowercased_email_with_its_salt_and_dates_have_a_zone():
    doc = make_assertion()
    expected = "sha256$" + hashlib.sha256(b"ada@school.eupepper").hexdigest()
    assert doc["recipient"] == {"type": "email", "hashed": True, "salt": "pepper", "identity": expected}
    assert doc["issuedOn"] == "2017-10-16T09:30:00+00:00"
    assert doc["verification"] == {"type": "HostedBadge"}
    assert doc["evidence"] == [{"id": f"{BASE}/e/1", "narrative": "Completed module 1."}]
    assert "Ada@School.eu" not in json.dumps(doc)
    with pytest.raises(ValueError):
        make_assertion(issued_on=datetime(2017, 10, 16, 9, 30))


def test_a_signed_assertion_names_its_key_and_verifies_with_the_public_key():
    private = signing.new_private_key_pem()
    doc = make_assertion(signing_key=f"{BASE}/badges/keys/1.json")
    assert doc["verification"] == {"type": "SignedBadge", "creator": f"{BASE}/badges/keys/1.json"}
    token = signing.sign(doc, private)
    assert signing.verify(token, signing.public_key_pem(private)) == doc
    header, body, sig = token.split(".")
    tampered = f"{header}.{body[:-2]}AA.{sig}"
    assert signing.verify(tampered, signing.public_key_pem(private)) is None
    assert signing.verify(token, signing.public_key_pem(signing.new_private_key_pem())) is None
    key = cryptographic_key(f"{BASE}/badges/keys/1.json", f"{BASE}/badges/issuer.json", signing.public_key_pem(private))
    assert key["type"] == "CryptographicKey" and key["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")


@pytest.mark.parametrize("image", [tiny_png(), SVG], ids=["png", "svg"])
def test_baking_round_trips_an_assertion_and_a_url(image):
    doc = make_assertion()
    baked = baking.bake(image, doc)
    assert json.loads(baking.unbake(baked)) == doc
    assert baking.unbake(baking.bake(image, doc["id"])) == doc["id"]
    assert baking.image_type(baked) == ("png" if image.startswith(b"\x89PNG") else "svg")


def test_baking_refuses_other_images_and_an_unbaked_image_holds_nothing():
    with pytest.raises(ValueError):
        baking.bake(b"GIF89a....", {"a": 1})
    assert baking.unbake(tiny_png()) is None


def test_revocation_documents():
    gone = revoked_assertion(f"{BASE}/badges/assertions/abc.json", "Awarded in error")
    assert gone["revoked"] is True and gone["revocationReason"] == "Awarded in error"
    listing = revocation_list(f"{BASE}/badges/revocations.json", f"{BASE}/badges/issuer.json",
                              [(f"{BASE}/badges/assertions/abc.json", "Awarded in error")])
    assert listing["type"] == "RevocationList"
    assert listing["revokedAssertions"] == [{"id": f"{BASE}/badges/assertions/abc.json", "revocationReason": "Awarded in error"}]


def test_the_badges_package_does_not_import_flask():
    import subprocess
    import sys

    code = "import badges, badges.ob2, badges.baking, badges.signing, sys; print('flask' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"

