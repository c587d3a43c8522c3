"""Thin typed models, one file per aggregate."""

from lms.models.badge import Assertion, BadgeClass, Certificate
from lms.models.activity import Activity, CourseCompletion, ModuleProgress, QuizAttempt, Reflection
from lms.models.course import Course, Module, Unit
from lms.models.enrolment import Enrolment, UnitProgress
from lms.models.notification import Notification, ScheduleChange, SchedulerLease
from lms.models.peer_review import Flag, Review, Submission
from lms.models.run import ReleaseOverride, Run
from lms.models.user import CourseStaff, LoginAttempt, LoginSession, RateLimitHit, User

__all__ = [
    "Activity", "Assertion", "BadgeClass", "Certificate", "Course", "CourseCompletion", "CourseStaff", "ModuleProgress", "QuizAttempt", "Reflection", "Enrolment", "Flag", "LoginAttempt", "LoginSession", "RateLimitHit", "Module", "Notification",
    "ReleaseOverride", "Review", "Run", "ScheduleChange", "SchedulerLease", "Submission", "Unit", "UnitProgress", "User",
]
