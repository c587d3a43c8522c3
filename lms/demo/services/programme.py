"""The demo learner on the Postgraduate Certificate in STEM Outreach for Libraries: enrolled
(which leaves their courses as they are: they are in each one's demo run already), its first
course completed, one of its two workshops confirmed by the demo tutor, and the placement recorded
and waiting for the supervisor's sign-off. Through the programmes' own services, once: a second
``demo setup`` finds the workshop and the placement and adds neither again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from lms.core.errors import NotFound
from lms.programmes import services as programmes

if TYPE_CHECKING:
    from lms.accounts.models import User

PROGRAMME = "stem-outreach-libraries-programme"
WORKSHOP = "Workshop: running a maker club session (Riverside Library)"
PLACEMENT_REPORT = """## What I planned

Over eight mornings I helped the science centre's education team plan a series of family
drop-in sessions on light and shadow for children aged 3 to 7 and their carers. I wrote the
session plan for two of them (shadow puppets and colour mixing with torches), including the
risk assessment for the torches' button batteries and the small parts.

## What I ran

I led four sessions with a member of the centre's staff, about 25 children each. I used the
storytime structure from the STEM Storytime course: a picture book about a lost shadow, a rhyme,
then 15 minutes of exploring at tables. Carers stayed with their children and I gave each family
a take-home card.

## What I would change

The first session had too many materials on each table and children flitted between them;
afterwards we put out one activity at a time. I would also print the take-home cards in Polish
and Arabic, the two languages most families spoke at home.
"""


@dataclass(frozen=True)
class Letter:
    """An e-mail to send once the demo is committed."""

    to: str
    subject: str
    text: str


def set_up_programme(learner: User, tutor: User, *, now: datetime) -> tuple[str | None, Letter | None]:
    """(what was skipped, if the programme is not imported yet; the supervisor's letter, when the
    placement was recorded now)."""
    try:
        programmes.get_programme(PROGRAMME)
    except NotFound:
        return PROGRAMME, None
    programmes.enrol(learner, PROGRAMME, now=now - timedelta(days=10))  # with the demo runs
    progress = programmes.get_programme_page(PROGRAMME, learner, now=now).progress
    if not progress.workshops:
        programmes.confirm_workshop(tutor, PROGRAMME, learner.id, title=WORKSHOP,
                                    attended_on=(now - timedelta(days=6)).date(), now=now)
    if progress.placement is not None:
        return None, None
    details = programmes.PlacementDetails(
        host="Riverside Science Centre", starts_on=(now - timedelta(days=9)).date().isoformat(),
        ends_on=(now - timedelta(days=2)).date().isoformat(), hours="32", report=PLACEMENT_REPORT,
        supervisor_name="Dana Supervisor", supervisor_email="supervisor@example.org")
    row, token = programmes.save_placement(learner, PROGRAMME, details, now=now)
    return None, Letter(*programmes.supervisor_letter(row, token))
