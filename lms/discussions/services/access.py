"""Who may read and write a run's discussions: the learners enrolled in it (not unenrolled), the
course's tutors and admins. Anyone else gets Not found, whatever they ask for (a thread id, a post
id, a search): an outsider learns nothing, not even that the thread exists.

Each entry point reads what it needs in one statement (``queries.access``: the course, thread or
post, whether the reader teaches the course, and the reader's latest enrolment in it), plus one for
a tutor's choice of run: the discussion pages run a fixed, small number of statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Row

from lms.core.errors import NotFound
from lms.core.i18n import gettext
from lms.discussions.queries import access as queries
from lms.learning import services as learning

if TYPE_CHECKING:
    from lms.courses.models import Course, Run
    from lms.discussions.models import Post, Thread
    from lms.learning.models import Enrolment


@dataclass(frozen=True)
class Forum:
    """A run's discussions as one person may use them."""

    course: Course
    run: Run
    enrolment: Enrolment | None  # the reader's, when they are a learner of the run
    moderates: bool  # a tutor of the course, or an admin
    read_only: bool  # the window has closed (for this learner, or the run's end for its tutors)
    runs: tuple = ()  # for those who moderate: the course's runs, newest first (to choose among)


def _not_found() -> NotFound:
    return NotFound(gettext("No such discussion."))


def _signed_in(user) -> bool:
    return user is not None and bool(getattr(user, "id", None))


def _forum(course: Course, teaches: bool, enrolment: Enrolment | None, enrolled_run: Run | None,
           run_slug: str | None, *, now: datetime) -> Forum:
    """Tutors and admins: the named run (the latest when none is named). Learners: their own
    (latest active) enrolment's run, which a named run must be."""
    if teaches:
        runs = tuple(queries.runs_of(course.id))
        run = next((r for r in runs if r.slug == run_slug), None) if run_slug else (runs[0] if runs else None)
        if run is None:
            raise NotFound(gettext("No such run of this course."))
        return Forum(course, run, None, True, learning.window_closed(run, None, now), runs)
    if enrolment is None or (run_slug and enrolled_run.slug != run_slug):
        raise _not_found()
    return Forum(course, enrolled_run, enrolment, False, learning.window_closed(enrolled_run, enrolment, now))


def open_forum(user, course_slug: str, run_slug: str | None = None, *, now: datetime) -> Forum:
    """The run's discussions for this reader: a learner's own run, or for a tutor the named run
    (the latest when none is named)."""
    found = queries.course_context(user, course_slug) if _signed_in(user) else None
    if found is None:
        raise _not_found()
    course, teaches, enrolment, enrolled_run = found
    return _forum(course, bool(teaches), enrolment, enrolled_run, run_slug, now=now)


def _in_thread_run(found: Row | None, *, now: datetime) -> tuple[Forum, Thread]:
    if found is None:
        raise _not_found()
    thread, run, course, teaches, enrolment, enrolled_run = found
    if teaches:  # the thread's own run, without asking for the course's runs
        return Forum(course, run, None, True, learning.window_closed(run, None, now)), thread
    if enrolment is None or enrolled_run.id != run.id:
        raise _not_found()
    return Forum(course, run, enrolment, False, learning.window_closed(run, enrolment, now)), thread


def thread_forum(user, thread_id: int, *, now: datetime) -> tuple[Forum, Thread]:
    """A thread and the forum it is in, for someone who may read it (one statement)."""
    return _in_thread_run(queries.thread_context(user, thread_id) if _signed_in(user) else None, now=now)


def post_forum(user, post_id: int, *, now: datetime) -> tuple[Forum, Thread, Post]:
    """A post, its thread and forum, for someone who may read it (one statement)."""
    found = queries.post_context(user, post_id) if _signed_in(user) else None
    if found is None:
        raise _not_found()
    forum, thread = _in_thread_run(found[1:], now=now)
    return forum, thread, found[0]
