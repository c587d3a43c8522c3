"""A release's e-mail backlog, shared by the delivery tests (pipelining, outages)."""

from __future__ import annotations

from sqlalchemy import select

from lms.core.extensions import db
from lms.learning.services.announcements import announce_releases
from lms.notifications.models import Notification
from tests.conftest import NOW
from tests.factories import make_enrolment, make_user
from tests.service.test_announcements import BEFORE_START

MODULES_OPEN_BY_NOW = 5  # 5 modules are open by 3 October


def make_backlog(learners: int) -> int:
    """``learners`` enrolled before the start, each told of every module open by NOW; the
    number of messages waiting."""
    for _ in range(learners):
        make_enrolment(make_user(now=BEFORE_START), now=BEFORE_START)
    messages = announce_releases(now=NOW).recorded
    assert messages == learners * MODULES_OPEN_BY_NOW
    db.session.commit()
    return messages


def outbox() -> list[Notification]:
    """Every notification as the database holds it now, oldest first."""
    db.session.expire_all()
    return list(db.session.scalars(select(Notification).order_by(Notification.id)))
