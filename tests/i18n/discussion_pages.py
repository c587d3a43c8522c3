"""The discussion pages for the every-page language check (tests/i18n/test_every_page.py), with
something on them: a pinned thread by the learner (edited: its history), the tutor's replies (one
quoting the thread, one the learner marked helpful and reported: the moderation queue has it), a
reply of the learner's hidden by the tutor, a module's forum still empty; as the learner and the
tutor. Everyone writes Latin (words of no language the site ships), as the other pages' users do."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.discussions.services import edit_post, mark_helpful, moderation
from tests.conftest import NOW
from tests.discussions.builders import reply, start_thread

if TYPE_CHECKING:
    from flask.testing import FlaskClient

COURSE = "stem-careers"
DISCUSSIONS = f"/courses/{COURSE}/discussions"
LATIN = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore."


def _written(learner: User, tutor: User) -> dict[str, int]:
    started = start_thread(learner, title="Lorem ipsum dolor sit amet", text=LATIN)
    thread, opening = started.thread, started.post.id
    quoting = reply(tutor, thread.id, "Consectetur adipiscing elit, sed do eiusmod.", quoted_post_id=opening).post.id
    reported = reply(tutor, thread.id, "Ut enim ad minim veniam, quis nostrud exercitation.").post.id
    hidden = reply(learner, thread.id, "Duis aute irure dolor in reprehenderit in voluptate.").post.id
    later = NOW + timedelta(minutes=5)
    edit_post(learner, opening, text=LATIN + " Excepteur sint occaecat.", now=later)
    mark_helpful(learner, COURSE, reported, helpful=True, now=later)
    moderation.report_post(learner, COURSE, reported, reason="off_topic", note="Lorem ipsum.", now=later)
    moderation.set_pinned(tutor, COURSE, thread.id, pinned=True, now=later)
    moderation.hide_post(tutor, COURSE, hidden, reason="Sed ut perspiciatis unde omnis.", now=later)
    db.session.commit()
    return {"thread": thread.id, "opening": opening, "quoting": quoting, "reported": reported, "hidden": hidden}


def discussion_pages(page, clients: dict[str, FlaskClient]) -> list:
    """``page``: test_every_page's Page; ``clients``: its signed-in people (the learner, the tutor)."""
    learner = db.session.scalar(select(User).where(User.name == "Ada Lovelace"))
    tutor = db.session.scalar(select(User).where(User.name == "Tess Tutor"))
    ids = _written(learner, tutor)
    ada, tess = clients["learner"], clients["tutor"]
    thread, posts = f"{DISCUSSIONS}/threads/{ids['thread']}", f"{DISCUSSIONS}/posts"
    return [
        page("discussions", ada, DISCUSSIONS),
        page("discussions (tutor)", tess, DISCUSSIONS),
        page("forum", ada, DISCUSSIONS + "/forums/general"),
        page("empty module forum", ada, DISCUSSIONS + "/forums/introduction"),
        page("new thread", ada, DISCUSSIONS + "/forums/general/new"),
        page("new thread from a prompt", ada, DISCUSSIONS + "/forums/introduction/new?prompt=introduce-yourself"),
        page("thread", ada, thread),
        page("thread (tutor)", tess, thread),
        page("thread quoting", ada, f"{thread}?quote={ids['quoting']}"),
        page("edit post", ada, f"{posts}/{ids['opening']}/edit"),
        page("post history", ada, f"{posts}/{ids['opening']}/history"),
        page("report a post", ada, f"{posts}/{ids['quoting']}/report"),
        page("hide a post", tess, f"{posts}/{ids['quoting']}/hide"),
        page("discussion search", ada, DISCUSSIONS + "/search?q=lorem"),
        page("discussion search, nothing found", ada, DISCUSSIONS + "/search?q=zzzz"),
        page("discussion search, empty", ada, DISCUSSIONS + "/search"),
        page("moderation queue with a report", tess, "/tutor/courses/stem-careers/runs/autumn-2017/moderation"),
    ]
