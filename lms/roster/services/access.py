"""Who may manage a run's enrolments: tutors of its course and admins. Everyone else is Not
found (a tutor of another course learns nothing, not even that the run exists). The same rule
as the cohort pages' (lms.cohort.services.access), which the roster, on the same layer, does
not import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lms.core.access import can_teach
from lms.core.errors import NotFound
from lms.core.i18n import gettext
from lms.courses.services.staffing import find_run

if TYPE_CHECKING:
    from lms.courses.models import Course, Run


@dataclass(frozen=True)
class TaughtRun:
    """A run its tutor may manage: the course and the run (ORM objects, read-only here)."""

    course: Course
    run: Run


def taught_run(user, course_slug: str, run_slug: str) -> TaughtRun:
    """The run, if ``user`` teaches its course (or is an admin); NotFound otherwise."""
    if not run_slug:
        raise NotFound(gettext("No such run of this course."))
    course, run = find_run(course_slug, run_slug)  # NotFound if there is none
    if not can_teach(user, course.id):
        raise NotFound(gettext("No such run of this course."))
    return TaughtRun(course, run)
