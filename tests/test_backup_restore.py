"""The backup and restore scripts in docs/deploy.md, actually run: what comes back is what went in."""

from __future__ import annotations

import os
import subprocess

from sqlalchemy import create_engine, func, select, text

from lms.core.extensions import db
from lms.awards.models import Assertion
from lms.learning.models import Enrolment
from lms.notifications.models import Notification
from lms.accounts.models import User
from tests.conftest import NOW, ROOT
from tests.factories import make_enrolment, make_user
from tests.web.test_badges import complete_basics, learner

TABLES = (User, Enrolment, Assertion, Notification)


def counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {model.__tablename__: connection.execute(select(func.count()).select_from(model)).scalar() for model in TABLES}


def test_a_backup_restores_into_an_empty_database_with_everything_in_it(app, practice, tmp_path):
    _, client = learner(app)
    complete_basics(client)
    make_enrolment(make_user(now=NOW), "practice", now=NOW)
    db.session.commit()
    before = counts(db.engine)
    assert before["assertions"] == 1

    source = app.config["DATABASE_URL"]
    env = {**os.environ, "PG_BIN": os.environ.get("LMS_TEST_PG_BIN", "")}
    backup = tmp_path / "lms.backup"
    subprocess.run(["bash", str(ROOT / "scripts/backup.sh"), source, str(backup)], check=True, env=env, capture_output=True)

    if source.startswith("postgresql"):
        target = source.rsplit("/", 1)[0] + "/lms_restored"
        admin = create_engine(source, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS lms_restored"))
            connection.execute(text("CREATE DATABASE lms_restored"))
        admin.dispose()
    else:
        target = f"sqlite:///{tmp_path / 'restored.sqlite'}"
    subprocess.run(["bash", str(ROOT / "scripts/restore.sh"), target, str(backup)], check=True, env=env, capture_output=True)

    restored = create_engine(target)
    assert counts(restored) == before
    with restored.connect() as connection:
        assert connection.execute(select(User.email).where(User.email == "ada@school.example")).scalar() == "ada@school.example"
    restored.dispose()
