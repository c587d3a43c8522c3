"""Programmes' services; the names the views, commands, jobs and other features use are here.

``programme_file`` + ``files`` (programme files: checked with file and line, synced), ``progress``
(where a learner stands), ``pages`` (the list, a programme's page, enrolling), ``completion``
(completing once, the badge, the certificate, the notification; the sweep), ``workshops`` (a tutor
confirms attendance; the seam for other sources), ``placements`` (the supervisor's one-time link),
``learners`` (the tutors' view, the learning record's lines)."""

from lms.programmes.services.completion import (
    after_course_completed, badge_image, check_learner, check_programme_completions, source_of,
)
from lms.programmes.services.files import check_files, slugs_on_file, sync_files
from lms.programmes.services.learners import LearnerRow, LearnersPage, ProgrammeRecordEntry, list_learners, record_of
from lms.programmes.services.pages import (
    EnrolResult, ProgrammeCard, ProgrammePage, completed_courses, enrol, get_programme_page, programme_cards,
)
from lms.programmes.services.placements import (
    EXPIRED, OPEN, UNKNOWN, USED, PlacementDetails, SignOffPage, decide_placement, resend_link, save_placement,
    sign_off_page, supervisor_letter,
)
from lms.programmes.services.programme_file import ProgrammeSpec
from lms.programmes.services.progress import (
    COMPLETED, IN_PROGRESS, NOT_ENROLLED, UNAVAILABLE, CourseStatus, Progress, get_programme, placement_of,
)
from lms.programmes.services.workshops import (
    confirm_workshop, is_programme_tutor, learner_name, record_workshop, taught_programme,
)

__all__ = [
    "after_course_completed", "badge_image", "check_learner", "check_programme_completions", "source_of",
    "check_files", "slugs_on_file", "sync_files", "LearnerRow", "LearnersPage", "ProgrammeRecordEntry", "list_learners",
    "record_of", "EnrolResult", "ProgrammeCard", "ProgrammePage", "completed_courses", "enrol", "get_programme_page",
    "programme_cards", "EXPIRED", "OPEN", "UNKNOWN", "USED", "PlacementDetails", "SignOffPage", "decide_placement",
    "resend_link", "save_placement", "sign_off_page", "supervisor_letter", "ProgrammeSpec", "COMPLETED", "IN_PROGRESS",
    "NOT_ENROLLED", "UNAVAILABLE", "CourseStatus", "Progress", "get_programme", "placement_of", "confirm_workshop",
    "is_programme_tutor", "learner_name", "record_workshop", "taught_programme",
]
