"""What bench/load does inside the app (the checkout given by --app-root, first on sys.path):
find what to request, count SQL statements per page through the Flask client, run the
scheduler's own jobs (lms.features.jobs(), as `flask scheduler once` does) and read the
review claims back from the database. The generator inserts awards without their Open Badges 3.0
credential: the job sign-missing-credentials signs those the credential pages need."""

from __future__ import annotations

import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from cohort import COURSE, PASSWORD, RUN, TUTOR_EMAIL
from sqlalchemy import event, func, select

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Targets:
    """The rows the pages are about."""

    module: str
    unit: str
    assignment_id: int
    assignment: str
    assignment_module: str
    must_receive: int
    learners: list[str]  # the pool logged in for the learner pages
    uids: list[str]  # awarded badges, for the public documents
    thread_id: int | None = None  # the course-wide forum's biggest thread (None: a checkout without discussions)
    thread_middle: int | None = None  # the post halfway down it: its page is ?after=<this id>
    # Awards with their signed Open Badges 3.0 credential, one per learner: (holder's e-mail, uid, the
    # signed JSON as served). Empty in a checkout without them, or when no credential page is measured.
    held: list[tuple[str, str, str]] = field(default_factory=list)
    signing: dict = field(default_factory=dict)  # what sign-missing-credentials did for them


def find_targets(app, pool_size: int, *, credentials: bool = False) -> Targets:
    from lms.accounts.models import User
    from lms.awards.models import Assertion
    from lms.core.extensions import db
    from lms.courses.models import Activity, Module, Run, Unit
    from lms.learning.models import Enrolment
    from lms.peer_review.models import Submission

    with app.app_context():
        run = db.session.scalar(select(Run).where(Run.slug == RUN))
        modules = list(db.session.scalars(select(Module).where(Module.course_id == run.course_id).order_by(Module.position)))
        module = modules[min(2, len(modules) - 1)]
        unit = db.session.scalar(select(Unit).where(Unit.module_id == module.id).order_by(Unit.position))
        assignment, assignment_module = db.session.execute(
            select(Activity, Module).join(Module, Module.id == Activity.module_id)
            .where(Activity.kind == "assignment", Module.course_id == run.course_id).order_by(Module.position)).first()
        learners = list(db.session.scalars(
            select(User.email).join(Enrolment, Enrolment.user_id == User.id)
            .join(Submission, Submission.enrolment_id == Enrolment.id)
            .where(Enrolment.run_id == run.id).group_by(User.email).order_by(User.email).limit(pool_size)))
        uids = list(db.session.scalars(select(Assertion.uid).order_by(Assertion.id).limit(200)))
        targets = Targets(module.slug, unit.slug, assignment.id, assignment.slug, assignment_module.slug,
                          int(assignment.spec.get("must_receive", 2)), learners, uids,
                          *(big_thread(run.id) if "discussions.thread" in app.view_functions else (None, None)))
    if credentials and "badges.my_credential" in app.view_functions:
        targets.held, targets.signing = held_credentials(app, pool_size)
    return targets


def held_credentials(app, pool_size: int, *, most_runs: int = 10) -> tuple[list[tuple[str, str, str]], dict]:
    """Up to ``pool_size`` learners' awards with their signed 3.0 credential, one award per learner (their
    oldest signed one). The scheduler's sign-missing-credentials job signs the oldest awards first, 500 a
    run: it is run until the pool is full, nothing is left to sign, or ``most_runs`` runs; timed."""
    from lms.scheduler import run_job

    signer = job("sign-missing-credentials")
    signed, runs, seconds = 0, 0, 0.0
    while True:
        with app.app_context():
            held = _signed_awards(pool_size)
        if len(held) >= pool_size or runs >= most_runs:
            break
        started = time.perf_counter()
        done = run_job(app, signer)
        seconds += time.perf_counter() - started
        runs, signed = runs + 1, signed + done
        if not done:
            break
    return held, {"runs": runs, "signed": signed, "seconds": seconds,
                  "ms_each": seconds * 1000 / signed if signed else None}


def _signed_awards(limit: int) -> list[tuple[str, str, str]]:
    from lms.accounts.models import User
    from lms.awards.models import Assertion, AwardCredential
    from lms.core.extensions import db

    oldest = (select(func.min(Assertion.id).label("id")).join(AwardCredential, AwardCredential.assertion_id == Assertion.id)
              .where(Assertion.revoked_at.is_(None)).group_by(Assertion.user_id).order_by(func.min(Assertion.id))
              .limit(limit).subquery())
    rows = db.session.execute(select(User.email, Assertion.uid, AwardCredential.document)
                              .join(Assertion, Assertion.user_id == User.id).join(oldest, oldest.c.id == Assertion.id)
                              .join(AwardCredential, AwardCredential.assertion_id == Assertion.id).order_by(Assertion.id))
    return [tuple(row) for row in rows]


