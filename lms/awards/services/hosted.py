"""Our own public documents, built here for a verifier of ours (no HTTP to ourselves)."""

from __future__ import annotations

import json
import re

from lms.awards import documents, ob3_documents, queries
from lms.awards.services import standalone, standalone_documents
from lms.core.errors import NotFound
from lms.core.i18n import gettext
from lms.core.urls import external_url


def ob3_key_document(key_id: str) -> dict | None:
    """Our published key's Multikey document (controller = our issuer), read here, for a verifier."""
    return ob3_documents.key_document_for(key_id)


def _hosted_award_document(uid: str) -> dict | None:
    award = queries.hosted_award(uid)
    if award is None:
        return None
    return documents.revoked_document(award) if award.revoked_at is not None else documents.assertion_document(award)


def _hosted_badge_class_document(slug: str) -> dict | None:
    try:
        return documents.badge_class_document(documents.public_badge_class(slug))
    except NotFound:
        return None


def _standalone_award_document(uid: str) -> dict | None:
    try:
        award, badge = standalone.standalone_award_rows(uid)
    except NotFound:
        return None
    return standalone_documents.revoked_document(award) if award.revoked_at is not None \
        else standalone_documents.assertion_document(award, badge)


def _standalone_class_document(slug: str) -> dict | None:
    try:
        return standalone_documents.badge_class_document(standalone.standalone_badge_class(slug))
    except NotFound:
        return None


def hosted_document(url: str) -> dict | None:
    """The public JSON document this site hosts at ``url``, built here for a verifier (no HTTP to
    ourselves); None when the address is not one of ours."""
    if url == ob3_documents.status_url():
        return ob3_documents.revocation_list()
    if url == external_url("badges.issuer", fmt=".json"):
        return documents.issuer()
    if url == external_url("badges.revocations"):
        return json.loads(documents.revocations_json().body())
    key_prefix = external_url("badges.key", key_id="K").removesuffix("K.json")
    if url.startswith(key_prefix) and url.endswith(".json"):
        return json.loads(documents.key_json().body())
    for endpoint, argument, read in (("badges.assertion", "uid", _hosted_award_document),
                                     ("badges.badge_class", "slug", _hosted_badge_class_document),
                                     ("badges.standalone_award", "uid", _standalone_award_document),
                                     ("badges.standalone_class", "slug", _standalone_class_document)):
        pattern = re.escape(external_url(endpoint, **{argument: "X", "fmt": ".json"})).replace("X", "([^/]+)")
        found = re.fullmatch(pattern, url)
        if found:
            return read(found.group(1))
    return None


def standalone_baked_image(uid: str) -> tuple[str, bytes]:
    """A live standalone award's artwork with its 2.0 assertion baked in, and its kind ("png" or "svg"), as
    ``/badges/awards/<uid>.<kind>`` serves it; NotFound for a revoked or unknown award."""
    award, badge = standalone.standalone_award_rows(uid)
    if award.revoked_at is not None:
        raise NotFound(gettext("No such badge award."))
    return badge.image_kind, standalone_documents.baked(award, badge).body()


def standalone_credential_document(user_id: int | None, uid: str) -> str | None:
    """The signed 3.0 credential (JSON) of a live standalone award its holder (or anyone, for an
    organisation's) may have; None while it is not signed yet. NotFound for anything else."""
    try:
        return standalone.standalone_credential_for(user_id, uid)[2].document
    except NotFound:
        award, _ = standalone.standalone_award_rows(uid)
        if award.revoked_at is None and (award.user_id == user_id or award.recipient_kind == "organisation"):
            return None
        raise
