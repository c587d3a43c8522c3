"""Text with control characters gets the form's own message and stays in the field, the same on
SQLite and PostgreSQL (which cannot store NUL at all); tabs and line breaks stay welcome."""

from __future__ import annotations

import inspect
import re

from flask_wtf import FlaskForm
from sqlalchemy import select

from lms import features
from lms.activities.models import Reflection
from lms.awards.models import Assertion
from lms.core.extensions import db
from lms.core.forms import CONTROL_CHARACTERS_MESSAGE as LAZY_MESSAGE
from lms.core.forms import Form
from lms.core.odd_input import NUL_MESSAGE as LAZY_NUL_MESSAGE
from tests.conftest import NOW, submit
from tests.factories import make_awarded_badge, make_learner, make_submission_with_reviews, make_tutor_client
from tests.web.test_activities import REFLECTION

CONTROL_CHARACTERS_MESSAGE = str(LAZY_MESSAGE)  # in English, outside a request
NUL_MESSAGE = str(LAZY_NUL_MESSAGE)

WORDS = "Five words at the least here"


def test_a_reflection_with_a_nul_is_refused_beside_the_field_and_the_text_kept(client, practice):
    make_learner("practice", now=NOW, client=client)
    response = submit(client, REFLECTION, {"text": f"{WORDS}\x00 pasted from a file"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert CONTROL_CHARACTERS_MESSAGE in html
    assert "pasted from a file</textarea>" in html
    assert db.session.scalar(select(Reflection)) is None


def test_tabs_and_line_breaks_are_welcome_in_long_text(client, practice):
    make_learner("practice", now=NOW, client=client)
    response = submit(client, REFLECTION, {"text": f"{WORDS}:\r\n\tone indented line"})
    assert response.status_code == 302
    assert db.session.scalar(select(Reflection.text)).endswith(":\r\n\tone indented line")


def test_a_submission_with_an_escape_character_is_refused_beside_the_field(client, peer_course):
    make_learner("peer", now=NOW, client=client)
    response = submit(client, "/courses/peer/modules/plan/assignments/plan", {"text": f"{WORDS} \x1b[31m in red"})
    html = response.get_data(as_text=True)
    assert response.status_code in (400, 422)
    assert CONTROL_CHARACTERS_MESSAGE in html and "in red</textarea>" in html


def test_the_tutor_awards_form_refuses_a_nul_in_the_reason_beside_it_keeps_the_text_and_revokes_nothing(app, practice):
    learner = make_learner("practice", now=NOW)
    assertion = make_awarded_badge(learner, "practice-basics", now=NOW)
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    response = submit(tutor, "/tutor/courses/practice/awards", {"assertion": assertion.uid,
                                                                "reason": "Copied from a peer\x00"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    field = re.search(rf'<input id="reason-{assertion.uid}"[^>]*>\s*<span class="error" id="reason-{assertion.uid}-error">'
                      rf'([^<]*)</span>', html)
    assert field and NUL_MESSAGE in field.group(1)
    assert 'value="Copied from a peer' in field.group(0)
    db.session.expire_all()
    assert db.session.get(Assertion, assertion.id).revoked_at is None


def test_a_tutors_override_reason_with_a_nul_gets_the_message_beside_the_reason(app, peer_course):
    _, work = make_submission_with_reviews(NOW)
    _, tutor = make_tutor_client(app, "peer", now=NOW)
    page = f"/tutor/submissions/{work.id}"
    response = submit(tutor, page, {"action": "override", "override-0": "2", "override-1": "2", "reason": "Late\x00"})
    assert response.status_code == 422
    # The override form's own check, or the guard in front of the database: either way, beside the reason.
    assert re.search(r'id="reason-error">[^<]*which cannot be saved', response.get_data(as_text=True))


def test_every_form_derives_from_the_base_form_that_refuses_control_characters():
    forms = [cls for _, module in features.parts("forms") for _, cls in inspect.getmembers(module, inspect.isclass)
             if issubclass(cls, FlaskForm) and cls.__module__ == module.__name__]
    assert len(forms) >= 10
    assert [cls.__qualname__ for cls in forms if not issubclass(cls, Form)] == []

