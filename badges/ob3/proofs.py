"""eddsa-rdfc-2022 Data Integrity proofs (W3C VC Data Integrity EdDSA Cryptosuites v1.0, section 3.3).

Signing: canonicalise the proof options (with the credential's ``@context``) and the credential without its
proof with RDFC-1.0, hash each with SHA-256, sign ``proofHash + documentHash`` with Ed25519, and write the
signature as base58btc multibase. Contexts come only from ``badges.ob3.loader`` (offline).
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import base58
from cachetools import LRUCache
from cryptography.exceptions import InvalidSignature
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from badges.ob3 import keys
from badges.ob3.checks import Check, failed, passed
from badges.ob3.loader import UnknownDocument, document_loader

CRYPTOSUITE = "eddsa-rdfc-2022"
CHECK = "proof"

# resolve_public_key(verification_method or kid) -> the issuer's key, or None if unknown: raw 32 bytes, or its
# Multikey document (whose "controller" verify.py then compares with the issuer), or a public JWK.
KeyResolver = Callable[[str], bytes | dict | None]


# Our own resolved-context cache (not PyLD's process-wide one, which another loader could fill with other
# copies of the same URLs), and one lock: PyLD's caches are plain dicts, not safe across threads.
_CONTEXTS = LRUCache(maxsize=32)
_LOCK = threading.Lock()


class ProofError(ValueError):
    """A document that cannot be canonicalised or a proof that is not an eddsa-rdfc-2022 proof."""


def canonical_nquads(document: dict) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document (PyLD calls RDFC-1.0 "URDNA2015"), in "safe mode".

    Safe mode (VC Data Integrity): a property that no context defines would be dropped from the signed
    statements, and a type no context defines would become a relative IRI, so that either could be added or
    changed without breaking the signature. Both are refused instead.
    """
    dropped = []
    processor = jsonld.JsonLdProcessor(on_property_dropped=dropped.append)
    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader,
               "contextResolver": ContextResolver(_CONTEXTS, document_loader)}
    try:
        with _LOCK:
            nquads = processor.normalize(document, options)
    except jsonld.JsonLdError as error:
        raise ProofError(_jsonld_reason(error)) from error
    except RecursionError as error:
        raise ProofError("the document nests too deeply to be canonicalised") from error
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as error:  # PyLD on odd input
        raise ProofError(f"the credential is not valid JSON-LD: {str(error)[:200]}") from error
    if dropped:
        raise ProofError(f"the term {str(dropped[0])!r} is not defined by the credential's @context")
    if "<" + jsonld.DEFAULT_BASE_IRI in nquads:
        raise ProofError("a type or identifier is not defined by the credential's @context (a relative IRI)")
    return nquads


def hashes(credential: dict, proof: dict) -> tuple[bytes, bytes]:
    """(proofHash, documentHash): SHA-256 of the canonical proof options and of the credential without proof."""
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    options["@context"] = credential.get("@context")
    unsecured = {key: value for key, value in credential.items() if key != "proof"}
    return (hashlib.sha256(canonical_nquads(options).encode("utf-8")).digest(),
            hashlib.sha256(canonical_nquads(unsecured).encode("utf-8")).digest())


def add_proof(credential: dict, seed: bytes, verification_method: str, created: datetime | str) -> dict:
    """A copy of ``credential`` with an eddsa-rdfc-2022 ``DataIntegrityProof`` (proofPurpose assertionMethod)."""
    proof = {"type": "DataIntegrityProof", "created": _timestamp(created), "verificationMethod": verification_method,
             "cryptosuite": CRYPTOSUITE, "proofPurpose": "assertionMethod"}
    unsecured = {key: value for key, value in credential.items() if key != "proof"}
    proof_hash, document_hash = hashes(unsecured, proof)
    signature = keys.private_key(seed).sign(proof_hash + document_hash)
    proof["proofValue"] = "z" + base58.b58encode(signature).decode("ascii")
    secured = copy.deepcopy(unsecured)
    secured["proof"] = proof
    return secured


def check_proof(credential: dict, resolve_public_key: KeyResolver) -> Check:
    """Whether the credential's eddsa-rdfc-2022 proof holds, with the reason when it does not."""
    try:
        proof = select_proof(credential)
        public = resolve_public_key(proof["verificationMethod"])
        if public is None:
            return failed(CHECK, f"the issuer key {proof['verificationMethod']!r} is not known")
        signature = _signature(proof["proofValue"])
        proof_hash, document_hash = hashes(credential, proof)
        keys.verifier(keys.raw_public_key(public)).verify(signature, proof_hash + document_hash)
    except InvalidSignature:
        return failed(CHECK, "the signature does not match: the credential was changed or signed with another key")
    except (ProofError, keys.InvalidKey) as error:
        return failed(CHECK, str(error))
    return passed(CHECK, f"{CRYPTOSUITE} proof by {proof['verificationMethod']}")


def select_proof(credential: dict) -> dict:
    """The credential's eddsa-rdfc-2022 proof (one object, or the first such in a list)."""
    if not isinstance(credential, dict):
        raise ProofError("the credential is not a JSON object")
    proofs = credential.get("proof")
    if proofs is None:
        raise ProofError("the credential has no proof")
    for proof in proofs if isinstance(proofs, list) else [proofs]:
        if isinstance(proof, dict) and proof.get("cryptosuite") == CRYPTOSUITE:
            return _well_formed(proof)
    raise ProofError(f"the credential has no {CRYPTOSUITE} proof")


def _well_formed(proof: dict) -> dict:
    if proof.get("type") != "DataIntegrityProof":
        raise ProofError("the proof's type is not DataIntegrityProof")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("the proof's proofPurpose is not assertionMethod")
    for field in ("verificationMethod", "proofValue"):
        if not isinstance(proof.get(field), str) or not proof[field]:
            raise ProofError(f"the proof has no {field}")
    return proof


def _signature(proof_value: str) -> bytes:
    if not proof_value.startswith("z"):
        raise ProofError("the proofValue is not base58btc multibase (starts with 'z')")
    try:
        signature = base58.b58decode(proof_value[1:])
    except ValueError as error:
        raise ProofError("the proofValue is not valid base58btc") from error
    if len(signature) != 64:
        raise ProofError("the proofValue is not a 64-byte Ed25519 signature")
    return signature


def _timestamp(moment: datetime | str) -> str:
    if isinstance(moment, str):
        return moment
    if moment.tzinfo is None:
        raise ValueError("created must be timezone-aware (UTC)")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _jsonld_reason(error: BaseException) -> str:
    """The first cause PyLD wraps (an unknown context names its URL), else PyLD's own message."""
    seen = error
    while seen is not None:
        if isinstance(seen, UnknownDocument):
            return str(seen)
        seen = getattr(seen, "cause", None) or seen.__cause__ or seen.__context__
    return f"the credential is not valid JSON-LD: {str(error).splitlines()[0][:200]}"
