"""How people are named in discussions: their display name and, if they chose on the account page,
their role and country, in the reader's language. The account page's "In discussions" settings
refuse anything not in their lists with the field's own words and keep what was chosen. Peer
review stays anonymous: nothing on a thread's page matches anything on the reviews its author wrote."""

from __future__ import annotations

import re

import pytest

from lms.accounts.models import User
from lms.core.extensions import db
from tests.conftest import NOW, csrf_from
from tests.discussions.builders import reply, start_thread
from tests.factories import log_in, make_learner, make_learner_client
from tests.peer_helpers import author_of, review, submit

ACCOUNT = "/account"


def flat(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def save(client, **values):
    token = csrf_from(client.get(ACCOUNT).get_data(as_text=True))
    fields = {"discussions-submitted": "1", "discussions-professional_role": "", "discussions-country": "",
              "discussions-discussion_email": "daily"}
    fields.update({f"discussions-{name}": value for name, value in values.items()})
    return client.post(ACCOUNT, data={"csrf_token": token, **fields})


def checked(choice: str) -> str:
    return f'checked id="discussions-discussion_email-{["each", "daily", "off"].index(choice)}"'


def saved(user) -> tuple:
    db.session.expire_all()
    found = db.session.get(User, user.id)
    return found.professional_role, found.country, found.discussion_email


def test_the_account_page_saves_role_country_and_email_choice(app, courses):
    ada, client = make_learner_client(app, now=NOW)
    shown = flat(client.get(ACCOUNT))
    assert '<h2 id="discussion-settings">In discussions</h2>' in shown
    assert '<option value="librarian">Librarian</option>' in shown and '<option value="DE">Germany</option>' in shown
    assert checked("daily") in shown  # the default: one digest a day
    answer = save(client, professional_role="librarian", country="DE", discussion_email="each")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/account#discussion-settings")
    assert saved(ada) == ("librarian", "DE", "each")
    shown = flat(client.get(ACCOUNT))
    assert "Your discussion settings are saved." in shown
    assert '<option selected value="librarian">' in shown and '<option selected value="DE">' in shown
    assert checked("each") in shown
    assert save(client, discussion_email="off").status_code == 302  # none: role and country no longer shown
    assert saved(ada) == (None, None, "off")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("professional_role", "astronaut", "Choose a role from the list."),
    ("professional_role", "x" * 5000, "Choose a role from the list."),
    ("country", "EU", "Choose a country from the list."),  # a union, not a country
    ("country", "Deutschland", "Choose a country from the list."),
    ("country", "D\x00E", "Choose a country from the list."),
    ("discussion_email", "weekly", "Choose how replies reach you by e-mail."),
    ("discussion_email", "", "Choose how replies reach you by e-mail."),
])
def test_a_value_not_in_the_lists_is_refused_at_its_field_and_the_rest_is_kept(app, courses, field, value, message):
    ada, client = make_learner_client(app, now=NOW)
    chosen = {"professional_role": "teacher", "country": "FR", "discussion_email": "each", field: value}
    answer = save(client, **chosen)
    shown = flat(answer)
    assert answer.status_code == 422
    assert f'<p class="error" id="discussions-{field}-error">{message} </p>' in shown
    assert saved(ada) == (None, None, "daily")  # nothing saved
    for name, kept in {"professional_role": '<option selected value="teacher">', "country": '<option selected value="FR">',
                       "discussion_email": checked("each")}.items():
        if name != field:
            assert kept in shown, name


def test_posts_show_the_name_with_the_chosen_role_and_country_in_the_readers_language(app, courses):
    ada, ada_client = make_learner_client(app, now=NOW, name="Ada Lovelace")
    bea, bea_client = make_learner_client(app, now=NOW, name="Bea Brown")
    save(ada_client, professional_role="librarian", country="DE")
    save(bea_client, professional_role="other", country="")  # "another role": says nothing beside a name
    thread = start_thread(ada, title="Careers fairs").thread
    reply(bea, thread.id, "We invite parents.")
    url = f"/courses/stem-careers/discussions/threads/{thread.id}"
    shown = flat(bea_client.get(url))
    assert ('<span class="author"><span class="author-name">Ada Lovelace</span><span class="author-role"> · Librarian</span>'
            '<span class="author-country"> · Germany</span></span>') in shown
    assert '<span class="author"><span class="author-name">Bea Brown</span></span>' in shown

    reader = db.session.get(User, bea.id)
    reader.language = "fr"
    db.session.commit()
    shown = flat(bea_client.get(url))
    assert '<span class="author-country"> · Allemagne</span>' in shown  # Babel's name, in the reader's language
    assert '<span class="author-role"> · Bibliothèque et documentation</span>' in shown


def _attribute_values(html: str) -> set[str]:
    """Every identifier an HTML part carries in its attributes (ids, links, names, values: those with a
    number in them, but plain numbers such as a score's), but the form token every page of a session shares."""
    html = re.sub(r'<input[^>]*name="csrf_token"[^>]*>', "", html)
    found = re.findall(r'\s(?:id|href|for|name|value|action|data-[\w-]+|aria-[\w-]+)="([^"]*\d[^"]*)"', html)
    return {value for value in found if not value.isdecimal()}


def test_nothing_on_a_thread_links_its_author_to_the_reviews_they_wrote(app, peer_course):
    author, author_client = make_learner_client(app, "peer", now=NOW, name="Ada Author")
    rita = make_learner("peer", now=NOW, name="Rita Reviewer")
    third = make_learner("peer", now=NOW, name="Tom Third")
    for person in (author, rita, third):
        submit(person, NOW)
    written = []
    while len(written) < 2:  # Rita reviews until she has reviewed Ada's work
        done = review(rita, NOW, feedback="A distinctive remark about bridges.")
        written.append(done)
        if author_of(done) == author.id:
            break
    while review(author, NOW):  # Ada gives her reviews, so that hers are shown to her
        pass
    rita_client = app.test_client()
    log_in(rita_client, rita.email)
    save(rita_client, professional_role="librarian", country="DE")
    thread = start_thread(rita, title="Bridges", text="Who builds bridges with pupils?", course_slug="peer").thread
    reply(author, thread.id, "We do, with straws.")

    assignment = author_client.get("/courses/peer/modules/plan/assignments/plan").get_data(as_text=True)
    received = "".join(re.findall(r'<section class="received-review".*?</section>', assignment, re.S))
    assert "A distinctive remark about bridges." in received  # her review, shown anonymously
    thread_page = author_client.get(f"/courses/peer/discussions/threads/{thread.id}").get_data(as_text=True)
    assert "Rita Reviewer" in thread_page and "Librarian" in thread_page and "Germany" in thread_page

    assert not any(words in assignment for words in ("Rita", "Librarian", "Germany"))  # the reviews name nobody
    assert _attribute_values(received) and not _attribute_values(received) & _attribute_values(thread_page)
    for mine in written:
        assert f"/reviews/{mine.id}" not in thread_page and f"review-{mine.id}" not in thread_page
    for marker in (f"user-{rita.id}", f"users/{rita.id}", f'data-user="{rita.id}"', f'data-author="{rita.id}"'):
        assert marker not in thread_page
