"""A standalone award's hosted Open Badges 2.0 documents (its assertion, its badge class, its artwork and
the artwork with the assertion baked in), built from plain values with the same issuer as course badges,
named by an ETag of everything that shapes them (lms.awards.documents)."""

from __future__ import annotations

import json

from badges import baking
from badges.ob3 import baking as ob3_baking
from badges.ob2 import AssertionData, BadgeClassData, Evidence, assertion, badge_class, revoked_assertion
from lms.awards import documents
from lms.awards.models import StandaloneAward, StandaloneBadgeClass
from lms.core.urls import external_url


def _json_bytes(document: dict) -> bytes:
    return json.dumps(document, indent=2, ensure_ascii=False).encode()


def badge_class_id(slug: str) -> str:
    return external_url("badges.standalone_class", slug=slug, fmt=".json")


def badge_class_document(badge: StandaloneBadgeClass) -> dict:
    return badge_class(BadgeClassData(
        id=badge_class_id(badge.slug), issuer=external_url("badges.issuer", fmt=".json"), name=badge.name,
        description=badge.description, image=external_url("badges.standalone_image", slug=badge.slug),
        criteria_url=external_url("badges.standalone_class", slug=badge.slug, fmt="", _anchor="criteria"),
        criteria_narrative=badge.criteria or badge.description, tags=tuple(badge.tags or ()),
    ))


def _badge_inputs(badge: StandaloneBadgeClass) -> tuple:
    return (badge.slug, badge.name, badge.description, badge.criteria, tuple(badge.tags or ()), badge.image_kind,
            badge.updated_at)


def badge_class_json(badge: StandaloneBadgeClass) -> documents.Hosted:
    return documents.Hosted(documents.etag_of("standalone-class.json", _badge_inputs(badge), documents._settings()),
                            lambda: _json_bytes(badge_class_document(badge)))


def artwork(badge: StandaloneBadgeClass) -> tuple[documents.Hosted, str]:
    mimetype = "image/svg+xml" if badge.image_kind == "svg" else "image/png"
    return documents.Hosted(documents.etag_of("standalone-artwork", _badge_inputs(badge)), lambda: badge.image), mimetype


def assertion_id(uid: str) -> str:
    return external_url("badges.standalone_award", uid=uid, fmt=".json")


def _evidence(award: StandaloneAward) -> tuple[Evidence, ...]:
    page = external_url("badges.standalone_award", uid=award.uid, fmt="")
    return tuple(Evidence(narrative=item.get("narrative") or item["name"], id=item.get("url") or page, name=item["name"])
                 for item in award.evidence or [])


def assertion_document(award: StandaloneAward, badge: StandaloneBadgeClass) -> dict:
    """A person's award: a hashed, salted e-mail; an organisation's: its web address, as a ``url`` identity."""
    organisation = award.recipient_kind == "organisation"
    return assertion(AssertionData(
        id=assertion_id(award.uid), badge=badge_class_id(badge.slug),
        image=external_url("badges.standalone_baked", uid=award.uid, ext=badge.image_kind),
        recipient_email=award.recipient_email or "", salt=award.salt, issued_on=award.issued_on, evidence=_evidence(award),
        recipient_url=award.recipient_url if organisation else None,
    ))


def revoked_document(award: StandaloneAward) -> dict:
    return revoked_assertion(assertion_id(award.uid), award.revocation_reason or "")


def _award_inputs(award: StandaloneAward, badge: StandaloneBadgeClass) -> tuple:
    return (award.uid, award.recipient_kind, award.recipient_email, award.recipient_url, award.salt, award.issued_on,
            json.dumps(award.evidence, sort_keys=True), award.revoked_at, award.revocation_reason, _badge_inputs(badge),
            documents._settings())


def assertion_json(award: StandaloneAward, badge: StandaloneBadgeClass) -> documents.Hosted:
    """The assertion, or once revoked its revocation notice."""
    def build() -> bytes:
        return _json_bytes(revoked_document(award) if award.revoked_at else assertion_document(award, badge))
    return documents.Hosted(documents.etag_of("standalone.json", _award_inputs(award, badge)), build)


def page_etag(award: StandaloneAward, badge: StandaloneBadgeClass, shown_name: str | None) -> str:
    return documents.etag_of("standalone.html", _award_inputs(award, badge), award.recipient_name, shown_name)


def baked(award: StandaloneAward, badge: StandaloneBadgeClass) -> documents.Hosted:
    """The badge's artwork with the hosted assertion baked in (the route refuses revoked awards first)."""
    etag = documents.etag_of("standalone-baked", _award_inputs(award, badge))
    return documents.Hosted(etag, lambda: baking.bake(badge.image, assertion_document(award, badge)))


def baked_credential(badge: StandaloneBadgeClass, credential_json: str) -> bytes:
    """The badge's artwork with the signed Open Badges 3.0 credential inside."""
    if badge.image_kind == "png":
        return ob3_baking.bake_png(badge.image, credential_json)
    return ob3_baking.bake_svg(badge.image, credential_json)
