"""The award sweep (the scheduler's award-missing-badges) at a course's end: every learner who
finished gets each missing badge and the certificate, once, in a few statements whatever the
size of the cohort; their badges then arrive as one e-mail each, in their own language."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, event, select

from lms.accounts.models import User
from lms.awards import services as awards
from lms.awards.models import Assertion, Certificate
from lms.core.extensions import db
from lms.courses.models import BadgeClass
from lms.notifications.jobs import deliver_email
from lms.notifications.models import Notification
from tests.conftest import NOW
from tests.factories import make_learner_client
from tests.web.test_badges import complete_course


def finish(app, count: int, *, start: int = 0) -> list[User]:
    learners = []
    for number in range(start, start + count):
        user, client = make_learner_client(app, "practice", now=NOW, name=f"Learner {number}")
        complete_course(client)
        learners.append(user)
    return learners


def lose_every_award() -> dict[int, tuple]:
    """As if the awards had never been made (a badge declared after the fact, a restore from an
    older backup); returns what each enrolment's certificate said."""
    said = {c.enrolment_id: (c.user_id, c.recipient_name, c.hours, c.modules) for c in db.session.scalars(select(Certificate))}
    for model in (Notification, Assertion, Certificate):
        db.session.execute(delete(model))
    db.session.commit()
    return said


def badges_of(user: User) -> set[str]:
    return set(db.session.scalars(select(BadgeClass.name).join(Assertion, Assertion.badge_class_id == BadgeClass.id)
                                  .where(Assertion.user_id == user.id)))


def test_the_sweep_gives_each_finished_learner_every_badge_and_the_certificate_once(app, practice, smtp):
    ada, bea = finish(app, 2)
    certificates_said = lose_every_award()
    bea.language = "fr"
    db.session.commit()

    assert awards.award_missing(now=NOW).recorded == 6  # two badges and a certificate each
    db.session.commit()
    assert badges_of(ada) == badges_of(bea) == {"Practice Basics", "Practice Graduate"}
    assert {c.enrolment_id: (c.user_id, c.recipient_name, c.hours, c.modules)
            for c in db.session.scalars(select(Certificate))} == certificates_said  # as the completion itself issued them
    salts = list(db.session.scalars(select(Assertion.salt)))
    assert len(set(salts)) == 4  # each award its own salt (the recipient's hashed e-mail is not comparable across awards)
    assert awards.award_missing(now=NOW).recorded == 0

    # Badges earned together arrive together: one e-mail each, once a minute has passed, in their language.
    assert deliver_email(NOW + timedelta(minutes=1, seconds=1)) == 2
    subjects = {message["To"]: message["Subject"] for message in smtp.messages}
    assert subjects == {ada.email: "You earned 2 badges", bea.email: "Vous avez obtenu 2 badges"}


def test_the_sweep_runs_the_same_statements_for_two_learners_as_for_six(app, practice):
    def statements_of_a_sweep() -> int:
        statements = []

        def count(*_):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            report = awards.award_missing(now=NOW)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        db.session.commit()
        return report.recorded, len(statements)

    finish(app, 2)
    lose_every_award()
    two = statements_of_a_sweep()
    finish(app, 4, start=2)
    lose_every_award()
    six = statements_of_a_sweep()
    assert two[1] == six[1]
    assert (two[0], six[0]) == (2 * 3, 6 * 3)
