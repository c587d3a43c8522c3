"""Courses and who tutors them, for the administration's pages."""

from __future__ import annotations

from dataclasses import dataclass

from lms.admin import queries
from lms.core.errors import NotFound
from lms.core.i18n import gettext


@dataclass(frozen=True)
class CourseStaffing:
    course: object
    tutors: list


def all_courses() -> list:
    return queries.list_courses()


def get_course(course_id: int):
    course = queries.get_course(course_id)
    if course is None:
        raise NotFound(gettext("No such course."))
    return course


def tutors_of(course_id: int) -> list:
    return queries.tutors_of(course_id)


def courses_with_tutors() -> list[CourseStaffing]:
    """Every course with its tutors: two queries whatever the number of courses."""
    courses = queries.list_courses()
    tutors = queries.tutors_by_course([course.id for course in courses])
    return [CourseStaffing(course, tutors.get(course.id, [])) for course in courses]
