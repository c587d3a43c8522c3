"""Fill a database with a national-scale cohort of "Opening Schools to STEM Careers".

    bench/generate --size L [--database-url URL] [--seed 2017] [--app-root PATH]

Sizes: S 100, M 1,000, L 10,000, XL 50,000 learners, all enrolled in one run (slug
"bench", started 22 days ago so every module is open), with progress spread over the
modules, quiz attempts, reflections, peer submissions and reviews, notifications and
module badges in proportion, discussions (about two posts per learner, in the course-wide
forum and each module's, with a few threads of a thousand replies and more), and one tutor
(tutor@bench.example). The last module's
opening has not been announced yet and course completions lack their course badge and
certificate: bench/load times announcing the one and awarding the others. Inserts go a
chunk at a time (no statement grows with the cohort); reproducible with --seed.
--app-root builds the database of another checkout (its models, migrations and courses)."""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

import click

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import forum_texts  # noqa: E402  (this folder first, whichever checkout the app comes from)
import forums  # noqa: E402
from cohort import (  # noqa: E402
    COURSE, LEARNERS_PER_CHUNK, PASSWORD, RUN, SIZES, TUTOR_EMAIL, Learner, Plan, chunks, review_rows, user_rows, work_rows)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=SIZES, default="S")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--app-root", type=Path, default=HERE.parent, help="the checkout whose app is benchmarked")
    args = parser.parse_args()
    args.app_root = args.app_root.resolve()
    args.database_url = (args.database_url or os.environ.get("LMS_DATABASE_URL")
                         or f"sqlite:///{args.app_root}/instance/bench-{args.size}.sqlite")
    return args


def insert_chunked(model, rows: list[dict], label: str | None = None) -> None:
    from sqlalchemy import insert

    from lms.core.extensions import db

    if label is None:
        for part in chunks(rows):
            db.session.execute(insert(model), part)
        return
    with click.progressbar(length=len(rows), label=f"{label:>18}") as bar:
        for part in chunks(rows):
            db.session.execute(insert(model), part)
            bar.update(len(part))


def reset_database(url: str, app_root: Path) -> None:
    from flask_migrate import upgrade

    from lms.core.extensions import db

    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
    else:
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
        db.engine.dispose()
    upgrade(directory=str(app_root / "migrations"))


def make_plan(app_root: Path, now) -> Plan:
    """The courses from the files, then the benchmark run: started 22 days ago, three modules at
    the start and two more every week, so the last one opened a day ago."""
    from sqlalchemy import select

    from lms.core.extensions import db
    from lms.courses.catalog import load_catalog
    from lms.courses.models import Activity, BadgeClass, Course, Module, Run, Unit
    from lms.courses.services.sync import sync_courses

    sync_courses(load_catalog(app_root / "courses", app_root / "content").courses, now=now)
    course = db.session.scalar(select(Course).where(Course.slug == COURSE))
    template = db.session.scalar(select(Run).where(Run.course_id == course.id))
    run = Run(course_id=course.id, slug=RUN, title="Benchmark run", timezone=template.timezone,
              starts_at=now - timedelta(days=22), ends_at=now + timedelta(days=38), release_mode="scheduled",
              release_initial=3, release_batch=2, release_every_days=7)
    db.session.add(run)
    db.session.commit()
    modules = list(db.session.scalars(select(Module).where(Module.course_id == course.id).order_by(Module.position)))
    return Plan(
        run=run, course=course, modules=modules,
        units={m.id: list(db.session.scalars(select(Unit).where(Unit.module_id == m.id).order_by(Unit.position))) for m in modules},
        activities={m.id: list(db.session.scalars(select(Activity).where(Activity.module_id == m.id).order_by(Activity.id)))
                    for m in modules},
        badges={b.module_id: b for b in db.session.scalars(select(BadgeClass).where(BadgeClass.course_id == course.id))})


def add_people(plan: Plan, count: int) -> list[Learner]:
    """The learners, enrolled three days before the start, and the tutor. The password hash is a
    cheap one (1,000 rounds): bench/load logs hundreds of reviewers in, and log-in is not measured."""
    from sqlalchemy import select
    from werkzeug.security import generate_password_hash

    from lms.accounts.models import User
    from lms.core.access import grant_teaching
    from lms.core.extensions import db
    from lms.learning.models import Enrolment

    password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    enrolled_at = plan.run.starts_at - timedelta(days=3)
    with click.progressbar(length=count, label=f"{'learners':>18}") as bar:
        for part in chunks(range(count)):
            insert_chunked(User, user_rows(part, password_hash, enrolled_at))
            bar.update(len(part))
    tutor = user_rows(range(0, 1), password_hash, enrolled_at)[0] | {"email": TUTOR_EMAIL, "name": "Bench Tutor"}
    insert_chunked(User, [tutor])
    tutor_id = db.session.scalar(select(User.id).where(User.email == TUTOR_EMAIL))
    grant_teaching(tutor_id, plan.course.id)
    learners = db.session.execute(select(User.id, User.email).where(User.email.like("learner%@bench.example"))
                                  .order_by(User.id)).all()
    insert_chunked(Enrolment, [{"user_id": uid, "run_id": plan.run.id, "enrolled_at": enrolled_at} for uid, _ in learners])
    enrolments = dict(db.session.execute(select(Enrolment.user_id, Enrolment.id).where(Enrolment.run_id == plan.run.id)).all())
    db.session.commit()
    return [Learner(uid, enrolments[uid], email) for uid, email in learners]


