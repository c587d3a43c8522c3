"""The learner list's migration fills in existing enrolments: their modules completed and their
last activity as the latest thing they did (before, only page reads recorded it). Its two
UPDATEs run here on real rows, on SQLite and PostgreSQL (tests/test_migrations.py checks the
schema it builds)."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, text, update

from lms.core.extensions import db
from lms.learning.models import Enrolment
from tests.cohort.test_learners_filters import complete_basics, learner, read
from tests.conftest import NOW

MIGRATION = Path(__file__).parents[2] / "migrations" / "versions" / "c9e5a3b1d4f6_cohort_learner_list.py"


def migration():
    spec = importlib.util.spec_from_file_location("learner_list_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_existing_enrolments_get_their_modules_completed_and_last_activity(app, practice):
    done = learner("Dora Done", enrolled=NOW - timedelta(days=3))
    reader = learner("Rita Reader", enrolled=NOW - timedelta(days=3))
    idle = learner("Ivan Idle", enrolled=NOW - timedelta(days=3))
    complete_basics(done, NOW - timedelta(days=2))
    read(reader, NOW - timedelta(days=1))
    # As before the change: only a page read left a trace (an hour before Dora's quiz and reflection).
    db.session.execute(update(Enrolment).values(modules_completed=0, last_active_at=None))
    db.session.execute(update(Enrolment).where(Enrolment.user_id == done.id).values(last_active_at=NOW - timedelta(days=2, hours=1)))
    db.session.commit()
    steps = migration()
    db.session.execute(text(steps.MODULES_COMPLETED))
    db.session.execute(text(steps.LAST_ACTIVE))
    db.session.commit()
    completed = dict(db.session.execute(select(Enrolment.user_id, Enrolment.modules_completed)).all())
    active = dict(db.session.execute(select(Enrolment.user_id, Enrolment.last_active_at)).all())
    assert completed == {done.id: 1, reader.id: 0, idle.id: 0}
    assert active == {done.id: NOW - timedelta(days=2), reader.id: NOW - timedelta(days=1), idle.id: None}
