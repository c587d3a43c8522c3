import copy
import hashlib

import pytest

from badges.ob3 import data, keys, proofs
from badges.ob3.loader import UnknownDocument, document_loader

VECTOR = data.test_vector()
SEED = bytes.fromhex(VECTOR["publishedTestPrivateKeyHex"])[:32]
METHOD = VECTOR["credential"]["proof"]["verificationMethod"]


def unsecured():
    return {k: v for k, v in copy.deepcopy(VECTOR["credential"]).items() if k != "proof"}


def vector_key(method):
    return bytes.fromhex(VECTOR["publicKeyHex"]) if method == METHOD else None


def test_loader_serves_the_pinned_contexts_offline():
    doc = document_loader("https://www.w3.org/ns/credentials/v2")
    assert doc["documentUrl"] == "https://www.w3.org/ns/credentials/v2"
    assert "@context" in doc["document"]


def test_loader_refuses_an_unknown_url_with_a_clear_error():
    with pytest.raises(UnknownDocument, match="https://evil.example/ctx.*not one of the pinned contexts"):
        document_loader("https://evil.example/ctx")
    with pytest.raises(UnknownDocument):
        document_loader(data.SCHEMA_URL)


def test_keys_of_the_test_vector():
    public = keys.public_key(SEED)
    assert public.hex() == VECTOR["publicKeyHex"]
    assert keys.multikey(public) == VECTOR["verificationMethod"]["publicKeyMultibase"]
    assert keys.from_multikey(keys.multikey(public)) == public
    assert keys.from_jwk(keys.jwk(public, kid="k1")) == public
    assert keys.jwk(public, kid="k1")["kid"] == "k1"


def test_new_keys_are_32_byte_seeds_and_multikeys_start_z6mk():
    seed = keys.new_private_key()
    assert len(seed) == 32 and seed != keys.new_private_key()
    assert keys.multikey(keys.public_key(seed)).startswith("z6Mk")


@pytest.mark.parametrize("value", ["", "abc", "z0OIl", "z6Mk", "z" + "1" * 60])
def test_a_malformed_multikey_is_refused(value):
    with pytest.raises(keys.InvalidKey):
        keys.from_multikey(value)


def test_the_1edtech_test_vector_is_reproduced_byte_for_byte():
    expected = VECTOR["expected"]
    proof_options = {k: v for k, v in VECTOR["credential"]["proof"].items() if k != "proofValue"}
    proof_options["@context"] = VECTOR["credential"]["@context"]
    assert proofs.canonical_nquads(proof_options) == expected["proofCanon"]
    assert proofs.canonical_nquads(unsecured()) == expected["documentCanon"]
    proof_hash, document_hash = proofs.hashes(unsecured(), VECTOR["credential"]["proof"])
    assert proof_hash.hex() == expected["proofHashHex"]
    assert document_hash.hex() == expected["documentHashHex"]
    assert hashlib.sha256(expected["documentCanon"].encode()).hexdigest() == expected["documentHashHex"]

    signed = proofs.add_proof(unsecured(), SEED, METHOD, "2010-01-01T19:23:24Z")
    assert signed["proof"] == VECTOR["credential"]["proof"]
    assert signed["proof"]["proofValue"] == expected["proofValue"]
    assert keys.private_key(SEED).sign(proof_hash + document_hash).hex() == expected["signatureHex"]


def test_the_published_credential_verifies():
    check = proofs.check_proof(VECTOR["credential"], vector_key)
    assert check.ok and check.name == "proof", check.reason


def test_a_tampered_credential_fails_with_a_reason():
    tampered = copy.deepcopy(VECTOR["credential"])
    tampered["credentialSubject"]["achievement"]["name"] = "Leadership"
    check = proofs.check_proof(tampered, vector_key)
    assert not check.ok and "signature does not match" in check.reason


def test_a_tampered_proof_option_fails():
    tampered = copy.deepcopy(VECTOR["credential"])
    tampered["proof"]["created"] = "2011-01-01T19:23:24Z"
    assert not proofs.check_proof(tampered, vector_key).ok


def test_a_wrong_key_fails_with_a_reason():
    other = keys.public_key(keys.new_private_key())
    check = proofs.check_proof(VECTOR["credential"], lambda method: other)
    assert not check.ok and "signature does not match" in check.reason


def test_an_unknown_key_fails_naming_it():
    check = proofs.check_proof(VECTOR["credential"], lambda method: None)
    assert not check.ok and METHOD in check.reason


def test_an_unknown_context_is_refused_not_fetched():
    credential = copy.deepcopy(VECTOR["credential"])
    credential["@context"] = [*credential["@context"], "https://evil.example/ctx"]
    check = proofs.check_proof(credential, vector_key)
    assert not check.ok and "https://evil.example/ctx" in check.reason


@pytest.mark.parametrize("change, words", [
    (lambda c: c.pop("proof"), "no proof"),
    (lambda c: c["proof"].update(cryptosuite="ecdsa-rdfc-2019"), "no eddsa-rdfc-2022 proof"),
    (lambda c: c["proof"].update(proofPurpose="authentication"), "proofPurpose"),
    (lambda c: c["proof"].update(proofValue="u" + "A" * 80), "base58btc"),
    (lambda c: c["proof"].update(proofValue="z3"), "64-byte"),
    (lambda c: c["proof"].update(proofValue="z0OIl"), "base58btc"),
])
def test_a_malformed_proof_fails_with_a_reason(change, words):
    credential = copy.deepcopy(VECTOR["credential"])
    change(credential)
    check = proofs.check_proof(credential, vector_key)
    assert not check.ok and words in check.reason


def test_a_list_of_proofs_is_accepted():
    credential = copy.deepcopy(VECTOR["credential"])
    credential["proof"] = [credential["proof"]]
    assert proofs.check_proof(credential, vector_key).ok


def test_a_fresh_key_signs_and_verifies():
    seed = keys.new_private_key()
    signed = proofs.add_proof(unsecured(), seed, "https://example.edu/issuers/565049#key-1", "2024-01-01T00:00:00Z")
    assert proofs.check_proof(signed, lambda method: keys.public_key(seed)).ok


def test_the_verification_method_document_matches_the_test_vector():
    public = keys.public_key(SEED)
    assert keys.verification_method(public, "https://example.edu/issuers/565049") == VECTOR["verificationMethod"]


def test_proofs_check_from_several_threads_at_once():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        checks = list(pool.map(lambda _: proofs.check_proof(VECTOR["credential"], vector_key), range(40)))
    assert all(check.ok for check in checks)


def test_contexts_come_from_our_own_cache_not_pyld_s_shared_one():
    from pyld import jsonld

    jsonld._resolved_context_cache.clear()
    proofs.check_proof(VECTOR["credential"], vector_key)
    assert len(jsonld._resolved_context_cache) == 0
