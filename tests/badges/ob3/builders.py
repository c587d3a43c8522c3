"""Builders for Open Badges 3.0 tests: facts with defaults, a signing key, a resolver."""

from datetime import UTC, datetime

from badges.identity import hash_email
from badges.ob3 import credentials, keys, proofs

ISSUER = "https://lms.example/ob3/issuer"
METHOD = ISSUER + "#key-1"
SEED = bytes(range(32))
EMAIL = "ada@example.org"


def make_facts(**changes) -> credentials.CredentialFacts:
    identity, salt = hash_email(EMAIL, "pepper")
    facts = dict(
        credential_id="https://lms.example/ob3/credentials/7",
        issuer={"id": ISSUER, "type": ["Profile"], "name": "STEM Academy", "url": "https://lms.example/",
                "email": "badges@lms.example", "image": "https://lms.example/logo.png"},
        valid_from=datetime(2024, 1, 1, tzinfo=UTC), valid_until=None,
        name="Python basics", description="Finished the Python basics course.",
        image_url="https://lms.example/ob3/credentials/7/image.png",
        achievement={"id": "https://lms.example/ob3/achievements/python", "type": ["Achievement"],
                     "achievementType": "Badge", "name": "Python basics", "description": "Writes small programs.",
                     "criteria": {"narrative": "Pass every quiz of the course."},
                     "image": "https://lms.example/badges/python.png",
                     "alignment": [{"targetName": "Programming", "targetUrl": "https://example.org/framework/p"}]},
        recipient_identity=identity, salt=salt,
        evidence=[{"id": "https://lms.example/evidence/1", "narrative": "Quiz scores"}],
        status={"id": "https://lms.example/ob3/status/7", "type": "1EdTechRevocationList"},
    )
    facts.update(changes)
    return credentials.CredentialFacts(**facts)


def signed(**changes) -> dict:
    credential = credentials.build_credential(make_facts(**changes))
    return proofs.add_proof(credential, SEED, METHOD, datetime(2024, 1, 1, 12, tzinfo=UTC))


def resolve(key_id):
    return keys.public_key(SEED) if key_id == METHOD else None
