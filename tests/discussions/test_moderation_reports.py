"""Reporting a post: any reader but its author reports it once, with a reason and a note (a second
report, or a double click, says it was reported already and stores nothing); the report waits,
open, for the run's tutors; a hide or restore settles every open report of the post, a dismissal
the one report; after the course window learners can no longer report."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from lms.discussions.models import PostReport
from lms.discussions.services import moderation
from lms.discussions.services.moderation import DiscussionClosed
from tests.conftest import NOW
from tests.discussions.moderation_helpers import audit_rows, count_of, fresh, thread_with_posts
from tests.factories import make_course_tutor, make_learner, run_of


@pytest.fixture
def talk(app, practice):
    ada = make_learner("practice", now=NOW, name="Ada Asker")
    ben = make_learner("practice", now=NOW, name="Ben Replier")
    cleo = make_learner("practice", now=NOW, name="Cleo Reader")
    thread, posts = thread_with_posts("practice", ada, ben, now=NOW)
    return ada, ben, cleo, thread, posts


def test_a_reader_reports_a_post_once(talk):
    ada, ben, cleo, _, (_, answer) = talk
    first = moderation.report_post(cleo, "practice", answer.id, reason="spam", note="A link to a shop.", now=NOW)
    again = moderation.report_post(cleo, "practice", answer.id, reason="other", note="Again.", now=NOW)
    moderation.report_post(ada, "practice", answer.id, reason="off_topic", note="", now=NOW)
    db.session.commit()
    assert (first.changed, again.changed) == (True, False)
    reports = db.session.scalars(select_reports(answer.id)).all()
    assert [(r.reporter_id, r.reason, r.note, r.resolved_at) for r in reports] == [
        (cleo.id, "spam", "A link to a shop.", None), (ada.id, "off_topic", "", None)]
    assert all(r.run_id == run_of("practice").id for r in reports)


def select_reports(post_id: int):
    from sqlalchemy import select

    return select(PostReport).where(PostReport.post_id == post_id).order_by(PostReport.id)


@pytest.mark.parametrize("reason, note, field", [("", "", "reason"), ("rude", "", "reason"), ("spam", "x" * 2001, "note")])
def test_a_report_needs_a_known_reason_and_a_short_note(talk, reason, note, field):
    _, _, cleo, _, (_, answer) = talk
    with pytest.raises(ValidationError) as refused:
        moderation.report_post(cleo, "practice", answer.id, reason=reason, note=note, now=NOW)
    assert refused.value.field == field
    db.session.rollback()
    assert count_of(PostReport) == 0


def test_nobody_reports_their_own_post(talk):
    _, ben, _, _, (_, answer) = talk
    with pytest.raises(ValidationError, match="your own post"):
        moderation.report_post(ben, "practice", answer.id, reason="spam", note="", now=NOW)


def test_outsiders_report_nothing_and_the_window_closes_reports(talk, peer_course):
    _, _, cleo, _, (_, answer) = talk
    with pytest.raises(NotFound):
        moderation.report_post(make_learner("peer", now=NOW), "practice", answer.id, reason="spam", note="", now=NOW)
    after = run_of("practice").ends_at + timedelta(seconds=1)
    with pytest.raises(DiscussionClosed):
        moderation.report_post(cleo, "practice", answer.id, reason="spam", note="", now=after)
    db.session.rollback()
    assert count_of(PostReport) == 0


def test_hiding_settles_every_open_report_of_the_post_and_dismissing_one(talk):
    ada, _, cleo, _, (question, answer) = talk
    tutor = make_course_tutor("practice", now=NOW)
    run_id = run_of("practice").id
    spam = moderation.report_post(cleo, "practice", answer.id, reason="spam", note="", now=NOW)
    moderation.report_post(ada, "practice", answer.id, reason="inappropriate", note="Rude.", now=NOW)
    moderation.report_post(cleo, "practice", question.id, reason="off_topic", note="", now=NOW)
    db.session.commit()
    [first, second] = db.session.scalars(select_reports(answer.id)).all()
    [of_question] = db.session.scalars(select_reports(question.id)).all()
    assert spam.changed

    hidden = moderation.decide(tutor, run_id=run_id, action="hide", reason="Rude to a colleague.", report_id=first.id, now=NOW)
    dismissed = moderation.decide(tutor, run_id=run_id, action="dismiss", reason="On topic enough.", report_id=of_question.id,
                                  now=NOW)
    twice = moderation.decide(tutor, run_id=run_id, action="dismiss", reason="", report_id=of_question.id, now=NOW)
    db.session.commit()
    assert (hidden.changed, hidden.reports_settled, dismissed.changed, twice.changed) == (True, 2, True, False)
    assert [(fresh(PostReport, r.id).resolution, fresh(PostReport, r.id).resolved_by_id) for r in (first, second)] == [
        ("hidden", tutor.id), ("hidden", tutor.id)]
    assert fresh(PostReport, of_question.id).resolution == "dismissed"
    assert question.hidden_at is None
    assert audit_rows(run_id) == [("hide", "post", answer.id, "Rude to a colleague."),
                                  ("dismiss", "post", question.id, "On topic enough.")]


def test_a_report_of_another_run_is_not_found(talk, peer_course):
    _, _, cleo, _, (_, answer) = talk
    moderation.report_post(cleo, "practice", answer.id, reason="spam", note="", now=NOW)
    db.session.commit()
    report_id = db.session.scalar(select_reports(answer.id).with_only_columns(PostReport.id))
    tutor = make_course_tutor("peer", now=NOW)
    with pytest.raises(NotFound):
        moderation.decide(tutor, run_id=run_of("peer").id, action="hide", reason="Spam.", report_id=report_id, now=NOW)
    with pytest.raises(NotFound):  # the right run named, but not theirs to moderate
        moderation.decide(tutor, run_id=run_of("practice").id, action="hide", reason="Spam.", report_id=report_id, now=NOW)
