"""What people do through the posting services reaches the search at once: a new thread and a
reply are found, an edit (text and title) is found by its new words only, a removed post is gone."""

from __future__ import annotations

from lms.core.extensions import db
from lms.discussions.services import posting
from tests.conftest import NOW
from tests.discussions import builders
from tests.discussions.search_helpers import SEARCH, result_ids
from tests.factories import make_learner_client

URL = SEARCH.format(course="stem-careers")


def found(client, q: str) -> list[int]:
    page = client.get(URL, query_string={"q": q})
    assert page.status_code == 200
    return result_ids(page.get_data(as_text=True))


def test_posting_editing_and_removing_are_searched_at_once(app, courses):
    learner, client = make_learner_client(app, now=NOW)
    first = builders.start_thread(learner, title="Employers at school", text="We invite parents who work in engineering.").post
    answer = builders.reply(learner, first.thread_id, "A chemist came to our careers evening.").post

    assert found(client, "engineering") == [first.id]
    assert found(client, "employers") == [first.id]
    assert found(client, "chemist") == [answer.id]

    posting.edit_post(learner, first.id, text="We invite parents who work in medicine.", title="Parents at school", now=NOW)
    posting.delete_post(learner, answer.id, NOW)
    db.session.commit()

    assert found(client, "engineering") == [] and found(client, "employers") == []
    assert found(client, "medicine") == [first.id] and found(client, "parents school") == [first.id]
    assert found(client, "chemist") == []
