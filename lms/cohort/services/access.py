"""Who may see and steer a run's cohort: tutors of its course and admins. Everything else is
Not found (a tutor of another course learns nothing, not even that the run exists). The rule is
courses' (lms.courses.services.staffing.taught_run), the same for the roster's pages."""

from lms.courses.services.staffing import TaughtRun, taught_run

__all__ = ["TaughtRun", "taught_run"]
