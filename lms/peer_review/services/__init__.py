"""Peer review's services; the names the views, jobs and other features use are here.

``pages`` (an assignment as the learner sees it, duties, results), ``submissions``,
``queue`` (claiming work to review), ``reviews`` (reviewing, rating, flagging),
``tutoring`` (the tutors' side), ``overview`` (the assignment's tutor page), ``sweeps`` (the scheduler's)."""

from lms.peer_review.services.pages import (
    FLAG_REASONS,
    AssignmentPage,
    Duties,
    Results,
    count_assignments,
    counted_reviews,
    duties_by_assignment,
    get_assignment_page,
    results_of,
)
from lms.peer_review.services.queue import claim_next
from lms.peer_review.services.reviews import ReviewPage, flag, get_review, rate_review, submit_review
from lms.peer_review.services.submissions import anonymous_attachment_name, attachment_for, follow_enrolment, save_submission
from lms.peer_review.services.sweeps import escalate_unreviewed, remind_expiring_claims, remind_open_duties
from lms.peer_review.services.overview import OverviewCursors, SubmissionLine, assignment_overview, disagreements
from lms.peer_review.services.tutoring import (
    MODERATED,
    AssignmentPlace,
    claim_as_tutor,
    flag_place,
    get_submission_for_tutor,
    moderate,
    override_result,
    reviewer_names,
)

__all__ = [
    "FLAG_REASONS", "MODERATED", "AssignmentPage", "AssignmentPlace", "Duties", "OverviewCursors", "Results", "ReviewPage", "SubmissionLine", "anonymous_attachment_name",
    "assignment_overview", "attachment_for", "claim_as_tutor", "claim_next", "count_assignments", "counted_reviews",
    "disagreements", "duties_by_assignment", "escalate_unreviewed", "flag", "flag_place", "follow_enrolment", "get_assignment_page", "get_review",
    "get_submission_for_tutor", "moderate", "override_result", "rate_review", "remind_expiring_claims",
    "remind_open_duties", "results_of", "reviewer_names", "save_submission", "submit_review",
]
