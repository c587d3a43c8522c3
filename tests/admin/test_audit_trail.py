"""Each action that changes someone else's data leaves one audit row (who, whom, what, why) in
the action's own transaction; the administrators' audit page finds, pages and exports them."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from lms.awards import services as awards
from lms.peer_review import services as peer_review
from lms.core.audit import AuditEvent, record_audit
from lms.core.extensions import db
from lms.peer_review.models import Submission
from lms.schedule.services import Shift, apply_change
from tests.admin.helpers import make_admin_client
from tests.conftest import NOW, submit
from tests.factories import make_awarded_badge, make_course_tutor, make_learner, make_user
from tests.peer_helpers import review
from tests.peer_helpers import submit as submit_work
from tests.roster.helpers import learner_url


def rows(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_grade_override_is_audited_with_its_reason(peer_course):
    people = [make_learner("peer", now=NOW, name=f"Learner {n}") for n in range(3)]
    for person in people:
        submit_work(person, NOW)
    review(people[0], NOW)
    tutor = make_course_tutor("peer", now=NOW)
    submission = db.session.scalar(select(Submission).order_by(Submission.id))
    peer_review.override_result(tutor, submission.id, scores=[3, 2], reason="Underrated by peers.", now=NOW)
    db.session.commit()
    [row] = rows("grade.override")
    assert (row.actor_id, row.target_id, row.reason) == (tutor.id, str(submission.id), "Underrated by peers.")
    assert row.subject_user_id is not None and row.details == {"scores": [3, 2]}


def test_a_moderation_decision_is_audited(peer_course):
    from lms.core.moderation import record_moderation

    tutor = make_course_tutor("peer", now=NOW)
    run_id = db.session.scalar(select(Submission.run_id)) or 1
    record_moderation(run_id=run_id, actor_id=tutor.id, target_kind="post", target_id=7, action="hide",
                      reason="Off topic", now=NOW)
    db.session.commit()
    [row] = rows("moderation.hide")
    assert (row.actor_id, row.target_kind, row.target_id, row.reason) == (tutor.id, "post", "7", "Off topic")


def test_a_badge_revocation_is_audited(app, practice):
    learner = make_learner("practice", now=NOW)
    assertion = make_awarded_badge(learner, "practice-basics", now=NOW)
    tutor = make_course_tutor("practice", now=NOW)
    awards.revoke_badge(tutor, assertion.uid, reason="Copied work", now=NOW)
    db.session.commit()
    [row] = rows("badge.revoke")
    assert (row.actor_id, row.subject_user_id, row.target_id, row.reason) == (tutor.id, learner.id, assertion.uid, "Copied work")


def test_a_schedule_change_is_audited(app, courses):
    tutor = make_course_tutor("stem-careers", now=NOW)
    apply_change(tutor, "stem-careers", "autumn-2017",
                 shift=Shift("roles-teachers-mentors-parents", "career-orientation-events", 3), now=NOW)
    db.session.commit()
    [row] = rows("schedule.change")
    assert row.actor_id == tutor.id and row.target_kind == "run" and "career-orientation-events" in row.details["modules"]


def test_a_tutor_unenrolling_a_learner_is_audited(app, courses):
    tutor_client = app.test_client()
    tutor = make_course_tutor("stem-careers", now=NOW, client=tutor_client)
    learner = make_learner(now=NOW)
    submit(tutor_client, learner_url(learner.id) + "/unenrol")
    [row] = rows("enrolment.cancel")
    assert (row.actor_id, row.subject_user_id, row.details["run"]) == (tutor.id, learner.id, "autumn-2017")


def seed(count: int, *, actor_id: int | None = None, subject_id: int | None = None) -> None:
    for number in range(count):
        record_audit(action="role.grant" if number % 2 else "enrolment.cancel", now=NOW, actor_id=actor_id,
                     subject_user_id=subject_id, target_kind="user", target_id=number, reason=f"reason {number}")
    db.session.commit()


def test_the_audit_page_filters_pages_and_names_people(app):
    admin_user, admin = make_admin_client(app, now=NOW)
    bea = make_user(email="bea@example.org", name="Bea Bauer", now=NOW)
    seed(60, actor_id=admin_user.id, subject_id=bea.id)
    seed(3)
    page = admin.get("/admin/audit?action=role.&subject=bea@example.org").get_data(as_text=True)
    assert page.count("<code>role.grant</code>") == 30 and "Bea Bauer" in page and "Ann Admin" in page
    assert "enrolment.cancel" not in page.split("<table")[1]
    first = admin.get("/admin/audit").get_data(as_text=True)
    assert "reason 2<" in first.replace("</td>", "<") and 'rel="next"' in first
    assert "the system" in first  # the rows with no actor came last, so they are on the first page (newest first)
    next_link = first.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    assert "reason 0<" in admin.get(next_link).get_data(as_text=True).replace("</td>", "<")
    assert "No row matches." in admin.get("/admin/audit?since=2017-10-04").get_data(as_text=True)
    assert "No row matches." not in admin.get("/admin/audit?since=2017-10-03&until=2017-10-03").get_data(as_text=True)


def test_the_audit_log_downloads_as_spreadsheet_safe_csv(app):
    admin_user, admin = make_admin_client(app, now=NOW)
    record_audit(action="role.grant", now=NOW, actor_id=admin_user.id, reason="=HYPERLINK(\"http://evil\")")
    db.session.commit()
    response = admin.get("/admin/audit.csv?action=role.")
    assert response.headers["Content-Disposition"].startswith("attachment")
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert table[0][:3] == ["id", "when (UTC)", "action"] and len(table) == 2
    assert table[1][2] == "role.grant" and table[1][4] == "Ann Admin <admin@example.org>"
    assert table[1][9].startswith("'=")  # a formula is shown as text, never run


def test_a_tutor_s_personal_deadline_and_move_are_audited(app, practice):
    from datetime import timedelta

    from tests.factories import make_tutor_client
    from tests.roster.helpers import second_run

    tutor, tutor_client = make_tutor_client(app, "practice", now=NOW)
    learner = make_learner("practice", now=NOW)
    url = learner_url(learner.id, "practice", "open")
    assert submit(tutor_client, url + "/deadline", {"day": "2017-12-15", "action": "save"}, page=url).status_code == 302
    second_run("practice", "winter", starts=NOW - timedelta(days=10))
    assert submit(tutor_client, url + "/move", {"run": "winter"}, page=url).status_code == 302
    [deadline] = rows("enrolment.deadline")
    [moved] = rows("enrolment.move")
    assert (deadline.actor_id, deadline.subject_user_id, deadline.details) == (tutor.id, learner.id,
                                                                               {"run": "open", "day": "2017-12-15"})
    assert (moved.actor_id, moved.subject_user_id, moved.details) == (tutor.id, learner.id, {"run": "open", "to": "winter"})


def test_dates_at_the_end_of_the_calendar_are_a_field_error_not_a_server_error(app):
    _, client = make_admin_client(app, now=NOW)
    for path in ("/admin/audit?until=9999-12-31", "/admin/audit.csv?until=9999-12-31", "/admin/audit?since=0001-01-01"):
        response = client.get(path)
        assert response.status_code < 500, path
    assert "Enter a date such as 2017-12-15." in client.get("/admin/audit?until=9999-12-31").get_data(as_text=True)
