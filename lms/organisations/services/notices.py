"""Telling an organisation's coordinators of an assessor's decision, through the notifications ledger
(in the app, and by e-mail as each coordinator chose): one row per coordinator and decision."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from lms.notifications.services import notify_users
from lms.organisations.models import Application, Membership, Organisation

KIND = "organisation_award"


def tell_coordinators(organisation: Organisation, application: Application, *, scheme_title: str, level_name: str | None,
                      now: datetime) -> int:
    coordinators = select(Membership.user_id).where(Membership.organisation_id == organisation.id,
                                                    Membership.status == "member", Membership.role == "coordinator")
    payload = {"organisation": organisation.id, "organisation_name": organisation.name, "application": application.id,
               "scheme_title": scheme_title, "level_name": level_name, "award": application.award_uid,
               "reason": application.reason}
    return notify_users(coordinators, kind=KIND, key=f"{KIND}:{application.id}", payload=payload, now=now)
