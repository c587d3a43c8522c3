"""Time one learner's "My data" export (the zip the scheduler builds): seconds and the peak of
Python's allocations (tracemalloc), for a learner with N items of their own, so that two sizes
show whether memory stays flat.

    .venv/bin/python bench/my_data.py [--items 1000 10000] [--database-url URL]

Each size gets a fresh database (SQLite in a temporary folder by default) with the practice
course of tests/fixtures and one learner holding the items, spread over quiz attempts,
notifications and discussion posts (inserted in bulk), plus a reflection and a badge (so a
baked PNG). The export is built twice: once timed, once under tracemalloc (slower, not timed)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime(2017, 10, 3, 10, 0, tzinfo=timezone.utc)


def _fill(items: int) -> int:
    """The practice course, one learner and ``items`` rows of theirs; returns the learner's id."""
    from sqlalchemy import insert, select

    from lms.activities import services as activities
    from lms.activities.models import QuizAttempt
    from lms.core.extensions import db
    from lms.courses.catalog import load_catalog
    from lms.courses.services.sync import sync_courses
    from lms.discussions.models import Post, Thread
    from lms.notifications.models import Notification
    from tests.factories import make_awarded_badge, make_learner

    catalog = load_catalog(ROOT / "tests" / "fixtures" / "courses", ROOT / "tests" / "fixtures" / "content")
    sync_courses(catalog.courses, now=NOW)
    db.session.commit()
    user = make_learner("practice", now=NOW, name="Bench Learner", email="bench@example.org")
    activities.submit_quiz(user, "practice", "basics", "check", answers=[[0], [0, 1]], attempt_number=1, now=NOW)
    activities.submit_reflection(user, "practice", "basics", "think", text="What I learned. " * 50, now=NOW)
    db.session.commit()
    make_awarded_badge(user, "practice", now=NOW)
    attempt = db.session.scalar(select(QuizAttempt))
    third = items // 3
    db.session.execute(insert(QuizAttempt), [
        {"enrolment_id": attempt.enrolment_id, "activity_id": attempt.activity_id, "number": n + 2,
         "answers": [[0], [0, 1]], "score": 50, "passed": False, "submitted_at": NOW} for n in range(third)])
    db.session.execute(insert(Notification), [
        {"user_id": user.id, "kind": "module_opened", "key": f"bench:{n}", "created_at": NOW, "email_status": "sent",
         "payload": {"course": "practice", "course_title": "Practice", "module": "basics", "module_title": "Basics"}}
        for n in range(third)])
    from lms.learning.models import Enrolment

    run_id = db.session.get(Enrolment, attempt.enrolment_id).run_id
    thread_id = db.session.execute(insert(Thread).values(
        run_id=run_id, author_id=user.id, title="Bench thread", created_at=NOW, last_post_at=NOW).returning(Thread.id)).scalar_one()
    db.session.execute(insert(Post), [
        {"thread_id": thread_id, "run_id": run_id, "author_id": user.id, "token": uuid.uuid4().hex,
         "text": f"Post {n}: " + "words " * 60, "html": f"<p>Post {n}</p>", "created_at": NOW + timedelta(seconds=n)}
        for n in range(items - 2 * third)])
    db.session.commit()
    return user.id


def _build(user_id: int, now: datetime) -> tuple[float, int]:
    from lms.core.extensions import db
    from lms.privacy import services

    services.request_export(user_id, now=now)
    db.session.commit()
    started = time.perf_counter()
    assert services.build_due_exports(claimer="bench", now=now) == 1
    seconds = time.perf_counter() - started
    export = services.list_exports(user_id, limit=1)[0]
    return seconds, export.size_bytes


def measure(items: int, database_url: str | None) -> dict:
    import config
    from lms import create_app
    from lms.core.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(config.TestConfig, DATABASE_URL=database_url or f"sqlite:///{folder}/bench.sqlite", FIXED_NOW=NOW,
                         MAIL_OUTBOX=f"{folder}/outbox", UPLOAD_DIR=f"{folder}/uploads", DATA_EXPORT_DIR=f"{folder}/exports",
                         CONTENT_DIR=str(ROOT / "tests" / "fixtures" / "content"))
        with app.app_context():
            db.drop_all()
            db.create_all()
            user_id = _fill(items)
            seconds, size = _build(user_id, NOW)
            tracemalloc.start()
            _build(user_id, NOW + timedelta(minutes=1))
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
    return {"items": items, "seconds": round(seconds, 2), "zip_kb": size // 1024, "peak_python_mb": round(peak / 2**20, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--database-url")
    arguments = parser.parse_args()
    for items in arguments.items:
        print(json.dumps(measure(items, arguments.database_url)))


if __name__ == "__main__":
    main()
