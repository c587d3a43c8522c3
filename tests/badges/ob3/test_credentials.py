import copy
from datetime import UTC, datetime

import pytest

from badges.ob3 import credentials, data, proofs, schema
from tests.badges.ob3.builders import METHOD, SEED, make_facts, resolve, signed


def test_a_built_credential_has_the_contexts_types_and_schema_in_order():
    credential = credentials.build_credential(make_facts())
    assert credential["@context"][:2] == ["https://www.w3.org/ns/credentials/v2",
                                          "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["credentialSchema"] == [{"id": data.SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}]
    assert credential["validFrom"] == "2024-01-01T00:00:00Z" and "validUntil" not in credential
    identity = credential["credentialSubject"]["identifier"][0]
    assert identity["identityHash"].startswith("sha256$") and identity["salt"] == "pepper"
    assert identity["hashed"] is True and identity["identityType"] == "emailAddress"
    assert credential["issuer"]["image"] == {"id": "https://lms.example/logo.png", "type": "Image"}


def test_a_built_and_signed_credential_validates_against_the_official_schema():
    credential = signed(valid_until=datetime(2030, 1, 1, tzinfo=UTC))
    assert schema.problems(credential) == []
    assert credential["validUntil"] == "2030-01-01T00:00:00Z"
    assert proofs.check_proof(credential, resolve).ok


def test_a_minimal_credential_validates_too():
    credential = signed(image_url=None, evidence=[], status=None,
                        achievement={"id": "urn:uuid:1", "name": "A", "description": "B", "criteria": {"narrative": "C"}})
    assert schema.problems(credential) == [] and proofs.check_proof(credential, resolve).ok


def test_the_published_example_with_its_single_proof_object_validates():
    assert schema.problems(data.test_vector()["credential"]) == []


@pytest.mark.parametrize("field", ["validFrom", "issuer", "credentialSubject", "id", "@context"])
def test_a_credential_missing_a_required_field_gives_a_problem_naming_it(field):
    credential = signed()
    del credential[field]
    assert any(field in problem for problem in schema.problems(credential)), schema.problems(credential)


def test_a_nested_problem_says_where():
    credential = signed()
    del credential["credentialSubject"]["achievement"]["criteria"]
    assert any(p.startswith("credentialSubject/achievement") and "criteria" in p for p in schema.problems(credential))


def test_a_wrong_type_is_a_problem():
    credential = signed()
    credential["type"] = ["VerifiableCredential"]
    assert schema.problems(credential)


def test_something_not_an_object_is_a_problem_not_a_crash():
    assert schema.problems(["not", "a", "credential"]) == ["(root): the credential is not a JSON object"]


def test_signing_refuses_a_term_no_context_defines():
    credential = credentials.build_credential(make_facts())
    credential["issuer"]["favouriteColour"] = "green"
    with pytest.raises(proofs.ProofError, match="favouriteColour"):
        proofs.add_proof(credential, SEED, METHOD, "2024-01-01T00:00:00Z")


def test_an_undefined_term_added_after_signing_fails_the_proof():
    credential = signed()
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["grade"] = "A+"
    check = proofs.check_proof(tampered, resolve)
    assert not check.ok and "grade" in check.reason


def test_an_undefined_type_is_refused():
    credential = signed()
    credential["credentialStatus"]["type"] = "MadeUpStatus"
    assert "not defined" in proofs.check_proof(credential, resolve).reason


def test_naive_dates_are_refused():
    with pytest.raises(ValueError, match="timezone"):
        credentials.build_credential(make_facts(valid_from=datetime(2024, 1, 1)))
