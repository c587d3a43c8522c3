"""Standalone badges: Open Badges that other features issue outside any course (a programme's badge to a
learner, an award scheme's level to an organisation). One award per ``source`` (what earned it, e.g.
``programme:<slug>:user:<id>`` or ``organisation-award:<id>``), whatever the races: a unique constraint
decides and a second call returns the first award's uid. Nothing is deleted: revocation keeps the row.

A person is identified as course badges are (their e-mail, salted and hashed); an organisation by its
web address (an OB 2.0 ``url`` identity). The badge's words and artwork are kept with the award's class
(by slug), so that its documents never depend on a file that may move."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select

from badges import baking
from lms.accounts import services as accounts
from lms.awards import credentials
from lms.awards.models import ProgrammeCertificate, StandaloneAward, StandaloneBadgeClass
from lms.core.audit import record_audit
from lms.core.db import insert_ignoring_duplicates
from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.core.urls import external_url

IMAGE_MAX_BYTES = 1024 * 1024  # a badge's artwork: PNG or SVG, at most 1 MB
UID_MAX = 40
TEXT_MAX = {"source": 200, "slug": 120, "name": 200, "url": 2000, "evidence": 500, "email": 254, "title": 300,
            "outcome": 200}  # others: 20,000


@dataclass(frozen=True)
class StandaloneBadge:
    slug: str
    name: str
    description: str
    criteria: str  # Markdown
    image: Path  # absolute, a PNG or SVG file
    tags: tuple = ()


@dataclass(frozen=True)
class Recipient:
    """A person (``user_id``; ``email`` defaults to their account's) or an organisation (``url``)."""

    name: str
    user_id: int | None = None
    email: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class EvidenceItem:
    name: str
    url: str = ""
    narrative: str = ""


@dataclass(frozen=True)
class StandaloneAwardView:
    uid: str
    badge_name: str
    badge_description: str
    image_url: str
    recipient_name: str
    recipient_url: str | None
    issued_on: datetime
    revoked_at: datetime | None
    revocation_reason: str | None
    evidence: list[EvidenceItem] = field(default_factory=list)
    page_url: str = ""
    assertion_url: str = ""  # the Open Badges 2.0 assertion (JSON-LD)
    baked_image_url: str = ""  # the badge image with the assertion baked in
    credential_url: str = ""  # the signed Open Badges 3.0 credential
    badge_slug: str = ""
    user_id: int | None = None
    image_kind: str = "png"


def _text(value, what: str, *, required: bool = True) -> str:
    """A clean one-field value: a string without NUL, within its length; the message names the field."""
    if value is None:
        value = ""
    if not isinstance(value, str) or "\x00" in value:
        raise ValidationError(what, gettext("This contains characters that cannot be stored."))
    value = value.strip()
    if required and not value:
        raise ValidationError(what, gettext("This field is required."))
    limit = TEXT_MAX.get(what, 20_000)
    if len(value) > limit:
        raise ValidationError(what, gettext("At most %(max)d characters.", max=limit))
    return value


def _web_address(value: str | None, what: str = "url", *, required: bool = True) -> str:
    url = _text(value, "url", required=required)
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise ValidationError(what, gettext("Give a web address starting with http:// or https://."))
    return url


def _artwork(image: Path) -> tuple[bytes, str]:
    try:
        if Path(image).stat().st_size > IMAGE_MAX_BYTES:
            raise ValidationError("image", gettext("The badge image is larger than 1 MB."))
        data = Path(image).read_bytes()
    except OSError:
        raise ValidationError("image", gettext("The badge image %(name)s cannot be read.", name=Path(image).name)) from None
    kind = baking.image_type(data)
    if kind not in ("png", "svg"):
        raise ValidationError("image", gettext("A badge image is a PNG or SVG file."))
    return data, kind


def _badge_class(badge: StandaloneBadge, *, now: datetime) -> StandaloneBadgeClass:
    """The class by its slug, made on first use and brought up to date with what is issued now."""
    values = {"slug": _text(badge.slug, "slug"), "name": _text(badge.name, "name"),
              "description": _text(badge.description, "description"), "criteria": _text(badge.criteria, "criteria", required=False),
              "tags": [_text(str(tag), "name") for tag in badge.tags]}
    values["image"], values["image_kind"] = _artwork(badge.image)
    row = db.session.scalar(select(StandaloneBadgeClass).where(StandaloneBadgeClass.slug == values["slug"]))
    if row is None:  # written only when new or changed: issuing an unchanged badge writes nothing here
        db.session.execute(insert_ignoring_duplicates(StandaloneBadgeClass, conflict_columns=["slug"])
                           .values(**values, updated_at=now))
        row = db.session.scalar(select(StandaloneBadgeClass).where(StandaloneBadgeClass.slug == values["slug"]))
    if any(getattr(row, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = now
    return row


def _recipient(recipient: Recipient) -> dict:
    name = _text(recipient.name, "name")
    if recipient.url is not None and recipient.user_id is None:
        return {"recipient_kind": "organisation", "recipient_url": _web_address(recipient.url), "recipient_name": name,
                "user_id": None, "recipient_email": None}
    if recipient.user_id is None or recipient.url is not None:
        raise ValidationError("recipient", gettext("A badge goes to a person (an account) or to an organisation (a web address)."))
    user = accounts.get_user(recipient.user_id) if isinstance(recipient.user_id, int) else None
    if user is None:
        raise NotFound(gettext("No such account."))
    email = _text(recipient.email or user.email, "email")
    return {"recipient_kind": "person", "user_id": user.id, "recipient_email": email, "recipient_name": name,
            "recipient_url": None}


def _evidence(items: list[EvidenceItem]) -> list[dict]:
    return [{"name": _text(item.name, "evidence"), "url": _web_address(item.url, "evidence", required=False),
             "narrative": _text(item.narrative, "narrative", required=False)} for item in items]


def _uid_of(source: str) -> str | None:
    return db.session.scalar(select(StandaloneAward.uid).where(StandaloneAward.source == source))


def issue_standalone(source: str, badge: StandaloneBadge, recipient: Recipient, evidence: list[EvidenceItem], *,
                     now: datetime) -> str:
    """The award's public uid. Idempotent per ``source``: a second call (even at the same moment, from
    another process) returns the first award's uid and creates nothing. Its Open Badges 3.0 credential
    is signed at once (or by the ``sign-missing-credentials`` job if signing fails)."""
    source = _text(source, "source")
    existing = _uid_of(source)
    if existing:
        return existing
    row = {"uid": secrets.token_urlsafe(16), "source": source, "salt": secrets.token_hex(16), "issued_on": now,
           **_recipient(recipient), "evidence": _evidence(evidence)}
    row["badge_class_id"] = _badge_class(badge, now=now).id
    inserted = db.session.execute(insert_ignoring_duplicates(StandaloneAward, conflict_columns=["source"])
                                  .values(**row).returning(StandaloneAward.uid)).scalar()
    if inserted is None:  # another call issued it meanwhile
        return _uid_of(source)
    award = db.session.scalar(select(StandaloneAward).where(StandaloneAward.uid == inserted))
    credentials.sign_soon([award], now=now)
    return inserted


def revoke_standalone(source: str, *, reason: str, now: datetime) -> None:
    """Revoke what ``source`` earned: its badge and, if one was issued under the same source, its
    programme certificate. The reason is published (revocation lists, public pages). Once only."""
    reason = _text(reason, "reason")
    source = source if isinstance(source, str) and "\x00" not in source else ""
    found = [row for model in (StandaloneAward, ProgrammeCertificate)
             for row in db.session.scalars(select(model).where(model.source == source))]
    if not found:
        raise NotFound(gettext("No such award."))
    for row in found:
        if row.revoked_at is None:
            row.revoked_at, row.revocation_reason = now, reason
            record_audit(action="badge.revoke" if isinstance(row, StandaloneAward) else "certificate.revoke", now=now,
                         subject_user_id=row.user_id, target_kind="standalone_award" if isinstance(row, StandaloneAward)
                         else "programme_certificate", target_id=row.uid, reason=reason)


def view_of(award: StandaloneAward, badge: StandaloneBadgeClass) -> StandaloneAwardView:
    uid = award.uid
    return StandaloneAwardView(
        uid=uid, badge_name=badge.name, badge_description=badge.description,
        image_url=external_url("badges.standalone_image", slug=badge.slug), recipient_name=award.recipient_name,
        recipient_url=award.recipient_url, issued_on=award.issued_on, revoked_at=award.revoked_at,
        revocation_reason=award.revocation_reason, evidence=[EvidenceItem(**item) for item in award.evidence or []],
        page_url=external_url("badges.standalone_award", uid=uid, fmt=""),
        assertion_url=external_url("badges.standalone_award", uid=uid, fmt=".json"),
        baked_image_url=external_url("badges.standalone_baked", uid=uid, ext=badge.image_kind),
        credential_url=external_url("badges.standalone_credential", uid=uid, ext="json"),
        badge_slug=badge.slug, user_id=award.user_id, image_kind=badge.image_kind,
    )


def _award_rows(*conditions):
    return db.session.execute(select(StandaloneAward, StandaloneBadgeClass).join(
        StandaloneBadgeClass, StandaloneBadgeClass.id == StandaloneAward.badge_class_id).where(*conditions)
        .order_by(StandaloneAward.issued_on.desc(), StandaloneAward.id.desc())).all()


def valid_uid(uid) -> bool:
    """Public ids are short URL-safe strings: anything else (NUL bytes, a novel) is no award of ours."""
    return isinstance(uid, str) and 0 < len(uid) <= UID_MAX and "\x00" not in uid


def standalone_award_rows(uid: str) -> tuple[StandaloneAward, StandaloneBadgeClass]:
    rows = _award_rows(StandaloneAward.uid == uid) if valid_uid(uid) else []
    if not rows:
        raise NotFound(gettext("No such badge award."))
    return rows[0][0], rows[0][1]


def standalone_award(uid: str) -> StandaloneAwardView:
    """The award behind a public uid (revoked ones too, saying so); NotFound for any other uid."""
    return view_of(*standalone_award_rows(uid))


def standalone_source(uid: str) -> str:
    """What earned the award behind a public uid (``revoke_standalone`` takes it); NotFound otherwise."""
    return standalone_award_rows(uid)[0].source


def standalone_awards_of_user(user_id: int) -> list[StandaloneAwardView]:
    """A person's standalone awards, newest first (revoked ones too: their pages say so)."""
    return [view_of(award, badge) for award, badge in _award_rows(StandaloneAward.user_id == user_id)]


def standalone_badge_class(slug: str) -> StandaloneBadgeClass:
    row = db.session.scalar(select(StandaloneBadgeClass).where(StandaloneBadgeClass.slug == slug)) \
        if isinstance(slug, str) and 0 < len(slug) <= TEXT_MAX["slug"] and "\x00" not in slug else None
    if row is None:
        raise NotFound(gettext("No such badge."))
    return row


def public_recipient_name(award: StandaloneAward) -> str | None:
    """The name the public page shows: an organisation's always, a person's only if they show it."""
    if award.recipient_kind == "organisation":
        return award.recipient_name
    user = accounts.get_user(award.user_id) if award.user_id else None
    return award.recipient_name if user is not None and user.show_name_publicly else None


def standalone_credential_for(viewer_id: int | None, uid: str):
    """(award, badge, signed credential) of a live award: an organisation's for anyone (its award is
    public), a person's for that person only; anything else, or not signed yet: NotFound."""
    award, badge = standalone_award_rows(uid)
    credential = credentials.standalone_credential_of(award.id)
    mine = award.recipient_kind == "organisation" or (viewer_id is not None and award.user_id == viewer_id)
    if not mine or award.revoked_at is not None or credential is None:
        raise NotFound(gettext("No such badge award."))
    return award, badge, credential