def add_work(plan: Plan, rng: random.Random, learners: list[Learner]) -> None:
    from lms.activities.models import QuizAttempt, Reflection
    from lms.awards.models import Assertion
    from lms.core.extensions import db
    from lms.learning.models import CourseCompletion, ModuleProgress, UnitProgress
    from lms.notifications.models import Notification
    from lms.peer_review.models import Submission

    models = {"unit": UnitProgress, "module": ModuleProgress, "quiz": QuizAttempt, "reflection": Reflection,
              "submission": Submission, "notification": Notification, "assertion": Assertion, "completion": CourseCompletion}
    with click.progressbar(length=len(learners), label=f"{'their work':>18}") as bar:
        for part in chunks(learners, LEARNERS_PER_CHUNK):
            for name, rows in work_rows(plan, rng, part).items():
                insert_chunked(models[name], rows)
            db.session.commit()
            bar.update(len(part))


def add_reviews(plan: Plan, rng: random.Random, learners: list[Learner]) -> None:
    from sqlalchemy import select

    from lms.core.extensions import db
    from lms.learning.models import Enrolment
    from lms.peer_review.models import Review, Submission

    enrolments = {learner.user_id: learner.enrolment_id for learner in learners}
    for module in plan.modules:
        for activity in (a for a in plan.activities[module.id] if a.kind == "assignment"):
            items = db.session.execute(
                select(Submission.id, Enrolment.user_id).join(Enrolment, Enrolment.id == Submission.enrolment_id)
                .where(Submission.activity_id == activity.id).order_by(Submission.id)).all()
            insert_chunked(Review, review_rows(rng, items, enrolments, plan.run.starts_at), f"reviews {activity.slug[:10]}")
            db.session.commit()


