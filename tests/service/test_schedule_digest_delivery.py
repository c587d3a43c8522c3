"""A tutor's schedule change told to a whole run: the digests are recorded in one statement
whatever the size of the cohort, then each learner gets one e-mail in their own language and
time zone."""

from __future__ import annotations

from sqlalchemy import event, select

from lms.core.extensions import db
from lms.notifications.jobs import deliver_email
from lms.notifications.models import Notification
from lms.schedule.services import Shift, apply_change
from tests.conftest import NOW
from tests.factories import make_course_tutor, make_learner
from tests.service.test_email_delivery import bodies

LAST_THREE = Shift("roles-teachers-mentors-parents", "career-orientation-events", 3)


def statements_of(action) -> int:
    statements = []

    def count(_connection, _cursor, statement, *_):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    db.session.commit()
    # The run's own overrides are inserted the first time and updated after: not the cohort's doing.
    cohort_bound = [statement for statement in statements if "release_overrides" not in statement]
    return len(cohort_bound), sum("INSERT INTO notifications" in statement for statement in statements)


def test_a_schedule_change_costs_the_same_statements_for_two_learners_as_for_six(courses):
    tutor = make_course_tutor("stem-careers", now=NOW)
    for _ in range(2):
        make_learner(now=NOW)
    two = statements_of(lambda: apply_change(tutor, "stem-careers", "autumn-2017", shift=LAST_THREE, now=NOW))
    apply_change(tutor, "stem-careers", "autumn-2017", shift=Shift(LAST_THREE.first, LAST_THREE.last, -3), now=NOW)
    for _ in range(4):
        make_learner(now=NOW)
    six = statements_of(lambda: apply_change(tutor, "stem-careers", "autumn-2017", shift=LAST_THREE, now=NOW))
    assert two == six and two[1] == 1  # one INSERT ... SELECT for the whole run
    assert db.session.scalar(select(db.func.count()).select_from(Notification)
                             .where(Notification.kind == "schedule_changed")) == 2 + 2 + 6


def test_each_learner_gets_one_digest_email_in_their_language_and_time_zone(courses, smtp):
    tutor = make_course_tutor("stem-careers", now=NOW)
    ann = make_learner(now=NOW, name="Ann Archer", timezone="America/New_York")
    zoe = make_learner(now=NOW, name="Zoë Dupont", timezone="Asia/Tokyo")
    zoe.language = "fr"
    db.session.commit()
    apply_change(tutor, "stem-careers", "autumn-2017", shift=LAST_THREE, now=NOW)
    db.session.commit()
    assert deliver_email(NOW) == 2
    received = {message["To"]: message for message in smtp.messages}
    assert received[ann.email]["Subject"] == "New dates in Opening Schools to STEM Careers"
    assert received[zoe.email]["Subject"] == "Nouvelles dates dans Opening Schools to STEM Careers"
    ann_text, zoe_text = bodies(received[ann.email])[0], bodies(received[zoe.email])[0]
    assert ann_text.startswith("Hello Ann Archer,") and "Thu, 12 Oct 2017, 03:00 EDT" in ann_text
    assert zoe_text.startswith("Bonjour Zoë Dupont,") and "jeu. 12 oct. 2017, 16:00 JST" in zoe_text  # her zone, her language
