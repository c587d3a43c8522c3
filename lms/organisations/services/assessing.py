"""Assessors (a role) and their work: the queue of submitted applications (oldest first, claimed
so that two assessors never judge the same one at once), the review against the rubric, the final
decision with its written reason, the award issued to the organisation, and its revocation. Every
step is written to the platform's audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import aliased

from lms.awards import services as awards
from lms.core.audit import record_audit
from lms.core.db import insert_ignoring_duplicates
from lms.core.errors import DomainError, NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext, in_language, lazy_gettext
from lms.core.keyset import Cursor, Page, after_cursor, before_cursor, make_page, order
from lms.organisations import queries
from lms.organisations.models import Application, Assessor, AwardScheme, Organisation
from lms.organisations.services.applications import AUDIT_KIND, ApplicationView, criteria_status, get_application, is_assessor
from lms.organisations.services.notices import tell_coordinators
from lms.organisations.services.scheme_file import Scheme

if TYPE_CHECKING:
    from lms.accounts.models import User

CLAIM_HOLD = timedelta(days=14)  # a claim nobody acts on goes back to the queue
QUEUE_SIZE = 25
VERDICTS = {"met": lazy_gettext("Met"), "partly": lazy_gettext("Partly met"), "not-met": lazy_gettext("Not met")}
COMMENT_MAX = 4000
REASON_MAX = 8000


def _assessor_user(email: str):
    user = queries.user_by_email(email)
    if user is None:
        raise NotFound(gettext("No account has the address %(email)s.", email=email.strip()))
    return user


def add_assessor(email: str, *, actor_id: int | None, now: datetime) -> bool:
    """Make the account at ``email`` an assessor; whether it was not one yet."""
    user = _assessor_user(email)
    added = db.session.execute(insert_ignoring_duplicates(Assessor, conflict_columns=["user_id"]).values(
        user_id=user.id, added_at=now), execution_options={"preserve_rowcount": True}).rowcount
    if added:
        record_audit(action="role.grant", now=now, actor_id=actor_id, subject_user_id=user.id, target_kind="user",
                     target_id=user.id, details={"role": "assessor"})
    return bool(added)


def remove_assessor(email: str, *, actor_id: int | None, now: datetime) -> bool:
    user = _assessor_user(email)
    removed = db.session.execute(delete(Assessor).where(Assessor.user_id == user.id)).rowcount
    if removed:
        record_audit(action="role.revoke", now=now, actor_id=actor_id, subject_user_id=user.id, target_kind="user",
                     target_id=user.id, details={"role": "assessor"})
    return bool(removed)


def list_assessors() -> list[tuple[int, str, str]]:
    """(user id, name, e-mail) of every assessor, by name."""
    return queries.assessors()


def _require_assessor(user: User) -> None:
    if not is_assessor(user):
        raise NotFound(gettext("No such page."))


@dataclass(frozen=True)
class QueueLine:
    application: Application
    organisation: str
    scheme: str
    level: str
    claimed_by: str | None


def queue(user: User, *, cursor: Cursor = Cursor(), now: datetime, size: int = QUEUE_SIZE) -> Page[QueueLine]:
    """Submitted applications waiting for a decision, oldest submission first (a keyset page)."""
    _require_assessor(user)
    at = aliased(Application)
    keys = [(Application.submitted_at, select(at.submitted_at).where(at.id == cursor.row_id).scalar_subquery()),
            (Application.id, select(at.id).where(at.id == cursor.row_id).scalar_subquery())]
    waiting = Application.status == "submitted"
    query = (select(Application, Organisation.name, AwardScheme.title, AwardScheme.spec)
             .join(Organisation, Organisation.id == Application.organisation_id)
             .join(AwardScheme, AwardScheme.id == Application.scheme_id).where(waiting))
    beyond = after_cursor(keys, cursor)
    rows = db.session.execute((query.where(beyond) if beyond is not None else query).order_by(*order(keys, cursor)).limit(size)).all()
    if cursor.backwards:
        rows.reverse()
    names = queries.names_of([row[0].claimed_by_id for row in rows if _held(row[0], now)])
    lines = [QueueLine(row[0], row[1], row[2], _level_name(row[3], row[0].level_slug),
                       names.get(row[0].claimed_by_id) if _held(row[0], now) else None) for row in rows]
    total = db.session.scalar(select(func.count()).select_from(Application).where(waiting)) or 0
    before = db.session.scalar(select(func.count()).select_from(Application).where(waiting, before_cursor(keys, cursor))) \
        if cursor.row_id else 0
    return make_page(lines, lambda line: line.application.id, cursor=cursor, rows_before_cursor=before or 0, total=total)


def _level_name(spec: dict, slug: str) -> str:
    return next((level["name"] for level in spec.get("levels", []) if level.get("slug") == slug), slug)


def _held(application: Application, now: datetime) -> bool:
    return application.claimed_by_id is not None and application.claimed_at is not None and application.claimed_at > now - CLAIM_HOLD


def claim(user: User, application_id: int, *, now: datetime) -> bool:
    """Take a submitted application to judge; False if another assessor holds it (one conditional
    UPDATE decides between two at once). Claiming one's own claim again is a success."""
    _require_assessor(user)
    won = db.session.execute(update(Application).where(
        Application.id == application_id, Application.status == "submitted",
        or_(Application.claimed_by_id.is_(None), Application.claimed_by_id == user.id, Application.claimed_at <= now - CLAIM_HOLD))
        .values(claimed_by_id=user.id, claimed_at=now).execution_options(synchronize_session=False)).rowcount
    if won:
        record_audit(action="organisation_award.claim", now=now, actor_id=user.id, target_kind=AUDIT_KIND, target_id=application_id)
    elif db.session.get(Application, application_id) is None:
        raise NotFound(gettext("No such application."))
    return bool(won)


