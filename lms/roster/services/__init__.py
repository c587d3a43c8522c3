"""Managing who is in a run; the names the views and the job use are here.

``access`` (tutors of the course and admins; everyone else: Not found), ``addresses`` (reading
a file of e-mail addresses), ``enrolling`` (enrolling and inviting from it), ``learners`` (the
enrolments page, one learner's enrolment: unenrol, enrol again, personal deadline, move),
``invitations`` (the link's page and accepting it), ``sending`` (the invitation e-mails)."""

from lms.roster.services.access import TaughtRun, taught_run
from lms.roster.services.addresses import MAX_BYTES, MAX_ROWS, Problem
from lms.roster.services.enrolling import INVITATION_LIFETIME, UploadResult, enrol_from_file
from lms.roster.services.invitations import InvitationGone, OpenInvitation, accept_as, accept_with_new_account, open_invitation
from lms.roster.services.learners import (
    LATEST_DEADLINE,
    DeadlineWindow,
    LearnerEnrolment,
    RosterPage,
    give_deadline,
    learner_enrolment,
    move_learner,
    reenrol_learner,
    roster_page,
    unenrol_learner,
)
from lms.roster.services.sending import MAX_ATTEMPTS, claim_due, record_sending, write_letters

__all__ = [
    "INVITATION_LIFETIME", "LATEST_DEADLINE", "MAX_ATTEMPTS", "MAX_BYTES", "MAX_ROWS", "DeadlineWindow", "InvitationGone", "LearnerEnrolment", "OpenInvitation", "Problem",
    "RosterPage", "TaughtRun", "UploadResult", "accept_as", "accept_with_new_account", "claim_due", "enrol_from_file",
    "give_deadline", "learner_enrolment", "move_learner", "open_invitation", "record_sending", "reenrol_learner",
    "roster_page", "taught_run", "unenrol_learner", "write_letters",
]
