"""One learner of a run, as the run's tutors see them: progress per module with its dates, quiz
attempts, reflections, peer work given and received, badges, notifications, last activity."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lms.cohort.queries import learner as q
from lms.cohort.services.access import taught_run
from lms.cohort.services.learners import modules_due_count, status_of
from lms.core.errors import NotFound
from lms.core.i18n import gettext, lazy_gettext
from lms.courses.services.runs import live_modules_with_overrides, module_opening_times, target_dates

# What each notification was, in a tutor's words (the ledger's kinds; an unknown kind is "Other").
NOTIFICATION_KINDS = {
    "module_opened": lazy_gettext("Module opened"),
    "schedule_changed": lazy_gettext("New dates"),
    "window_closing": lazy_gettext("The run closes in 7 days"),
    "inactivity": lazy_gettext("Reminder after 14 days without activity"),
    "review_received": lazy_gettext("A peer reviewed their work"),
    "claim_expiring": lazy_gettext("A review they started is about to expire"),
    "review_duties": lazy_gettext("Peer review still to do before the run closes"),
    "badge_awarded": lazy_gettext("Badge earned"),
    "work_hidden": lazy_gettext("Work or review hidden by a tutor"),
    "work_restored": lazy_gettext("Work or review visible again"),
    "result_overridden": lazy_gettext("Result set by a tutor"),
    "announcement": lazy_gettext("Announcement"),
    "discussion_reply": lazy_gettext("A reply in a discussion they follow"),
    "discussion_digest": lazy_gettext("Daily digest of discussion replies"),
    "post_hidden": lazy_gettext("Post hidden by a tutor"),
}
EMAIL_STATES = {
    "pending": lazy_gettext("E-mail waiting to be sent"),
    "sending": lazy_gettext("E-mail being sent"),
    "sent": lazy_gettext("E-mailed"),
    "skipped": lazy_gettext("Not e-mailed (their choice)"),
    "failed": lazy_gettext("E-mail failed"),
    "digest": lazy_gettext("Waiting for the daily digest"),
    "digested": lazy_gettext("E-mailed in a daily digest"),
}


@dataclass
class ModuleLine:
    """One module for this learner: when it opened (or opens), when they should finish it (a paced
    run), their first and last page done, their counts, and when they completed it."""

    module: object
    opens_at: datetime | None
    target_at: datetime | None
    units_done: int
    units: int
    quizzes_passed: int
    reflections: int
    assignments_submitted: int
    assignments_done: int
    first_done_at: datetime | None
    last_done_at: datetime | None
    completed_at: datetime | None
    quizzes: list = field(default_factory=list)
    reflections_written: list = field(default_factory=list)
    submissions: list = field(default_factory=list)
    reviews: list = field(default_factory=list)


@dataclass(frozen=True)
class LearnerPage:
    course: object
    run: object
    learner: object  # enrolment id, enrolled, last active, user id, name, e-mail, completed at, deadline
    status: str  # a key of learners.ROW_STATUSES
    done: int
    due: int
    modules: list[ModuleLine]
    badges: list
    notifications: list
    notification_kinds: dict = field(default_factory=lambda: NOTIFICATION_KINDS)
    email_states: dict = field(default_factory=lambda: EMAIL_STATES)


@dataclass(frozen=True)
class _Status:
    completed_at: datetime | None
    last_active_at: datetime | None
    enrolled_at: datetime
    done: int
    due: int


def learner_page(viewer, course_slug: str, run_slug: str, user_id: int, *, now: datetime) -> LearnerPage:
    """Everything the run holds of one learner, for the course's tutors and admins: NotFound for
    anyone else, and for a user not enrolled in this run. A fixed number of statements."""
    taught = taught_run(viewer, course_slug, run_slug)
    course, run = taught.course, taught.run
    found = q.enrolled_learner(run.id, user_id)
    if found is None:
        raise NotFound(gettext("No such learner in this run."))
    enrolment_id, enrolled_at = found[0], found[1]
    modules, overrides = live_modules_with_overrides(course.id, run.id, source_hash=course.source_hash)
    opens = module_opening_times(run, modules, overrides, enrolled_at=enrolled_at)
    targets = target_dates(run, modules, enrolled_at)
    by_id = {m.id: m for m in modules}
    lines = {row[0]: ModuleLine(by_id[row[0]], opens.get(row[0]), targets.get(row[0]), *row[1:])
             for row in q.module_progress(enrolment_id, course.id) if row[0] in by_id}
    for rows, name in ((q.quiz_attempts(enrolment_id), "quizzes"), (q.reflections(enrolment_id), "reflections_written"),
                       (q.submissions(enrolment_id), "submissions"), (q.reviews_given(enrolment_id), "reviews")):
        for row in rows:  # each row starts with its module's id
            if row[0] in lines:
                getattr(lines[row[0]], name).append(row)
    done = sum(1 for line in lines.values() if line.completed_at is not None)
    due = modules_due_count(taught, now=now, modules=modules, overrides=overrides, enrolled_at=enrolled_at,
                            deadline_at=found[7])
    status = status_of(_Status(found[6], found[2], enrolled_at, done, due), now=now)
    return LearnerPage(course, run, found, status, done, due, list(lines.values()), q.badges(user_id, run.id),
                       q.notifications(user_id, course.slug))
