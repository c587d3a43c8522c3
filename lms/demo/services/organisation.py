"""The demo's organisation: Riverside Library, with a coordinator, staff who joined and agreed to
share their completions (one more waiting for the coordinator's answer), and its application for
the STEM Award at bronze, its portfolio written and submitted, waiting in the assessor's queue.

Everything goes through the organisations' own services, as the coordinator's and the staff's
clicks do, and once: a second ``demo setup`` finds the organisation, the memberships and the
application already there."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from lms.core.errors import NotFound
from lms.demo.services import work
from lms.organisations import services as organisations

if TYPE_CHECKING:
    from lms.accounts.models import User

RIVERSIDE = organisations.Details(name="Riverside Library", kind="library", country="IE", region="Riverside, County Kildare",
                                  web_address="https://riverside-library.example.org")
SCHEME, LEVEL = "stem-award", "bronze"
STAFF_COURSE = "stem-outreach-libraries"  # what the staff completed, counted for the bronze level
EVIDENCE = {
    "stem-plan": """**STEM lead:** our children's librarian leads STEM, with four hours a week set aside for it.

**Goals for this year**

1. Run a coding club every week in term time for children aged 9 to 12 (at least 12 regulars).
2. Add a science activity to one storytime a month for under-fives and their carers.
3. Reach families who do not usually visit, through the family centre on Mill Street.

**Main activities:** the coding club (September to June), monthly STEM storytime, a family
science evening in Science Week, and a maker cart in the summer reading programme.

**How we will know:** sign-in sheets and bookings each term, a short questionnaire for carers
twice a year, and a count of STEM kit loans. Approved by the branch manager in September.""",
    "stem-activities": """**1. Coding club (ages 9 to 12).** Fourteen children came most weeks, six of them girls.
They made a quiz game in Scratch over four sessions, in pairs, and showed it to their families on
the last evening. Several said they had never finished a game before.

**2. Sink or float storytime (ages 2 to 5).** Twenty-two children and their carers predicted,
then tested, which objects float. The apple that floated was the surprise of the morning; carers
took home a card with a bath-time version to try.

**3. Family science evening.** Thirty-five people from eleven families built paper bridges and
tested them with coins. Four of the families had not used the library before; three joined that
evening.""",
}


def set_up_organisation(coordinator: User, learner: User, staff: list[User], newcomer: User, *, upload_dir: Path,
                        now: datetime) -> str | None:
    """Riverside Library and its application; returns what was skipped, if anything (the award
    scheme not imported yet), else None."""
    organisation = _riverside(coordinator, now=now)
    for person in (learner, *staff):
        _join_and_share(person, coordinator, organisation.id, now=now)
    organisations.request_to_join(newcomer, organisation.id, now=now)  # the coordinator's request to answer
    for person in staff:  # the staff completed the libraries course (the demo learner did already)
        work.complete_course(person, STAFF_COURSE, now=now)
    try:
        organisations.get_scheme(SCHEME)
    except NotFound:
        return SCHEME
    application = organisations.start_application(coordinator, organisation.id, SCHEME, LEVEL, now=now)
    if application.status == "draft":
        for slug, text in EVIDENCE.items():
            organisations.save_evidence(coordinator, organisation.id, application.id, slug, text=text, upload=None,
                                        upload_dir=upload_dir, max_bytes=0, now=now)
        organisations.submit_application(coordinator, organisation.id, application.id, now=now)
    return None


def _riverside(coordinator: User, *, now: datetime):
    for _, organisation in organisations.my_memberships(coordinator):
        if organisation.name == RIVERSIDE.name:
            return organisation
    return organisations.create_organisation(coordinator, RIVERSIDE, now=now)


def _join_and_share(person: User, coordinator: User, organisation_id: int, *, now: datetime) -> None:
    membership = organisations.request_to_join(person, organisation_id, now=now)
    if membership.status == "requested":
        organisations.decide_request(coordinator, organisation_id, membership.id, approve=True, now=now)
    organisations.set_sharing(person, organisation_id, share=True, now=now)

