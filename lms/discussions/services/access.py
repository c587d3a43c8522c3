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

from lms.core.errors import ModuleLocked, NotFound
from lms.core.i18n import gettext
from lms.courses.services.runs import is_open, live_modules_with_overrides, module_opening_times
from lms.discussions.queries import access as queries
from lms.learning import services as learning

if TYPE_CHECKING:
    from lms.courses.models import Course, Module, Run
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


def same_course(forum: Forum, course_slug: str | None) -> None:
    """Threads and posts are addressed under their course: another course's slug finds nothing."""
    if course_slug is not None and forum.course.slug != course_slug:
        raise _not_found()


def readable_modules(forum: Forum, now: datetime) -> tuple[list[Module], list[Module]]:
    """The course's live modules whose forum this reader may open, and those not open yet. Tutors:
    all (the modules are kept in memory: no statement). Learners: the modules open for them, by
    learning's opening times (the run's overrides: one statement)."""
    course = forum.course
    if forum.moderates:
        modules, _ = live_modules_with_overrides(course.id, None, source_hash=course.source_hash)
        return list(modules), []
    modules, overrides = live_modules_with_overrides(course.id, forum.run.id, source_hash=course.source_hash)
    times = module_opening_times(forum.run, modules, overrides, enrolled_at=forum.enrolment.enrolled_at)
    opened = [m for m in modules if is_open(times[m.id], now)]
    return opened, [m for m in modules if not is_open(times[m.id], now)]


def locked_module(forum: Forum, module: Module) -> ModuleLocked:
    """The error for a module forum not open yet for this learner, saying when it opens."""
    modules, overrides = live_modules_with_overrides(forum.course.id, forum.run.id, source_hash=forum.course.source_hash)
    times = module_opening_times(forum.run, modules, overrides, enrolled_at=forum.enrolment.enrolled_at)
    return ModuleLocked(module.title, times.get(module.id), forum.course.language)


def _check_learner_may_read(forum: Forum, thread: Thread, now: datetime) -> None:
    """A learner reads a thread only while it is shown (not hidden by a tutor) and its module's
    forum is open for them: every page and action on its posts asks this, not only the thread page."""
    if thread.hidden_at is not None:
        raise _not_found()
    if thread.module_id is None:
        return
    opened, later = readable_modules(forum, now)
    if any(module.id == thread.module_id for module in opened):
        return
    waiting = next((module for module in later if module.id == thread.module_id), None)
    raise locked_module(forum, waiting) if waiting is not None else _not_found()


def _in_thread_run(found: Row | None, *, now: datetime, course_slug: str | None) -> tuple[Forum, Thread]:
    if found is None:
        raise _not_found()
    thread, run, course, teaches, enrolment, enrolled_run = found
    if teaches:  # the thread's own run, without asking for the course's runs
        forum = Forum(course, run, None, True, learning.window_closed(run, None, now))
        same_course(forum, course_slug)
        return forum, thread
    if enrolment is None or enrolled_run.id != run.id:
        raise _not_found()
    forum = Forum(course, run, enrolment, False, learning.window_closed(run, enrolment, now))
    same_course(forum, course_slug)
    _check_learner_may_read(forum, thread, now)
    return forum, thread


def thread_forum(user, thread_id: int, *, now: datetime, course_slug: str | None = None) -> tuple[Forum, Thread]:
    """A thread and the forum it is in, for someone who may read it, at an address naming its
    course (when ``course_slug`` is given): one statement, and for a learner in a module's forum
    one more for the run's opening times."""
    found = queries.thread_context(user, thread_id) if _signed_in(user) else None
    return _in_thread_run(found, now=now, course_slug=course_slug)


def post_forum(user, post_id: int, *, now: datetime, course_slug: str | None = None) -> tuple[Forum, Thread, Post]:
    """A post, its thread and forum, for someone who may read the thread (as ``thread_forum``)."""
    found = queries.post_context(user, post_id) if _signed_in(user) else None
    if found is None:
        raise _not_found()
    forum, thread = _in_thread_run(found[1:], now=now, course_slug=course_slug)
    return forum, thread, found[0]
