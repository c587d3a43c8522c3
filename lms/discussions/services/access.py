"""Who may read and write a run's discussions: the learners enrolled in it (not unenrolled), the
course's tutors and admins. Anyone else gets Not found, whatever they ask for (a thread id, a post
id, a search): an outsider learns nothing, not even that the thread exists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from lms.core.access import can_teach
from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.courses.services import content
from lms.courses.services.staffing import find_run
from lms.discussions.models import Post, Thread
from lms.learning import services as learning

if TYPE_CHECKING:
    from lms.courses.models import Course, Run
    from lms.learning.models import Enrolment


@dataclass(frozen=True)
class Forum:
    """A run's discussions as one person may use them."""

    course: Course
    run: Run
    enrolment: Enrolment | None  # the reader's, when they are a learner of the run
    moderates: bool  # a tutor of the course, or an admin
    read_only: bool  # the window has closed (for this learner, or the run's end for its tutors)


def _not_found() -> NotFound:
    return NotFound(gettext("No such discussion."))


def _forum(user, course: Course, run_slug: str | None, *, now: datetime) -> Forum:
    if user is None or not getattr(user, "id", None):
        raise _not_found()
    if can_teach(user, course.id):
        _, run = find_run(course.slug, run_slug)
        return Forum(course, run, None, True, learning.window_closed(run, None, now))
    runs = {run.id: run for run in content.runs_of(course.id)}
    enrolment = learning.latest_enrolment(user.id, list(runs), active_only=True)
    if enrolment is None or (run_slug and runs[enrolment.run_id].slug != run_slug):
        raise _not_found()
    run = runs[enrolment.run_id]
    return Forum(course, run, enrolment, False, learning.window_closed(run, enrolment, now))


def open_forum(user, course_slug: str, run_slug: str | None = None, *, now: datetime) -> Forum:
    """The run's discussions for this reader: a learner's own run, or for a tutor the named run
    (the latest when none is named)."""
    try:
        course = content.get_live_course(course_slug)
    except NotFound:
        raise _not_found() from None
    return _forum(user, course, run_slug, now=now)


def thread_forum(user, thread_id: int, *, now: datetime) -> tuple[Forum, Thread]:
    """A thread and the forum it is in, for someone who may read it."""
    thread = db.session.get(Thread, thread_id)
    if thread is None:
        raise _not_found()
    run = content.get_run(thread.run_id)
    forum = _forum(user, content.get_course(run.course_id), run.slug, now=now)
    if forum.run.id != thread.run_id:
        raise _not_found()
    return forum, thread


def post_forum(user, post_id: int, *, now: datetime) -> tuple[Forum, Thread, Post]:
    """A post, its thread and forum, for someone who may read it."""
    thread_id = db.session.scalar(select(Post.thread_id).where(Post.id == post_id))
    if thread_id is None:
        raise _not_found()
    forum, thread = thread_forum(user, thread_id, now=now)
    return forum, thread, db.session.get(Post, post_id)
