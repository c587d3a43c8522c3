"""Peer review through the pages in several languages: the author says which language the work is
in, a reviewer is given work in a language they read first, and reviewers and tutors see the
work's language (named, and marked on the work for screen readers and spelling)."""

from __future__ import annotations

import re

from sqlalchemy import select

from lms.core.extensions import db
from lms.peer_review.models import Review, Submission
from tests.conftest import NOW, csrf_from
from tests.factories import make_learner_client, make_tutor_client
from tests.web.test_peer_review_pages import ASSIGNMENT, get_work, post

TEXT = "My plan for the school has clear goals."


def learner_client(app, name: str, *, language: str = "en", reads: list[str] | None = None):
    user, client = make_learner_client(app, "peer", now=NOW, name=name, email=f"{name.lower()}@school.example")
    user.language, user.reads_languages = language, reads or []
    db.session.commit()
    return user, client


def submit(client, text: str = TEXT, **fields):
    return post(client, ASSIGNMENT, {"text": text, **fields}, content_type="multipart/form-data")


def language_of(user) -> str | None:
    from lms.learning.models import Enrolment

    return db.session.scalar(select(Submission.language).join(Enrolment, Enrolment.id == Submission.enrolment_id)
                             .where(Enrolment.user_id == user.id))


def selected_language(html: str) -> str:
    """The language chosen in the form's select."""
    options = html[html.index('name="language"'):].split("</select>")[0].split("<option")
    (chosen,) = [option for option in options if " selected" in option.split(">")[0]]
    return re.search(r'value="(\w+)"', chosen).group(1)


def test_the_work_is_in_the_authors_language_unless_they_say_otherwise(app, peer_course):
    gerd, client = learner_client(app, "Gerd", language="de")
    html = client.get(ASSIGNMENT).get_data(as_text=True)
    assert "Sprache dieser Arbeit" in html  # the form speaks German to a German reader
    assert selected_language(html) == "de"  # the author's interface language, chosen already
    assert submit(client, language="de").status_code == 302
    assert language_of(gerd) == "de"
    assert submit(client, language="fr").status_code == 302  # corrected before anyone reviews it
    assert language_of(gerd) == "fr"
    assert selected_language(client.get(ASSIGNMENT).get_data(as_text=True)) == "fr"


def test_a_language_that_is_not_offered_is_refused_next_to_the_field(app, peer_course):
    ada, client = learner_client(app, "Ada")
    response = submit(client, language="xx")
    assert response.status_code == 422
    assert 'id="language-error"' in response.get_data(as_text=True)  # the field says what is wrong
    assert language_of(ada) is None


def test_a_french_reader_is_given_the_french_work_first_and_sees_its_language(app, peer_course):
    (_, emma), (_, fanny) = learner_client(app, "Emma"), learner_client(app, "Fanny", language="fr")
    assert submit(emma, language="en").status_code == 302  # the older work, in English
    assert submit(fanny, "Mon plan pour l'école a des objectifs clairs.", language="fr").status_code == 302
    rita, rita_client = learner_client(app, "Rita", reads=["fr"])  # an English page, reading French
    assert submit(rita_client).status_code == 302
    html = rita_client.get(get_work(rita_client)).get_data(as_text=True)
    assert "a des objectifs clairs" in html and TEXT not in html
    assert re.search(r'<div class="submitted content" lang="fr">', html)
    assert "Language: French" in html


def test_a_tutor_sees_the_language_each_work_is_written_in(app, peer_course):
    _, emma = learner_client(app, "Emma")
    submit(emma, language="it")
    _, tutor = make_tutor_client(app, "peer", now=NOW)
    submission = db.session.scalar(select(Submission.id))
    html = tutor.get(f"/tutor/submissions/{submission}").get_data(as_text=True)
    assert 'lang="it"' in html and "Language: Italian" in html
    # Reviewing it themselves, the tutor finds the same on the review page.
    token = csrf_from(html)
    answer = tutor.post(f"/tutor/submissions/{submission}", data={"action": "review", "csrf_token": token})
    review = tutor.get(answer.headers["Location"]).get_data(as_text=True)
    assert 'lang="it"' in review and "Language: Italian" in review
    assert db.session.scalar(select(Review.by_tutor)) is True
