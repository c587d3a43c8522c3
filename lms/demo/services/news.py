"""A word from the demo tutor to the first course's demo run, sent two days ago through the
tutors' own announcements service: the tutor's announcements page lists it, and the learners
find it on their course page and dashboard. Made once per run (the form token is fixed, and a
sent announcement is never sent again)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from lms.cohort.services import announcements
from lms.cohort.services.learners import LearnerFilter

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Run

TOKEN = "de5a0000000000000000000000000001"  # the demo's own form token: one announcement per run
SUBJECT = "How the first weeks went, and what comes next"
BODY = """Hello everyone,

Most of you have finished the **first module**, and many are well into the next ones. Well done!

- New modules open on Monday mornings: your course page shows when each one opens.
- If your work is waiting for a review, reviewing a peer's work helps everyone's move on.

Write to me if anything in the course is unclear.
"""


def send_welcome(tutor: User, course_slug: str, run: Run, *, now: datetime) -> bool:
    """Write and send the announcement to everyone in the run; False when it went before."""
    sent_at = now - timedelta(days=2)
    draft = announcements.Draft(SUBJECT, BODY, "en", LearnerFilter())
    try:
        found = announcements.save_new(tutor, course_slug, run.slug, token=TOKEN, draft=draft,
                                       now=sent_at - timedelta(hours=1))
    except announcements.AlreadySent:  # a second `demo setup`: it went the first time
        return False
    return announcements.send_now(tutor, course_slug, run.slug, found, now=sent_at) is not None
