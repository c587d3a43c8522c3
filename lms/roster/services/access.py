"""Who may manage a run's enrolments: tutors of its course and admins. Everyone else is Not
found (a tutor of another course learns nothing, not even that the run exists). The rule is
courses' (lms.courses.services.staffing.taught_run), the same for the cohort's pages."""

from lms.courses.services.staffing import TaughtRun, taught_run

__all__ = ["TaughtRun", "taught_run"]