def keep_enrolment_summaries(app_root: Path) -> None:
    """What the app keeps on each enrolment as learners work (modules completed, last activity),
    filled in by the same statements as the learner list's migration fills existing rows; nothing
    in a checkout from before it."""
    import importlib.util

    from sqlalchemy import text

    from lms.core.extensions import db

    path = app_root / "migrations" / "versions" / "c9e5a3b1d4f6_cohort_learner_list.py"
    if not path.exists():
        return
    spec = importlib.util.spec_from_file_location("learner_list_migration", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    for statement in (migration.MODULES_COMPLETED, migration.LAST_ACTIVE):
        db.session.execute(text(statement))
    db.session.commit()


def add_discussions(plan: Plan, rng: random.Random, learners: list[Learner], now) -> None:
    """Threads and replies in the course-wide forum and each open module's (bench/forums.py), a
    batch of threads at a time; through the models' tables, so that the search index's triggers
    see every post. Nothing in a checkout without discussions."""
    from sqlalchemy import func, select
    from sqlalchemy import text as sql_text

    from lms.accounts.models import User
    from lms.core.extensions import db

    try:
        from lms.discussions import models
    except ImportError:
        return
    try:  # the app's own rendering of a post (its Markdown allow-list, no ids)
        from lms.discussions.services.posting import render_post
    except ImportError:
        from lms.core.render import render_markdown

        def render_post(text: str) -> str:
            return render_markdown(text, media=False)

    tables = {"threads": models.Thread, "posts": models.Post, "follows": models.Follow, "reads": models.ReadMark,
              "helpful": models.HelpfulMark, "revisions": models.PostRevision, "reports": models.PostReport}
    forum_list = [forums.Forum(None, plan.run.starts_at, ())] + [
        forums.Forum(module.id, forums.bench_opening(plan.run.starts_at, index),
                     tuple(a.id for a in plan.activities[module.id] if a.kind == "discussion"))
        for index, module in enumerate(plan.modules) if forums.bench_opening(plan.run.starts_at, index) < now]
    writers = forums.Writers(
        run_id=plan.run.id, learners=[learner.user_id for learner in learners], now=now, forums=forum_list,
        tutor_id=db.session.scalar(select(User.id).where(User.email == TUTOR_EMAIL)),
        texts=[(text, render_post(text)) for text in forum_texts.POSTS],
        next_id={name: (db.session.scalar(select(func.max(model.id))) or 0) + 1 for name, model in tables.items()})
    shapes = forums.shapes(rng, len(learners), len(forum_list), required_posts(plan, forum_list))
    with click.progressbar(length=sum(shape.replies + 1 for shape in shapes), label=f"{'discussions':>18}") as bar:
        for batch in forums.batches(shapes):
            for name, rows in forums.batch_rows(writers, rng, batch).items():
                insert_chunked(tables[name], rows)
            db.session.commit()
            bar.update(sum(shape.replies + 1 for shape in batch))
    keep_discussion_figures()
    if db.engine.dialect.name == "postgresql":  # ids were given: the sequences go on after them
        for model in tables.values():
            db.session.execute(sql_text(f"SELECT setval(pg_get_serial_sequence('{model.__tablename__}', 'id'), "
                                        f"COALESCE((SELECT MAX(id) FROM {model.__tablename__}), 1))"))
        db.session.commit()


def required_posts(plan: Plan, forum_list: list) -> dict[int, list[int]]:
    """Per forum (its index) of a module whose completion asks for posts (the discussion_posts
    rule, min_posts each), the learners who completed it, once per post: they wrote them."""
    from sqlalchemy import select

    from lms.core.extensions import db
    from lms.learning.models import Enrolment, ModuleProgress

    required = {}
    for index, forum in enumerate(forum_list):
        module = next((m for m in plan.modules if m.id == forum.module_id), None)
        rules = (module.requirements or {}) if module is not None else {}
        if "discussion_posts" not in rules.get("rules", []) or not rules.get("min_posts"):
            continue
        done = list(db.session.scalars(select(Enrolment.user_id).join(ModuleProgress, ModuleProgress.enrolment_id == Enrolment.id)
                                       .where(ModuleProgress.module_id == module.id, ModuleProgress.completed_at.is_not(None))
                                       .order_by(Enrolment.user_id)))
        required[index] = done * int(rules["min_posts"])
    return required


def keep_discussion_figures() -> None:
    """What the app keeps as people post: each learner's posts in a module's forum on their
    module progress (the discussion_posts rule), and, for two learners in three, the role and
    country they chose to show beside their name. One statement each, over the whole run."""
    from sqlalchemy import text

    from lms.accounts.models import User
    from lms.core.extensions import db
    from lms.learning.models import ModuleProgress

    if hasattr(ModuleProgress, "discussion_posts"):
        db.session.execute(text(
            "UPDATE module_progress SET discussion_posts = (SELECT COUNT(*) FROM discussion_posts p"
            " JOIN enrolments e ON e.user_id = p.author_id AND e.run_id = p.run_id"
            " WHERE e.id = module_progress.enrolment_id AND p.module_id = module_progress.module_id"
            " AND p.hidden_at IS NULL AND p.deleted_at IS NULL)"))
    if hasattr(User, "professional_role"):
        roles = " ".join(f"WHEN {index} THEN '{role}'" for index, role in enumerate(forums.ROLES))
        countries = " ".join(f"WHEN {index} THEN '{code}'" for index, code in enumerate(forums.COUNTRIES))
        db.session.execute(text(
            f"UPDATE users SET professional_role = CASE id % {len(forums.ROLES)} {roles} END,"
            f" country = CASE id % {len(forums.COUNTRIES)} {countries} END"
            " WHERE email LIKE 'learner%@bench.example' AND id % 3 <> 0"))
    db.session.commit()


def totals() -> dict[str, int]:
    from sqlalchemy import func, select

    from lms.core.extensions import db

    tables = ("users", "enrolments", "unit_progress", "module_progress", "quiz_attempts", "reflections", "submissions",
              "reviews", "notifications", "assertions", "course_completions", "discussion_threads", "discussion_posts",
              "discussion_follows", "discussion_read_marks", "discussion_helpful_marks")
    metadata = db.metadata.tables
    return {name: db.session.scalar(select(func.count()).select_from(metadata[name])) for name in tables if name in metadata}


def main() -> int:
    args = parse_args()
    sys.path.insert(0, str(args.app_root))
    os.environ["LMS_DATABASE_URL"] = args.database_url
    from lms import create_app
    from lms.core import clock

    rng = random.Random(args.seed)
    started = time.perf_counter()
    app = create_app()
    with app.app_context():
        reset_database(args.database_url, args.app_root)
        plan = make_plan(args.app_root, clock.now())
        learners = add_people(plan, SIZES[args.size])
        add_work(plan, rng, learners)
        add_reviews(plan, rng, learners)
        keep_enrolment_summaries(args.app_root)
        add_discussions(plan, rng, learners, clock.now())
        counts = totals()
    print(f"generated {args.size} in {time.perf_counter() - started:.1f} s into {args.database_url}")
    print("  " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
