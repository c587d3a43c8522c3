"""Who may see and steer a run's cohort: tutors of its course and admins. Everything else is
Not found (a tutor of another course learns nothing, not even that the run exists)."""

from __future__ import annotations

from dataclasses import dataclass

from lms.core.access import can_teach
from lms.core.errors import NotFound
from lms.core.i18n import gettext
from lms.courses.services.staffing import find_run


@dataclass(frozen=True)
class TaughtRun:
    """A run its tutor may see: the course and the run (ORM objects, read-only here)."""

    course: object
    run: object


def taught_run(user, course_slug: str, run_slug: str) -> TaughtRun:
    """The run, if ``user`` teaches its course (or is an admin); NotFound otherwise."""
    if not run_slug:
        raise NotFound(gettext("No such run of this course."))
    course, run = find_run(course_slug, run_slug)  # NotFound if there is none
    if not can_teach(user, course.id):
        raise NotFound(gettext("No such run of this course."))
    return TaughtRun(course, run)
