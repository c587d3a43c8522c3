"""Recount, then award, then notify: the one place where completion is decided.

1. Recount: each feature counts its own work in the module (pages read,
   quizzes passed and reflections, peer work submitted and reviews given, posts in
   the module's forum when it has a discussion prompt).
2. Record: the progress leaf stores the counts and says what became complete.
3. Award: module and course badges and the certificate, each recorded with its
   notification in the ledger, in the same transaction as the learner's action.
4. Programmes: a completed course may complete a programme the learner is on."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from lms.activities import services as activities
from lms.awards import services as awards
from lms.core.completion import ProgressResult
from lms.courses.services import content
from lms.discussions import services as discussions
from lms.learning.services import progress
from lms.peer_review import services as peer_review
from lms.programmes import services as programmes

if TYPE_CHECKING:
    from lms.courses.models import Module
    from lms.learning.models import Enrolment


def recount(enrolment: Enrolment, module: Module) -> progress.WorkCounts:
    by_kind: dict[str, list] = {"quiz": [], "reflection": [], "assignment": [], "discussion": []}
    for activity in content.live_activities(module.id):
        by_kind[activity.kind].append(activity)
    quizzes_passed, reflections_done = activities.count_done(enrolment.id, by_kind["quiz"], by_kind["reflection"])
    submitted, duties_done = peer_review.count_assignments(enrolment.id, [a.id for a in by_kind["assignment"]])
    return progress.WorkCounts(
        units_done=progress.count_units_done(enrolment.id, module.id),
        quizzes_passed=quizzes_passed,
        reflections_done=reflections_done,
        assignments_submitted=submitted,
        assignments_done=duties_done,
        discussion_posts=discussions.count_posts(enrolment.id, enrolment.run_id, enrolment.user_id, module.id)
        if by_kind["discussion"] else 0,
    )


def record_completion(enrolment: Enrolment, module: Module, *, now: datetime) -> ProgressResult:
    """Called by every action that may complete something; returns what it completed and earned."""
    result = progress.record_progress(enrolment, module, recount(enrolment, module), now=now)
    if result.completed_modules or result.completed_course:
        result.awards = awards.award_for_completions(enrolment, result.completed_modules, result.completed_course, now=now)
    if result.completed_course:  # a programme the learner is on may be complete now (same transaction)
        programmes.after_course_completed(enrolment.user_id, now=now)
    return result
