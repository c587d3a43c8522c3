"""A cohort for the demo tutor to look at: a few dozen generated learners in each demo run,
each at a different point, their work done through the learners' own services at times
spread over the run so far. Made once per run: a second ``demo setup`` leaves it as it is."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from lms.accounts.services import get_user_by_email, register_user, set_reads_languages
from lms.demo.services import talk, work
from lms.learning import services as learning
from lms.notifications.services import set_email_preferences

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Run

FIRST = ("Amara", "Bruno", "Chiara", "Dmitri", "Elif", "Farah", "Gustav", "Hana", "Ivo", "Jana",
         "Kofi", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sami", "Tove",
         "Uma", "Viktor", "Wiebke", "Xavier", "Yara", "Zeno", "Aoife", "Bram", "Carmen", "Dario")
LAST = ("Okafor", "Lindqvist", "Moreau", "Novak", "Demir", "Haddad", "Jensen", "Kowalski", "Rossi", "Svoboda")


@dataclass(frozen=True)
class Profile:
    """How far a learner has got: modules finished, a share of the next one read, and so on."""

    finished: int
    next_share: float = 0.0
    wrong_first: bool = False  # failed the first quiz attempt
    reviews: bool = False  # reviewed peers after submitting


# Ten kinds of learner, from enrolled-and-idle to done-and-reviewing; the cohort cycles through them.
# Few reviewers, so that the demo learner's own work has one review and still awaits another.
PROFILES = (Profile(0), Profile(0, 0.5), Profile(1), Profile(1, 0.5, wrong_first=True), Profile(2),
            Profile(2, 0.5, wrong_first=True), Profile(3), Profile(4), Profile(4, 0.3), Profile(4, reviews=True))


# Some of the cohort read the site in another language (and some read peers' work in several):
# index -> (interface language, languages they read). None of them submits work in the first
# course or reviews it (profiles 7-9), so the review queue the demo learner sees stays as it was.
SPEAKERS = {
    2: ("it", ["en", "it"]),  # Chiara
    5: ("fr", []),  # Farah: French only
    6: ("de", ["de", "en"]),  # Gustav
    12: ("es", ["en", "es"]),  # Mateo
    16: ("fr", ["en", "fr", "it"]),  # Quentin
    20: ("it", []),  # Uma
    22: ("de", []),  # Wiebke
    24: ("es", ["es", "fr"]),  # Yara
}


def cohort_email(index: int) -> str:
    return f"{FIRST[index].lower()}.{LAST[index % len(LAST)].lower()}@example.org"


def make_cohort(run: Run, course_slug: str, *, size: int, offset: int, now: datetime) -> int:
    """Enrol ``size`` generated learners in the run with varied progress; returns how many
    were new (0 when the run already has its cohort)."""
    people = [_cohort_member(index, now=now) for index in range(size)]
    if learning.latest_enrolment(people[0].id, [run.id]) is not None:
        return 0
    reviewers = []
    for index, user in enumerate(people):
        learning.enrol(user, run.id, course_slug=course_slug, now=run.starts_at)
        profile = PROFILES[(index + offset) % len(PROFILES)]
        assignment = _progress(user, course_slug, profile, hours=index, now=now)
        if assignment and profile.reviews:
            reviewers.append((user, assignment, index))
    for user, (module, assignment, opened), index in reviewers:  # once every piece of work is in
        at = min(now, opened + timedelta(hours=30 + index))
        work.review_peers(user, course_slug, module, assignment, now=at)
    return size


def _cohort_member(index: int, *, now: datetime) -> User:
    email = cohort_email(index)
    user = get_user_by_email(email)
    if user is None:
        # Nobody logs in as them: a random password, and no e-mail to their made-up address.
        user = register_user(email=email, name=f"{FIRST[index]} {LAST[index % len(LAST)]}", password=secrets.token_urlsafe(16),
                             timezone="Europe/Brussels", language="en", now=now)
        set_email_preferences(user, wanted=[])
    if index in SPEAKERS:  # also on a demo made before there were languages
        user.language, reads = SPEAKERS[index]
        set_reads_languages(user, reads)
    return user


def _progress(user: User, course_slug: str, profile: Profile, *, hours: int, now: datetime):
    """Work through the open modules as the profile says, each step some hours after the
    module opened. Returns (module, assignment, opened at) of work submitted, if any."""
    place = learning.get_place(user, course_slug, now=now)
    opened = [state for state in place.modules if state.is_open]
    submitted = None
    for position, state in enumerate(opened[: profile.finished + 1]):
        share = 1.0 if position < profile.finished else profile.next_share
        if share == 0.0:
            break
        opens_at = state.opens_at or place.enrolment.enrolled_at
        at = min(now, opens_at + timedelta(hours=6 + hours))
        assignment = work.do_module(user, course_slug, state.module, share=share, wrong_first=profile.wrong_first,
                                    every_prompt=hours % 3 == 0, now=at)
        if share == 1.0 and hours % 3 == 1 and work.has_prompts(state.module):  # a third of them reply to a peer
            talk.reply_to_a_peer(user, course_slug, state.module, now=at)
        if assignment is not None:
            submitted = (state.module, assignment, opens_at)
    return submitted