def release(user: User, application_id: int, *, now: datetime) -> bool:
    _require_assessor(user)
    released = db.session.execute(update(Application).where(
        Application.id == application_id, Application.status == "submitted", Application.claimed_by_id == user.id)
        .values(claimed_by_id=None, claimed_at=None).execution_options(synchronize_session=False)).rowcount
    if released:
        record_audit(action="organisation_award.release", now=now, actor_id=user.id, target_kind=AUDIT_KIND, target_id=application_id)
    return bool(released)


@dataclass(frozen=True)
class Decision:
    verdicts: dict[str, tuple[str, str]]  # rubric slug -> (verdict, comment)
    level: str  # a level's slug, or "" for not awarded
    reason: str


def check_decision(scheme: Scheme, applied_for: str, decision: Decision) -> tuple[dict, str | None, str]:
    """The judgements as stored, the level awarded (None: not awarded) and the reason; ValidationError
    naming the field (``verdict-<slug>``, ``comment-<slug>``, ``level``, ``reason``) otherwise."""
    judgements = {}
    for item in scheme.rubric:
        verdict, comment = decision.verdicts.get(item.slug, ("", ""))
        if verdict not in VERDICTS:
            raise ValidationError(f"verdict-{item.slug}", gettext("Judge this criterion: met, partly met or not met."))
        comment = comment.strip()
        if not comment or len(comment) > COMMENT_MAX:
            raise ValidationError(f"comment-{item.slug}", gettext("Say why, in at most %(num)d characters.", num=COMMENT_MAX))
        judgements[item.slug] = {"verdict": verdict, "comment": comment}
    allowed = [level.slug for level in scheme.levels_up_to(applied_for)]
    if decision.level and decision.level not in allowed:
        raise ValidationError("level", gettext("Award the level applied for or a lower one, or do not award."))
    reason = decision.reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise ValidationError("reason", gettext("Write the reason for the decision (at most %(num)d characters): "
                                                "the organisation reads it.", num=REASON_MAX))
    return judgements, decision.level or None, reason


def decide(user: User, organisation_id: int, application_id: int, decision: Decision, *, content_dir: Path,
           now: datetime) -> ApplicationView:
    """The assessor who holds the application decides: final, once. An award is issued at once."""
    _require_assessor(user)
    view = get_application(user, organisation_id, application_id)
    application = view.application
    if application.status == "decided":
        raise DomainError(gettext("This application has been decided: the decision is final."))
    if application.status != "submitted" or application.claimed_by_id != user.id or not _held(application, now):
        raise DomainError(gettext("Claim this application before you judge it."))
    judgements, level, reason = check_decision(view.scheme, application.level_slug, decision)
    counts = {"criteria": [{"staff": c.staff, "count": c.count} for c in view.criteria]}
    decided = db.session.execute(update(Application).where(
        Application.id == application.id, Application.status == "submitted", Application.claimed_by_id == user.id)
        .values(status="decided", open_slot=None, decided_at=now, decided_by_id=user.id, awarded_level=level, reason=reason,
                judgements=judgements, counts=counts).execution_options(synchronize_session=False)).rowcount
    if not decided:
        raise DomainError(gettext("This application has been decided: the decision is final."))
    record_audit(action="organisation_award.decide", now=now, actor_id=user.id, target_kind=AUDIT_KIND, target_id=application.id,
                 reason=reason, details={"applied_for": application.level_slug, "awarded": level})
    db.session.refresh(application)
    if level is not None:
        application.award_uid = _issue(view, level, content_dir=content_dir, now=now)
    tell_coordinators(view.organisation, application, scheme_title=view.scheme.title,
                      level_name=view.scheme.level(level).name if level else None, now=now)
    return get_application(user, organisation_id, application_id)


