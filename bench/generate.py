"""Fill a database with a national-scale cohort of "Opening Schools to STEM Careers".

    bench/generate --size L [--database-url URL] [--seed 2017]

Sizes: S 100, M 1,000, L 10,000, XL 50,000 learners, all enrolled in one run (slug
"bench", started three weeks ago so every module is open), with progress spread over
the modules, quiz attempts, reflections, peer submissions and reviews, notifications
and module badges in proportion. Course completions are left without their course
badge and certificate: bench/load times awarding them. Bulk inserts; reproducible
with --seed."""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import time
from datetime import timedelta
from pathlib import Path

import click
from sqlalchemy import func, insert, select
from werkzeug.security import generate_password_hash

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {"S": 100, "M": 1_000, "L": 10_000, "XL": 50_000}
PASSWORD = "bench-password-2017"
CHUNK = 5_000


def chunks(rows, size=CHUNK):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=SIZES, default="S")
    parser.add_argument("--database-url", default=os.environ.get("LMS_DATABASE_URL", f"sqlite:///{ROOT}/instance/bench.sqlite"))
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    os.environ["LMS_DATABASE_URL"] = args.database_url

    from flask_migrate import upgrade

    from lms.core import clock
    from lms import create_app
    from lms.courses.catalog import load_catalog
    from lms.core.extensions import db
    from lms.courses.models import Activity, BadgeClass, Course, Module, Run, Unit
    from lms.awards.models import Assertion
    from lms.learning.models import CourseCompletion, Enrolment, ModuleProgress, UnitProgress
    from lms.notifications.models import Notification
    from lms.activities.models import QuizAttempt, Reflection
    from lms.peer_review.models import Review, Submission
    from lms.accounts.models import User
    from lms.courses.services.sync import sync_courses

    rng = random.Random(args.seed)
    learners = SIZES[args.size]
    started = time.perf_counter()
    app = create_app()
    with app.app_context():
        if args.database_url.startswith("sqlite:///"):
            Path(args.database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        else:
            db.drop_all()
            with db.engine.begin() as connection:
                connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(directory=str(ROOT / "migrations"))
        now = clock.now()
        sync_courses(load_catalog(ROOT / "courses", ROOT / "content").courses, now=now)
        course = db.session.scalar(select(Course).where(Course.slug == "stem-careers"))
        template = db.session.scalar(select(Run).where(Run.course_id == course.id))
        run = Run(course_id=course.id, slug="bench", title="Benchmark run", timezone=template.timezone,
                  starts_at=now - timedelta(days=21), ends_at=now + timedelta(days=39), release_mode="scheduled",
                  release_initial=3, release_batch=2, release_every_days=7)
        db.session.add(run)
        db.session.commit()
        modules = list(db.session.scalars(select(Module).where(Module.course_id == course.id).order_by(Module.position)))
        units = {m.id: list(db.session.scalars(select(Unit).where(Unit.module_id == m.id).order_by(Unit.position))) for m in modules}
        activities = {m.id: list(db.session.scalars(select(Activity).where(Activity.module_id == m.id))) for m in modules}
        badges = {b.module_id: b for b in db.session.scalars(select(BadgeClass).where(BadgeClass.course_id == course.id))}

        password_hash = generate_password_hash(PASSWORD)
        enrolled_at = run.starts_at - timedelta(days=3)
        users = [{"email": f"learner{i:06d}@bench.example", "name": f"Learner {i}", "password_hash": password_hash,
                  "timezone": "Europe/Brussels", "language": "en", "is_admin": False, "session_token": secrets.token_hex(16),
                  "created_at": enrolled_at, "email_muted": [], "calendar_token": secrets.token_urlsafe(24),
                  "show_name_publicly": False} for i in range(learners)]
        with click.progressbar(length=learners, label=f"{args.size}: {learners} learners") as bar:
            for part in chunks(users):
                db.session.execute(insert(User), part)
                bar.update(len(part))
        user_ids = list(db.session.scalars(select(User.id).where(User.email.like("%@bench.example")).order_by(User.id)))
        db.session.execute(insert(Enrolment), [{"user_id": uid, "run_id": run.id, "enrolled_at": enrolled_at} for uid in user_ids])
        enrolments = dict(db.session.execute(select(Enrolment.user_id, Enrolment.id).where(Enrolment.run_id == run.id)).all())
        db.session.commit()

        # How far each learner got: a spread from "just started" to "finished".
        reached = {uid: min(len(modules), int(rng.triangular(0, len(modules) + 1, len(modules) * 0.8))) for uid in user_ids}
        emails = dict(zip(user_ids, (u["email"] for u in users)))
        rows = {name: [] for name in ("unit", "module", "quiz", "reflection", "submission", "notification", "assertion", "completion")}
        for uid in user_ids:
            enrolment_id = enrolments[uid]
            done = reached[uid]
            for index, module in enumerate(modules):
                when = run.starts_at + timedelta(days=index * 3.5 + rng.random() * 3)
                if index < done:
                    for unit in units[module.id]:
                        rows["unit"].append({"enrolment_id": enrolment_id, "unit_id": unit.id, "completed_at": when})
                    for activity in activities[module.id]:
                        if activity.kind == "quiz":
                            tries = rng.choice((1, 1, 2))
                            for number in range(1, tries + 1):
                                rows["quiz"].append({"enrolment_id": enrolment_id, "activity_id": activity.id, "number": number,
                                                     "answers": [[0]] * len(activity.spec["questions"]),
                                                     "score": 100 if number == tries else 40, "passed": number == tries,
                                                     "submitted_at": when})
                        elif activity.kind == "reflection":
                            rows["reflection"].append({"enrolment_id": enrolment_id, "activity_id": activity.id,
                                                       "text": "Reflection text " * 20, "submitted_at": when, "updated_at": when})
                        else:
                            rows["submission"].append({"activity_id": activity.id, "enrolment_id": enrolment_id, "run_id": run.id,
                                                       "text": "A plan. " * 60, "html": "<p>" + "A plan. " * 60 + "</p>",
                                                       "submitted_at": when, "updated_at": when, "locked_at": when})
                    rows["module"].append({"enrolment_id": enrolment_id, "module_id": module.id,
                                           "units_done": len(units[module.id]), "quizzes_passed": 1, "reflections_done": 1,
                                           "assignments_done": 1 if any(a.kind == "assignment" for a in activities[module.id]) else 0,
                                           "assignments_submitted": 1 if any(a.kind == "assignment" for a in activities[module.id]) else 0,
                                           "completed_at": when})
                    badge = badges.get(module.id)
                    if badge:
                        rows["assertion"].append({"uid": secrets.token_urlsafe(16), "badge_class_id": badge.id, "user_id": uid,
                                                  "run_id": run.id, "recipient_email": emails[uid],
                                                  "salt": secrets.token_hex(16), "issued_on": when, "evidence": "Completed the module."})
                elif index == done and units[module.id]:
                    for unit in units[module.id][: rng.randint(0, len(units[module.id]) - 1)]:
                        rows["unit"].append({"enrolment_id": enrolment_id, "unit_id": unit.id, "completed_at": when})
                if index < 6:
                    rows["notification"].append({"user_id": uid, "kind": "module_opened",
                                                 "key": f"module_opened:{run.id}:{module.id}", "created_at": when,
                                                 "read_at": when if rng.random() < 0.7 else None, "email_status": "sent",
                                                 "email_attempts": 1, "email_sent_at": when,
                                                 "payload": {"course": course.slug, "course_title": course.title,
                                                             "module": module.slug, "module_title": module.title,
                                                             "opens_at": when.isoformat(), "run": run.slug}})
            if done == len(modules):
                rows["completion"].append({"enrolment_id": enrolment_id, "completed_at": run.starts_at + timedelta(days=30)})

        for name, model in (("unit", UnitProgress), ("module", ModuleProgress), ("quiz", QuizAttempt), ("reflection", Reflection),
                            ("submission", Submission), ("notification", Notification), ("assertion", Assertion),
                            ("completion", CourseCompletion)):
            with click.progressbar(length=len(rows[name]), label=f"{model.__tablename__:>18}") as bar:
                for part in chunks(rows[name]):
                    db.session.execute(insert(model), part)
                    bar.update(len(part))
        db.session.commit()

        # Two finished reviews for most submissions, from other learners of the run.
        submissions = db.session.execute(select(Submission.id, Submission.activity_id, Enrolment.user_id)
                                         .join(Enrolment, Enrolment.id == Submission.enrolment_id)).all()
        by_activity: dict[int, list] = {}
        for submission_id, activity_id, author in submissions:
            by_activity.setdefault(activity_id, []).append((submission_id, author))
        reviews = []
        for activity_id, items in by_activity.items():
            authors = [author for _, author in items]
            for position, (submission_id, author) in enumerate(items):
                if rng.random() < 0.9 and len(items) > 2:
                    for step in (1, 2):
                        reviewer = authors[(position + step) % len(authors)]
                        reviews.append({"submission_id": submission_id, "reviewer_id": reviewer,
                                        "reviewer_enrolment_id": enrolments[reviewer], "status": "done", "volunteer": False,
                                        "by_tutor": False, "claimed_at": run.starts_at, "expires_at": run.starts_at + timedelta(hours=2),
                                        "submitted_at": run.starts_at + timedelta(hours=1), "scores": [2, 2, 2, 2],
                                        "comments": ["Clear and specific."] * 4, "feedback": "Good plan."})
        with click.progressbar(length=len(reviews), label=f"{'reviews':>18}") as bar:
            for part in chunks(reviews):
                db.session.execute(insert(Review), part)
                bar.update(len(part))
        db.session.commit()
        totals = {model.__tablename__: db.session.scalar(select(func.count()).select_from(model)) for model in
                  (User, Enrolment, UnitProgress, ModuleProgress, QuizAttempt, Reflection, Submission, Review, Notification,
                   Assertion, CourseCompletion)}
    print(f"generated {args.size} in {time.perf_counter() - started:.1f} s into {args.database_url}")
    print("  " + ", ".join(f"{name} {count:,}" for name, count in totals.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
