"""Learning's services, one module per concern; the names other features use are here.

``enrolment`` (joining a run), ``pages`` (a learner's place, module and unit pages,
marking a unit done), ``progress`` (the leaf that keeps ModuleProgress and decides
completion), ``checklist``, ``dashboard`` (my courses), ``calendar``, ``announcements``
(the scheduler's sweeps)."""

from lms.learning.services.calendar import CalendarItem, calendar_feed, calendar_items
from lms.learning.services.dashboard import CourseProgress, get_course_progress, list_my_courses
from lms.learning.services.membership import (
    EnrolledMany,
    closes_at,
    enrol_users,
    enrolment_in,
    move_enrolment,
    reenrol,
    set_deadline,
    unenrol,
    window_closed,
)
from lms.learning.services.enrolment import (
    count_enrolled,
    enrol,
    enrol_by_email,
    enrolled_user_ids,
    latest_enrolment,
    unenrol_by_email,
)
from lms.learning.services.pages import (
    ModulePage,
    ModuleState,
    Place,
    UnitPage,
    complete_unit,
    continue_target,
    get_module_page,
    get_place,
    get_unit_page,
)

__all__ = [
    "CalendarItem", "CourseProgress", "ModulePage", "ModuleState", "Place", "UnitPage", "calendar_feed", "calendar_items", "complete_unit",
    "continue_target", "count_enrolled", "enrol", "enrol_by_email", "enrolled_user_ids", "get_course_progress", "get_module_page", "get_place", "get_unit_page",
    "latest_enrolment", "list_my_courses", "unenrol_by_email",
    # membership: a run's roster as its tutors change it (lms.roster)
    "EnrolledMany", "closes_at", "enrol_users", "enrolment_in", "move_enrolment", "reenrol", "set_deadline", "unenrol",
    "window_closed",
]
