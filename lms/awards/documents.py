"""Our rows as Open Badges 2.0 documents at stable absolute URLs (from LMS_BASE_URL), and
what makes them cheap to serve again and again.

The JSON-LD URLs end in ``.json``; the same path without it is the human page.

Each public document's ETag is a digest of what shapes it, known before anything is built:
its row's values (revocation included), the settings it shows, the artwork's bytes, the
signing key and DOCUMENT_VERSION. A revalidation that still matches is answered from one
indexed read; otherwise the built bytes are kept in this process's memory under their ETag
(bounded, least recently used out), so each document is built once per process."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from flask import current_app
from sqlalchemy import Row

from badges import baking, signing
from badges.ob3 import baking as ob3_baking
from badges.ob2 import (
    Alignment,
    AssertionData,
    BadgeClassData,
    Evidence,
    IssuerData,
    assertion,
    badge_class,
    cryptographic_key,
    issuer_profile,
    revocation_list,
    revoked_assertion,
)
from lms.awards import queries
from lms.core.conditional import release
from lms.core.errors import NotFound
from lms.core.i18n import gettext
from lms.core.urls import external_url

if TYPE_CHECKING:
    from lms.courses.models import BadgeClass, Course

KEY_ID = "1"
# Each ETag also digests the code and templates (_code), so a deployment changes them all; this
# names the documents' shape for anything else that could change it without a code change.
DOCUMENT_VERSION = "1"
CACHE_BYTES = 32 * 1024 * 1024  # per process: some 1,500 baked PNGs, or 20,000 JSON-LD documents


class _BuiltCache:
    """Built bytes by ETag. An ETag names its content, so nothing here is ever stale: an entry
    only stops being asked for. Bounded by total size, least recently used out first."""

    def __init__(self, limit: int) -> None:
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size, self._limit = 0, limit
        self._lock = threading.Lock()

    def get_or_build(self, etag: str, build: Callable[[], bytes]) -> bytes:
        with self._lock:
            data = self._items.get(etag)
            if data is not None:
                self._items.move_to_end(etag)
                return data
        data = build()  # outside the lock: two threads may build the same bytes once each, harmlessly
        with self._lock:
            if etag not in self._items and len(data) <= self._limit:
                self._items[etag] = data
                self._size += len(data)
                while self._size > self._limit:
                    self._size -= len(self._items.popitem(last=False)[1])
        return data


_built = _BuiltCache(CACHE_BYTES)


class Hosted(NamedTuple):
    """A public document before it is built: its ETag, and how to build its bytes."""

    etag: str
    build: Callable[[], bytes]
    remember: bool = True  # False: the ETag names the content only within one database

    def body(self) -> bytes:
        return remembered(self.etag, self.build) if self.remember else self.build()


def remembered(etag: str, build: Callable[[], bytes]) -> bytes:
    """The bytes built for this ETag in this process, building them on first use."""
    return _built.get_or_build(etag, build)


@functools.cache
def _code() -> str:
    """This process's code and templates (lms/ and badges/): a deployment changes every ETag."""
    digest = hashlib.blake2b(release().encode(), digest_size=16)
    for path in sorted(Path(baking.__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def etag_of(kind: str, *inputs) -> str:
    return hashlib.blake2b(repr((_code(), DOCUMENT_VERSION, kind, inputs)).encode(), digest_size=16).hexdigest()


def _settings() -> tuple:
    """The settings a document or page shows."""
    config = current_app.config
    return (config["BASE_URL"], config["BADGE_ISSUER_NAME"], config["BADGE_ISSUER_EMAIL"],
            config["BADGE_ISSUER_DESCRIPTION"], config["DEFAULT_TIMEZONE"])


def _json_bytes(document: dict) -> bytes:
    return json.dumps(document, indent=2, ensure_ascii=False).encode()


# --- the issuer, its key and its revocation list ------------------------------------------------


def issuer() -> dict:
    config = current_app.config
    return issuer_profile(IssuerData(
        id=external_url("badges.issuer", fmt=".json"), name=config["BADGE_ISSUER_NAME"], url=config["BASE_URL"],
        email=config["BADGE_ISSUER_EMAIL"], description=config["BADGE_ISSUER_DESCRIPTION"],
        revocation_list=external_url("badges.revocations"), public_key=external_url("badges.key", key_id=KEY_ID),
    ))


def issuer_json() -> Hosted:
    return Hosted(etag_of("issuer", _settings()), lambda: _json_bytes(issuer()))


def revocations_json() -> Hosted:
    """The revocation list, named by its state (one small indexed read answers a revalidation).
    The state names the list only within one database, so its bytes are built afresh for each
    full answer rather than kept by ETag; revoked rows are few."""
    state = queries.revocations_state()

    def build() -> bytes:
        revoked = [(external_url("badges.standalone_award" if standalone else "badges.assertion", uid=uid, fmt=".json"),
                    reason or "") for uid, reason, standalone in queries.revoked_uids()]
        return _json_bytes(revocation_list(external_url("badges.revocations"), external_url("badges.issuer", fmt=".json"), revoked))
    return Hosted(etag_of("revocations", state, _settings()), build, remember=False)


def private_key_pem() -> str:
    """LMS_BADGE_SIGNING_KEY, or a key kept in instance/ (made on first use)."""
    configured = current_app.config.get("BADGE_SIGNING_KEY")
    if configured:
        return configured
    path = Path(current_app.instance_path) / "badge_signing_key.pem"
    if not path.exists():
        path.write_text(signing.new_private_key_pem())
        path.chmod(0o600)
    return path.read_text()


@functools.lru_cache(maxsize=4)
def _public_key(private_pem: str) -> tuple[str, str]:
    """(public key PEM, its fingerprint): loading a private key costs milliseconds, so once per key."""
    public = signing.public_key_pem(private_pem)
    return public, hashlib.blake2b(public.encode(), digest_size=16).hexdigest()


def key_json() -> Hosted:
    public, fingerprint = _public_key(private_key_pem())
    return Hosted(etag_of("key", fingerprint, _settings()), lambda: _json_bytes(cryptographic_key(
        external_url("badges.key", key_id=KEY_ID), external_url("badges.issuer", fmt=".json"), public)))


# --- badge classes and their artwork -----------------------------------------------------------


def public_badge_class(slug: str) -> Row:
    """The badge class as plain values (slug, name ... course_slug, course_title, course_outcomes)."""
    row = queries.public_badge_class(slug)
    if row is None:
        raise NotFound(gettext("No such badge."))
    return row


def badge_class_document(badge: Row) -> dict:
    alignments = tuple(
        Alignment(target_name=badge.course_outcomes[n - 1],
                  target_url=external_url("catalog.course", course_slug=badge.course_slug, _anchor=f"outcome-{n}"))
        for n in badge.alignment if 0 < n <= len(badge.course_outcomes)
    )
    return badge_class(BadgeClassData(
        id=external_url("badges.badge_class", slug=badge.slug, fmt=".json"),
        issuer=external_url("badges.issuer", fmt=".json"), name=badge.name, description=badge.description,
        image=external_url("badges.badge_image", slug=badge.slug),
        criteria_url=external_url("badges.badge_class", slug=badge.slug, fmt="", _anchor="criteria"),
        criteria_narrative=badge.criteria, tags=tuple(badge.tags), alignments=alignments,
    ))


def badge_class_json(badge: Row) -> Hosted:
    return Hosted(etag_of("class.json", tuple(badge), _settings()), lambda: _json_bytes(badge_class_document(badge)))


def badge_class_page_etag(badge: Row) -> str:
    return etag_of("class.html", tuple(badge), _settings())


# os.path rather than pathlib here: these run on every request for a badge image or assertion.
def _artwork_path(course_slug: str, image_path: str, kind: str | None = None) -> str:
    """The file the course declares, or with ``kind`` its sibling in that format if there is one."""
    path = os.path.join(current_app.config["CONTENT_DIR"], course_slug, image_path)
    stem, suffix = os.path.splitext(path)
    if kind and suffix.lower() != f".{kind}" and os.path.exists(f"{stem}.{kind}"):
        return f"{stem}.{kind}"
    return path


def _image_kinds(course_slug: str, image_path: str) -> tuple[str, ...]:
    stem, suffix = os.path.splitext(_artwork_path(course_slug, image_path))
    declared = suffix.lower().lstrip(".")
    return tuple(kind for kind in ("png", "svg") if kind == declared or os.path.exists(f"{stem}.{kind}"))


def image_kinds(badge: BadgeClass, course: Course) -> tuple[str, ...]:
    """The formats the badge is drawn in ("png", "svg"), PNG first: the file the course declares
    and its sibling in the other format if there is one (validation asks for one image only)."""
    return _image_kinds(course.slug, badge.image_path)


class Artwork(NamedTuple):
    data: bytes
    digest: str
    kind: str | None  # what the bytes really are: "png", "svg" or None
    mimetype: str


@functools.lru_cache(maxsize=32)
def _read_artwork(path: str, _mtime_ns: int, _size: int) -> Artwork:
    """Read once per file version (the modification time and size are part of the key)."""
    data = Path(path).read_bytes()
    mimetype = "image/svg+xml" if path.lower().endswith(".svg") else "image/png"
    return Artwork(data, hashlib.blake2b(data, digest_size=16).hexdigest(), baking.image_type(data), mimetype)


def _artwork(path: str) -> Artwork:
    try:
        stat = os.stat(path)
        return _read_artwork(path, stat.st_mtime_ns, stat.st_size)
    except OSError as error:  # artwork removed from the content folder since the course was imported
        raise LookupError(f"the badge's artwork {os.path.basename(path)} is missing") from error


def artwork(badge: Row) -> tuple[Hosted, str]:
    """The badge's own image file (PNG or SVG) and its media type; LookupError if it is gone."""
    drawn = _artwork(_artwork_path(badge.course_slug, badge.image_path))
    return Hosted(etag_of("artwork", drawn.digest), lambda: drawn.data), drawn.mimetype


# --- awards: the hosted assertion, its page, baked and signed copies -----------------------------


def hosted_award(uid: str) -> Row:
    """The award behind a public URL as plain values (see queries.hosted_award)."""
    award = queries.hosted_award(uid)
    if award is None:
        raise NotFound(gettext("No such badge award."))
    return award


def _assertion_inputs(award: Row) -> tuple:
    """What shapes the assertion document (the holder's name and the page's texts do not)."""
    return (award.uid, award.recipient_email, award.salt, award.issued_on, award.evidence, award.revoked_at,
            award.revocation_reason, award.badge_slug, _image_kinds(award.course_slug, award.image_path),
            current_app.config["BASE_URL"])


def assertion_document(award: Row, *, signed: bool = False) -> dict:
    kind = _image_kinds(award.course_slug, award.image_path)[0]  # the image that exists, PNG first
    return assertion(AssertionData(
        id=external_url("badges.assertion", uid=award.uid, fmt=".json"),
        badge=external_url("badges.badge_class", slug=award.badge_slug, fmt=".json"),
        image=external_url("badges.baked", uid=award.uid, ext=kind), recipient_email=award.recipient_email,
        salt=award.salt, issued_on=award.issued_on,
        evidence=(Evidence(narrative=award.evidence, id=external_url("badges.assertion", uid=award.uid, fmt="")),)
        if award.evidence else (),
        signing_key=external_url("badges.key", key_id=KEY_ID) if signed else None,
    ))


def revoked_document(award: Row) -> dict:
    return revoked_assertion(external_url("badges.assertion", uid=award.uid, fmt=".json"), award.revocation_reason or "")


def assertion_json(award: Row) -> Hosted:
    """The assertion, or once revoked the revocation notice (a new ETag: revocation is one of the inputs)."""
    build = revoked_document if award.revoked_at is not None else assertion_document
    return Hosted(etag_of("assertion.json", _assertion_inputs(award)), lambda: _json_bytes(build(award)))


def assertion_page_etag(award: Row) -> str:
    return etag_of("assertion.html", tuple(award), _image_kinds(award.course_slug, award.image_path), _settings())


def signed_json(award: Row) -> Hosted:
    private = private_key_pem()
    return Hosted(etag_of("assertion.jws", _assertion_inputs(award), _public_key(private)[1]),
                  lambda: signing.sign(assertion_document(award, signed=True), private).encode())


def baked(award: Row, kind: str) -> Hosted:
    """The badge image with the hosted assertion baked in (the route checks revocation first);
    LookupError if the badge is not drawn in that format. Baked once and kept on disk too."""
    drawn = _artwork(_artwork_path(award.course_slug, award.image_path, kind))
    if drawn.kind != kind:
        raise LookupError(f"no {kind.upper()} artwork for this badge")
    etag = etag_of("baked", kind, _assertion_inputs(award), drawn.digest)
    return Hosted(etag, lambda: _bake(award, drawn, kind, etag))


def _bake(award: Row, drawn: Artwork, kind: str, etag: str) -> bytes:
    path = Path(current_app.instance_path) / "baked" / f"{award.uid}-{etag[:16]}.{kind}"
    if path.exists():
        return path.read_bytes()
    data = baking.bake(drawn.data, assertion_document(award))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return data


def baked_credential(award: Row, credential_json: str, kind: str) -> bytes:
    """The badge image with the holder's signed Open Badges 3.0 credential inside (PNG iTXt
    ``openbadgecredential`` or SVG ``openbadges:credential``); LookupError if not drawn in that format."""
    drawn = _artwork(_artwork_path(award.course_slug, award.image_path, kind))
    if drawn.kind != kind:
        raise LookupError(f"no {kind.upper()} artwork for this badge")
    return ob3_baking.bake_png(drawn.data, credential_json) if kind == "png" else ob3_baking.bake_svg(drawn.data, credential_json)
