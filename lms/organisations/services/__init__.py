"""Organisations' services; the names the views, commands and other features use are here.

``organisations`` (records, joining, coordinators, consent), ``scheme_file`` + ``schemes`` (award
schemes as files: checked with file and line, synced), ``applications`` (criteria counted live,
the evidence portfolio, submitting), ``assessing`` (assessors, their queue, claims, the final
decision, the award and its revocation), ``notices`` (coordinators told of a decision)."""

from lms.organisations.services.applications import (
    ATTACHMENTS_MAX,
    ApplicationView,
    applications_of,
    attachment_for,
    change_level,
    criteria_status,
    get_application,
    is_assessor,
    remove_attachment,
    save_evidence,
    schemes_for,
    start_application,
    submit_application,
)
from lms.organisations.services.assessing import (
    VERDICTS,
    Decision,
    PublicAward,
    add_assessor,
    audit_trail,
    awards_of,
    claim,
    decide,
    list_assessors,
    public_award,
    queue,
    release,
    remove_assessor,
    revoke,
)
from lms.organisations.services.organisations import (
    KIND_LABELS,
    Details,
    People,
    check_web_address,
    coordinated,
    create_organisation,
    decide_request,
    edit_organisation,
    get_organisation,
    is_coordinator,
    leave,
    list_organisations,
    make_coordinator,
    membership_of,
    my_memberships,
    people_of,
    request_to_join,
    set_sharing,
)
from lms.organisations.services.scheme_file import KINDS, Scheme
from lms.organisations.services.schemes import check_files, get_scheme, list_schemes, sync_files
from lms.peer_review.services.submissions import Upload
from lms.discussions.services.names import country_name

__all__ = [
    "ATTACHMENTS_MAX", "ApplicationView", "applications_of", "attachment_for", "change_level", "criteria_status",
    "get_application", "is_assessor", "remove_attachment", "save_evidence", "schemes_for", "start_application",
    "submit_application",
    "VERDICTS", "Decision", "PublicAward", "add_assessor", "audit_trail", "awards_of", "claim", "decide", "list_assessors",
    "public_award", "queue", "release", "remove_assessor", "revoke",
    "KIND_LABELS", "Details", "People", "check_web_address", "coordinated", "create_organisation", "decide_request", "edit_organisation",
    "get_organisation", "is_coordinator", "leave", "list_organisations", "make_coordinator", "membership_of",
    "my_memberships", "people_of", "request_to_join", "set_sharing",
    "country_name", "KINDS", "Scheme", "check_files", "get_scheme", "list_schemes", "sync_files", "Upload",
]