def _issue(view: ApplicationView, level_slug: str, *, content_dir: Path, now: datetime) -> str:
    """The organisation's Open Badge for the level, in the scheme's language; its evidence is the public
    summary: the staff counted and the assessor's verdict on each rubric criterion (no portfolio text)."""
    scheme, level, organisation = view.scheme, view.scheme.level(level_slug), view.organisation
    statuses = criteria_status(organisation.id, level)
    with in_language(scheme.language):
        counted = [gettext("%(count)d staff (at least %(num)d needed) completed any of: %(what)s", count=status.count,
                           num=status.staff, what=", ".join(title for _, title in status.completed)) for status in statuses]
        criteria = "\n".join(gettext("- at least %(num)d staff completed any of: %(what)s", num=status.staff,
                                     what=", ".join(title for _, title in status.completed)) for status in statuses)
        criteria += "\n\n" + gettext("An assessor judged the evidence portfolio against the rubric.")
        evidence = [awards.EvidenceItem(name=gettext("Staff professional learning"), narrative="; ".join(counted))] if counted else []
        evidence += [awards.EvidenceItem(name=item.title, narrative=str(VERDICTS[view.application.judgements[item.slug]["verdict"]]))
                     for item in scheme.rubric]
    badge = awards.StandaloneBadge(
        slug=f"{scheme.slug}-{level.slug}", name=f"{scheme.title}: {level.name}", description=level.description or level.name,
        criteria=criteria, image=content_dir / "award-schemes" / scheme.slug / level.image, tags=(scheme.title, level.name))
    return awards.issue_standalone(f"organisation-award:{view.application.id}", badge,
                                   awards.Recipient(name=organisation.name, url=organisation.web_address), evidence, now=now)


def revoke(user: User, organisation_id: int, application_id: int, *, reason: str, now: datetime) -> bool:
    """An administrator or an assessor revokes an award, with a reason the public page shows."""
    if not (getattr(user, "is_admin", False) or is_assessor(user)):
        raise NotFound(gettext("No such page."))
    view = get_application(user, organisation_id, application_id)
    application = view.application
    if application.award_uid is None:
        raise NotFound(gettext("No such award."))
    if application.revoked_at is not None:
        return False
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise ValidationError("reason", gettext("Write the reason: the award's public page shows it."))
    awards.revoke_standalone(f"organisation-award:{application.id}", reason=reason, now=now)
    application.revoked_at, application.revocation_reason = now, reason
    record_audit(action="organisation_award.revoke", now=now, actor_id=user.id, target_kind=AUDIT_KIND, target_id=application.id,
                 reason=reason)
    return True


def audit_trail(view: ApplicationView) -> list:
    return queries.audit_trail(view.application.id, view.application.created_at)


@dataclass(frozen=True)
class PublicAward:
    organisation: Organisation
    application: Application
    award: object  # awards.StandaloneAwardView
    scheme_title: str
    level_name: str


def public_award(organisation_id: int, uid: str) -> PublicAward:
    """An organisation's award for its public page (revoked ones too, saying so); NotFound otherwise."""
    row = db.session.execute(select(Application, Organisation, AwardScheme)
                             .join(Organisation, Organisation.id == Application.organisation_id)
                             .join(AwardScheme, AwardScheme.id == Application.scheme_id)
                             .where(and_(Application.organisation_id == organisation_id, Application.award_uid == uid[:40]))).first()
    if row is None:
        raise NotFound(gettext("No such award."))
    application, organisation, scheme_row = row
    scheme = Scheme.from_spec(scheme_row.spec)
    level = scheme.level(application.awarded_level or "")
    return PublicAward(organisation, application, awards.standalone_award(uid), scheme.title,
                       level.name if level else application.awarded_level or "")


def awards_of(organisation_id: int) -> list[tuple[Application, str, str]]:
    """The organisation's awards (revoked too), newest first, with scheme title and level name."""
    rows = db.session.execute(select(Application, AwardScheme).join(AwardScheme, AwardScheme.id == Application.scheme_id)
                              .where(Application.organisation_id == organisation_id, Application.award_uid.is_not(None))
                              .order_by(Application.decided_at.desc(), Application.id.desc())).all()
    result = []
    for application, row in rows:
        scheme = Scheme.from_spec(row.spec)
        level = scheme.level(application.awarded_level or "")
        result.append((application, scheme.title, level.name if level else ""))
    return result