def big_thread(run_id: int) -> tuple[int | None, int | None]:
    """The run's course-wide thread with the most replies, and the id of the post halfway down it."""
    from lms.core.extensions import db

    try:
        from lms.discussions.models import Post, Thread
    except ImportError:
        return None, None
    thread = db.session.execute(select(Thread.id, Thread.reply_count).where(Thread.run_id == run_id, Thread.module_id.is_(None))
                                .order_by(Thread.reply_count.desc(), Thread.id).limit(1)).first()
    if thread is None:
        return None, None
    middle = db.session.scalar(select(Post.id).where(Post.thread_id == thread.id).order_by(Post.id)
                               .offset(thread.reply_count // 2).limit(1))
    return thread.id, middle


def enrolled(app) -> int:
    from lms.core.extensions import db
    from lms.courses.models import Run
    from lms.learning.models import Enrolment

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Enrolment).join(Run, Run.id == Enrolment.run_id)
                                 .where(Run.slug == RUN))


def count_statements(app, pages: dict[str, tuple]) -> dict[str, int]:
    """SQL statements for one request of each page, through the Flask client, logged in as
    the page's user (``pages``: name -> (who: learner e-mail, tutor or "", path[, a body to POST]))."""
    from lms.core.extensions import db

    with app.app_context():
        engine = db.engine
    clients: dict[str, object] = {}
    counts = {}
    for name, (who, path, *body) in pages.items():
        if who not in clients:
            clients[who] = app.test_client()
            if who:
                _log_in(clients[who], who)
        statements = []

        def counted(*_):
            statements.append(1)

        event.listen(engine, "before_cursor_execute", counted)
        try:
            clients[who].post(path, data=body[0]) if body else clients[who].get(path)
        finally:
            event.remove(engine, "before_cursor_execute", counted)
        counts[name] = len(statements)
    return counts


def _log_in(client, email: str) -> None:
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, f"log-in failed for {email}"


def claim_reviewers(app, targets: Targets, count: int) -> list[str]:
    """Learners who submitted the assignment and hold no live claim on it, outside the page pool."""
    from lms.accounts.models import User
    from lms.core import clock
    from lms.core.extensions import db
    from lms.learning.models import Enrolment
    from lms.peer_review.models import Review, Submission

    with app.app_context():
        live = (select(Review.id).join(Submission, Submission.id == Review.submission_id)
                .where(Review.reviewer_id == User.id, Submission.activity_id == targets.assignment_id,
                       Review.status == "claimed", Review.expires_at > clock.now()).exists())
        query = (select(User.email).join(Enrolment, Enrolment.user_id == User.id)
                 .join(Submission, Submission.enrolment_id == Enrolment.id)
                 .where(Submission.activity_id == targets.assignment_id, ~live, User.email.not_in(targets.learners))
                 .order_by(User.id.desc()).limit(count))
        return list(db.session.scalars(query))


def job(job_id: str):
    from lms import features

    found = [candidate for candidate in features.jobs() if candidate.id == job_id]
    if not found:
        raise SystemExit(f"no scheduler job '{job_id}' in this checkout")
    return found[0]


@contextmanager
def mail_to_sink(app, port: int):
    saved = {key: app.config.get(key) for key in ("MAIL_TRANSPORT", "MAIL_HOST", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USERNAME")}
    app.config.update(MAIL_TRANSPORT="smtp", MAIL_HOST="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_USERNAME=None)
    try:
        yield
    finally:
        app.config.update(saved)


def deliver_until_done(app) -> int:
    """The scheduler's deliver-email job, run again until it sends nothing."""
    from lms.scheduler import run_job

    deliver, sent = job("deliver-email"), 0
    while True:
        done = run_job(app, deliver)
        sent += done
        if not done:
            return sent


def release(app) -> dict:
    """announce-releases (the run's last module opened and was not announced yet), then
    deliver-email until nothing is due: the time from the sweep to the last message accepted."""
    from lms.scheduler import run_job

    started = time.perf_counter()
    told = run_job(app, job("announce-releases"))
    sent = deliver_until_done(app)
    return {"learners": told, "sent": sent, "seconds": time.perf_counter() - started}


def schedule_change(app) -> dict:
    """The tutor moves the last module's opening one hour earlier (it stays open, nothing
    closes): every learner of the run gets the digest. Timed from the save to the last message."""
    from lms.accounts.models import User
    from lms.core import clock
    from lms.core.extensions import db
    from lms.schedule import services as schedule

    with app.app_context():
        tutor = db.session.scalar(select(User).where(User.email == TUTOR_EMAIL))
        rows = schedule.get_schedule(tutor, COURSE, RUN, now=clock.now()).rows
        last = rows[-1]
        started = time.perf_counter()
        plan = schedule.apply_change(tutor, COURSE, RUN, new_dates={last.module.slug: last.opens_at - timedelta(hours=1)},
                                     now=clock.now())
        db.session.commit()
        learners = plan.affected_learners
    sent = deliver_until_done(app)
    return {"learners": learners, "sent": sent, "seconds": time.perf_counter() - started}


def awards(app) -> dict:
    """award-missing-badges: the course badge and certificate of every learner who finished."""
    from lms.scheduler import run_job

    started = time.perf_counter()
    count = run_job(app, job("award-missing-badges"))
    seconds = time.perf_counter() - started
    return {"count": count, "seconds": seconds, "ms_per_award": seconds * 1000 / count if count else None}
