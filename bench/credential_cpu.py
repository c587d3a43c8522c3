"""Where the Open Badges 3.0 pages spend their CPU, in one process (time.process_time over ROUNDS
after a warm-up; steadier than gunicorn's figures on a shared machine): verifying a credential
(each RDFC-1.0 canonicalisation, the Ed25519 check, the JSON schema, the whole check, and
POST /verify.json through the Flask client), the holder's download, and signing one award (what
sign-missing-credentials does once per award).

    .venv/bin/python bench/credential_cpu.py [--app-root PATH] [--database-url URL] [--rounds 200]

Reads the bench database (instance/bench-L.sqlite of the app root by default) after a bench/load
run of the credential pages, which signed the credentials used here; signing is measured inside a
transaction that is rolled back."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def per_call(body, rounds: int) -> float:
    """CPU ms per call of ``body``, after three calls of warm-up."""
    for _ in range(3):
        body()
    started = time.process_time()
    for _ in range(rounds):
        body()
    return (time.process_time() - started) / rounds * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app-root", type=Path, default=HERE.parent)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    root = args.app_root.resolve()
    sys.path[:0] = [str(HERE), str(root)]
    os.environ.update({"LMS_DATABASE_URL": args.database_url or f"sqlite:///{root}/instance/bench-L.sqlite",
                       "LMS_SECRET_KEY": "bench-secret", "LMS_VERIFIER_LIMIT_PER_ADDRESS": "10000000 per minute",
                       "LMS_BASE_URL": os.environ.get("LMS_BASE_URL", "http://127.0.0.1:5000")})  # as bench/load
    import appside
    from sqlalchemy import select

    from badges.ob3 import jwt, keys, proofs, schema
    from lms import create_app
    from lms.awards import credentials, issuer_keys, ob3_documents
    from lms.awards.models import Assertion
    from lms.core import clock
    from lms.core.extensions import db
    from lms.verifier import services as verifier

    app = create_app()
    with app.app_context():
        held = appside._signed_awards(1)
    if not held:
        raise SystemExit("no signed credential: run bench/load --pages credential_json first")
    email, uid, text = held[0]
    document = json.loads(text)
    proof = proofs.select_proof(document)
    options = {key: value for key, value in proof.items() if key != "proofValue"} | {"@context": document["@context"]}
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    rounds, result = args.rounds, {}
    with app.app_context():
        public = keys.raw_public_key(verifier.resolve_key(proof["verificationMethod"]))
        signature = proofs._signature(proof["proofValue"])
        proof_hash, document_hash = proofs.hashes(document, proof)
        result["canonicalise_credential_ms"] = per_call(lambda: proofs.canonical_nquads(unsecured), rounds)
        result["canonicalise_proof_options_ms"] = per_call(lambda: proofs.canonical_nquads(options), rounds)
        result["ed25519_verify_ms"] = per_call(
            lambda: keys.verifier(public).verify(signature, proof_hash + document_hash), rounds * 10)
        result["schema_ms"] = per_call(lambda: schema.problems(document), rounds)
        result["verify_badge_ms"] = per_call(lambda: verifier.verify_badge(text=text, now=clock.now()), rounds)
        db.session.rollback()
        assertion = db.session.scalar(select(Assertion).where(Assertion.uid == uid))
        key = issuer_keys.signing_key(now=clock.now())
        seed = issuer_keys.seed_of(key)
        method = ob3_documents.key_url(key.kid)
        unsigned = {name: value for name, value in document.items() if name != "proof"}
        result["sign_facts_ms"] = per_call(lambda: credentials.facts_of(assertion.uid, assertion.id), rounds)
        result["sign_proof_ms"] = per_call(lambda: proofs.add_proof(unsigned, seed, method, clock.now()), rounds)
        result["sign_jwt_ms"] = per_call(lambda: jwt.encode(unsigned, seed, method), rounds)
        result["sign_key_ms"] = per_call(lambda: issuer_keys.seed_of(issuer_keys.signing_key(now=clock.now())), rounds)
        db.session.rollback()
    client, holder = app.test_client(), app.test_client()
    body = json.dumps({"credential": document})
    assert client.post("/verify.json", data=body).get_json()["ok"], "the credential does not verify"
    result["post_verify_json_ms"] = per_call(lambda: client.post("/verify.json", data=body), rounds)
    appside._log_in(holder, email)
    assert holder.get(f"/my/badges/{uid}/credential.json").status_code == 200
    result["get_credential_json_ms"] = per_call(lambda: holder.get(f"/my/badges/{uid}/credential.json"), rounds)
    result["kib"] = {"credential_json": round(len(text) / 1024, 1), "credential_jwt": round(len(jwt.encode(unsigned, seed, method)) / 1024, 1)}
    print(json.dumps({name: round(value, 3) if isinstance(value, float) else value for name, value in result.items()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
