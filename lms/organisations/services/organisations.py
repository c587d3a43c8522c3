"""Organisations as records, and the people in them: asking to join, a coordinator's approval or
refusal, coordinators naming others, leaving, and each member's consent to share completions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sqlalchemy import func, literal, select, update
from sqlalchemy.orm import aliased

from lms.core.db import contains_text, insert_ignoring_duplicates, lock_row
from lms.core.errors import DomainError, NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext, lazy_gettext
from lms.core.keyset import Cursor, Page, after_cursor, before_cursor, make_page, order
from lms.discussions.services.names import country_choices
from lms.organisations import queries
from lms.organisations.models import KINDS, Membership, Organisation

if TYPE_CHECKING:
    from lms.accounts.models import User

KIND_LABELS = {
    "school": lazy_gettext("School"),
    "early-learning": lazy_gettext("Early-learning setting"),
    "community-learning": lazy_gettext("Community learning setting"),
    "library": lazy_gettext("Library"),
}
PAGE_SIZE = 20
QUEUE_SIZE = 100  # requests shown at once on the organisation's page, oldest first
MEMBERS_SHOWN = 200


@dataclass(frozen=True)
class Details:
    name: str
    kind: str
    country: str
    region: str
    web_address: str


def check_web_address(address: str) -> str:
    """An https address of a site (the badge's identity of the organisation), or ValidationError."""
    address = address.strip()
    try:
        parts = urlsplit(address)
        host = parts.hostname or ""
    except ValueError:
        parts, host = None, ""
    if (parts is None or parts.scheme != "https" or "." not in host or parts.username or parts.password
            or len(address) > 500 or any(c.isspace() for c in address)):
        raise ValidationError("web_address", gettext("Give the organisation's web address, starting with https://"))
    return address


def check_details(details: Details) -> Details:
    name = " ".join(details.name.split())
    if not name or len(name) > 200:
        raise ValidationError("name", gettext("Give a name of at most 200 characters."))
    if details.kind not in KINDS:
        raise ValidationError("kind", gettext("Choose a kind of organisation from the list."))
    if details.country not in dict(country_choices("en")):
        raise ValidationError("country", gettext("Choose a country from the list."))
    region = " ".join(details.region.split())
    if len(region) > 120:
        raise ValidationError("region", gettext("Give a region of at most 120 characters."))
    return Details(name, details.kind, details.country, region, check_web_address(details.web_address))


def create_organisation(user: User, details: Details, *, now: datetime) -> Organisation:
    """A new organisation, whose creator is its first coordinator."""
    details = check_details(details)
    organisation = Organisation(name=details.name, kind=details.kind, country=details.country, region=details.region,
                                web_address=details.web_address, created_at=now, created_by_id=user.id)
    db.session.add(organisation)
    db.session.flush()
    db.session.add(Membership(organisation_id=organisation.id, user_id=user.id, status="member", role="coordinator",
                              requested_at=now, decided_at=now, decided_by_id=user.id))
    db.session.flush()
    return organisation


def get_organisation(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(gettext("No such organisation."))
    return organisation


def membership_of(user: User | None, organisation_id: int) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", True):
        return None
    return db.session.scalar(select(Membership).where(Membership.organisation_id == organisation_id,
                                                      Membership.user_id == user.id))


def is_coordinator(user: User | None, organisation_id: int) -> bool:
    membership = membership_of(user, organisation_id)
    return membership is not None and membership.status == "member" and membership.role == "coordinator"


def coordinated(user: User, organisation_id: int) -> Organisation:
    """The organisation if ``user`` coordinates it; NotFound for anyone else."""
    organisation = get_organisation(organisation_id)
    if not is_coordinator(user, organisation_id):
        raise NotFound(gettext("No such organisation."))
    return organisation


def edit_organisation(user: User, organisation_id: int, details: Details) -> Organisation:
    organisation = coordinated(user, organisation_id)
    details = check_details(details)
    organisation.name, organisation.kind, organisation.country = details.name, details.kind, details.country
    organisation.region, organisation.web_address = details.region, details.web_address
    return organisation


def list_organisations(*, search: str = "", cursor: Cursor = Cursor(), size: int = PAGE_SIZE) -> Page[Organisation]:
    """Organisations by name (a keyset page), those whose name or region holds ``search``."""
    search = search.strip()[:100]
    where = [contains_text([Organisation.name, Organisation.region], search)] if search else []
    at = aliased(Organisation)
    keys = [(Organisation.name, select(at.name).where(at.id == cursor.row_id).scalar_subquery()),
            (Organisation.id, literal(cursor.row_id or 0))]
    query = select(Organisation).where(*where)
    beyond = after_cursor(keys, cursor)
    if beyond is not None:
        query = query.where(beyond)
    rows = list(db.session.scalars(query.order_by(*order(keys, cursor)).limit(size)))
    if cursor.backwards:
        rows.reverse()
    total = db.session.scalar(select(func.count()).select_from(Organisation).where(*where)) or 0
    before = db.session.scalar(select(func.count()).select_from(Organisation).where(*where, before_cursor(keys, cursor))) \
        if cursor.row_id else 0
    return make_page(rows, lambda row: row.id, cursor=cursor, rows_before_cursor=before or 0, total=total)


def request_to_join(user: User, organisation_id: int, *, now: datetime) -> Membership:
    """Ask to join (twice is once); someone refused may ask again."""
    get_organisation(organisation_id)
    db.session.execute(insert_ignoring_duplicates(Membership, conflict_columns=["organisation_id", "user_id"]).values(
        organisation_id=organisation_id, user_id=user.id, status="requested", role="member", shares_completions=False,
        requested_at=now))
    membership = membership_of(user, organisation_id)
    if membership.status == "refused":
        membership.status, membership.requested_at, membership.decided_at, membership.decided_by_id = "requested", now, None, None
    return membership


def _member(organisation_id: int, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organisation_id != organisation_id:
        raise NotFound(gettext("No such request."))
    return membership


def decide_request(user: User, organisation_id: int, membership_id: int, *, approve: bool, now: datetime) -> tuple[Membership, bool]:
    """Approve or refuse a request to join; (membership, whether this call decided it)."""
    coordinated(user, organisation_id)
    membership = _member(organisation_id, membership_id)
    changed = db.session.execute(
        update(Membership).where(Membership.id == membership.id, Membership.status == "requested")
        .values(status="member" if approve else "refused", decided_at=now, decided_by_id=user.id)
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(membership)
    return membership, bool(changed)


def make_coordinator(user: User, organisation_id: int, membership_id: int) -> Membership:
    coordinated(user, organisation_id)
    membership = _member(organisation_id, membership_id)
    if membership.status != "member":
        raise DomainError(gettext("Only a member can be made a coordinator."))
    membership.role = "coordinator"
    return membership


def leave(user: User, organisation_id: int) -> None:
    """Leave (or withdraw a request). The last coordinator names another first."""
    lock_row(Organisation, organisation_id)
    membership = membership_of(user, organisation_id)
    if membership is None:
        return
    if membership.role == "coordinator" and membership.status == "member":
        coordinators = db.session.scalar(select(func.count()).select_from(Membership).where(
            Membership.organisation_id == organisation_id, Membership.role == "coordinator", Membership.status == "member"))
        if coordinators <= 1:
            raise DomainError(gettext("You are its only coordinator: make another member coordinator before you leave."))
    db.session.delete(membership)


def set_sharing(user: User, organisation_id: int, *, share: bool, now: datetime) -> Membership:
    """A member's consent to count their course and programme completions for the organisation.
    Withdrawn, they leave every count not yet decided at once (counts are read live)."""
    membership = membership_of(user, organisation_id)
    if membership is None or membership.status != "member":
        raise NotFound(gettext("No such organisation."))
    if membership.shares_completions != share:
        membership.shares_completions, membership.consent_changed_at = share, now
    return membership


@dataclass(frozen=True)
class People:
    members: list  # (membership, name, email)
    requests: list
    sharing: int


def people_of(user: User, organisation_id: int) -> People | None:
    """What a member sees of the people (coordinators also see addresses and requests); None for anyone else."""
    membership = membership_of(user, organisation_id)
    if membership is None or membership.status != "member":
        return None
    coordinator = membership.role == "coordinator"
    members = queries.members_with_names(organisation_id, "member", limit=MEMBERS_SHOWN)
    requests = queries.members_with_names(organisation_id, "requested", limit=QUEUE_SIZE) if coordinator else []
    return People(members=members, requests=requests, sharing=queries.count_sharing(organisation_id))


def my_memberships(user: User) -> list[tuple[Membership, Organisation]]:
    return list(db.session.execute(select(Membership, Organisation).join(Organisation, Organisation.id == Membership.organisation_id)
                                   .where(Membership.user_id == user.id).order_by(Organisation.name)).all())
