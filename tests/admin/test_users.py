"""Accounts in the administration: search with pages, one person's page, roles, deactivation and
a password reset; every change leaves an audit row, and an administrator cannot lock themselves out."""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.models import LoginSession, User
from lms.core.audit import AuditEvent
from lms.core.extensions import db
from tests.admin.helpers import make_admin_client
from tests.conftest import NOW, submit
from tests.factories import PASSWORD, log_in, make_course_tutor, make_learner, make_user, run_of


def fresh(user_id: int) -> User:
    db.session.expire_all()  # the requests committed in their own sessions
    return db.session.get(User, user_id)


def audit_actions(subject_id: int) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_user_id == subject_id)
                                   .order_by(AuditEvent.id)))


def test_search_finds_people_by_name_or_address_and_pages_through_them(app):
    _, admin = make_admin_client(app, now=NOW)
    for number in range(55):
        make_user(email=f"person{number:02d}@school.example", name=f"Person {number:02d}", now=NOW)
    make_user(email="zoe@other.example", name="Zoë Zimmermann", now=NOW)
    first = admin.get("/admin/users?q=school").get_data(as_text=True)
    assert "person00@school.example" in first and "person49@school.example" in first
    assert "person50@school.example" not in first and "zoe@other.example" not in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    next_link = first.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    second = admin.get(next_link).get_data(as_text=True)
    assert "person50@school.example" in second and "person54@school.example" in second
    assert "person49@school.example" not in second and 'rel="next"' not in second
    previous_link = second.split('rel="prev" href="')[1].split('"')[0].replace("&amp;", "&")
    assert "person00@school.example" in admin.get(previous_link).get_data(as_text=True)
    assert "zoe@other.example" in admin.get("/admin/users?q=ZIMMER").get_data(as_text=True)


def test_the_search_runs_the_same_few_statements_whatever_the_number_of_people(app, count_queries):
    _, admin = make_admin_client(app, now=NOW)
    for number in range(60):
        make_user(email=f"p{number}@school.example", now=NOW)
    with count_queries() as few:
        admin.get("/admin/users")
    for number in range(60, 200):
        make_user(email=f"p{number}@school.example", now=NOW)
    with count_queries() as many:
        admin.get("/admin/users?after=3")
    assert len(many) == len(few)


def test_a_person_page_shows_roles_enrolments_and_state(app, courses):
    _, admin = make_admin_client(app, now=NOW)
    tutor = make_course_tutor("stem-careers", now=NOW, name="Tess Tutor")
    page = admin.get(f"/admin/users/{tutor.id}").get_data(as_text=True)
    verified = "(verified)" if fresh(tutor.id).email_verified_at else "(not verified)"
    assert "Tess Tutor" in page and "tutor" in page and verified in page and "Two-factor sign-in</dt><dd>off" in page
    assert "Enrolments</dt><dd>0" in page


def test_making_and_unmaking_an_administrator_is_audited_and_asks_first(app):
    admin_user, admin = make_admin_client(app, now=NOW)
    person = make_user(email="bea@example.org", now=NOW)
    submit(admin, f"/admin/users/{person.id}/admin", page=f"/admin/users/{person.id}")
    assert fresh(person.id).is_admin
    confirm = admin.get(f"/admin/users/{person.id}/admin/remove")
    assert "Remove the administrator role of" in confirm.get_data(as_text=True)
    assert fresh(person.id).is_admin  # asking changed nothing
    submit(admin, f"/admin/users/{person.id}/admin/remove")
    assert not fresh(person.id).is_admin
    assert audit_actions(person.id) == ["role.grant", "role.revoke"]
    row = db.session.scalar(select(AuditEvent).where(AuditEvent.subject_user_id == person.id))
    assert row.actor_id == admin_user.id and row.details == {"role": "admin"}


def test_an_administrator_cannot_remove_their_own_role_nor_deactivate_themselves(app):
    me, admin = make_admin_client(app, now=NOW)
    page = submit(admin, f"/admin/users/{me.id}/admin/remove", follow_redirects=True).get_data(as_text=True)
    assert "You cannot remove your own administrator role" in page
    page = submit(admin, f"/admin/users/{me.id}/deactivate", follow_redirects=True).get_data(as_text=True)
    assert "You cannot deactivate your own account" in page
    assert fresh(me.id).is_admin and fresh(me.id).deactivated_at is None
    assert audit_actions(me.id) == []


def test_deactivating_ends_every_session_and_reactivating_lets_them_back(app, courses):
    _, admin = make_admin_client(app, now=NOW)
    learner_client = app.test_client()
    learner = make_learner(now=NOW, client=learner_client)
    assert learner_client.get("/account").status_code == 200
    submit(admin, f"/admin/users/{learner.id}/deactivate", {"reason": "Left the school"})
    assert fresh(learner.id).deactivated_at is not None
    assert db.session.scalar(select(LoginSession.id).where(LoginSession.user_id == learner.id,
                                                           LoginSession.revoked_at.is_(None))) is None
    assert learner_client.get("/account").status_code == 302  # signed out
    submit(admin, f"/admin/users/{learner.id}/reactivate", page=f"/admin/users/{learner.id}")
    assert fresh(learner.id).deactivated_at is None
    assert audit_actions(learner.id) == ["account.deactivate", "account.reactivate"]
    assert db.session.scalar(select(AuditEvent.reason).where(AuditEvent.action == "account.deactivate")) == "Left the school"


def test_a_password_reset_sends_the_person_the_reset_link(app, smtp):
    _, admin = make_admin_client(app, now=NOW)
    person = make_user(email="cleo@example.org", name="Cleo", now=NOW)
    page = submit(admin, f"/admin/users/{person.id}/password-reset", page=f"/admin/users/{person.id}",
                  follow_redirects=True).get_data(as_text=True)
    assert "was sent to cleo@example.org" in page
    message = smtp.wait_for(1)[0]
    assert message["To"] == "cleo@example.org" and "/password/reset/" in message.get_body().get_content()
    assert audit_actions(person.id) == ["account.password_reset"]


def test_tutor_roles_from_a_person_page(app, courses):
    _, admin = make_admin_client(app, now=NOW)
    person = make_user(email="dan@example.org", name="Dan", now=NOW)
    course_id = run_of("stem-careers").course_id
    url = f"/admin/users/{person.id}"
    assert submit(admin, url + "/tutor", {"course": "not-a-number"}, page=url).status_code == 422
    submit(admin, url + "/tutor", {"course": str(course_id)}, page=url)
    submit(admin, url + "/tutor", {"course": str(course_id)}, page=url)  # a double click
    log_in(client := app.test_client(), person.email)
    assert "Opening" in client.get("/tutor/").get_data(as_text=True)  # the course's title, on their Teaching page
    submit(admin, f"{url}/tutor/{course_id}/remove")
    assert "Opening" not in client.get("/tutor/").get_data(as_text=True)
    assert audit_actions(person.id) == ["role.grant", "role.revoke"]


def test_an_administrator_turns_off_two_factor_for_someone_who_lost_their_phone(app, smtp):
    """Asked with a reason (audited), the person's sessions end, they are told by e-mail and can log in
    with their password alone; someone without two-factor sign-in is offered nothing."""
    import pyotp

    from lms.accounts.services import two_factor

    _, admin = make_admin_client(app, now=NOW)
    person = make_user(email="dara@example.org", name="Dara", now=NOW)
    assert "Turn off two-factor sign-in" not in admin.get(f"/admin/users/{person.id}").get_data(as_text=True)
    secret = two_factor.start_enrolment(person, password=PASSWORD, now=NOW)
    two_factor.confirm_enrolment(person, pyotp.TOTP(secret).at(NOW), now=NOW)
    db.session.commit()
    page = f"/admin/users/{person.id}/two-factor/off"
    assert "Turn off two-factor sign-in" in admin.get(f"/admin/users/{person.id}").get_data(as_text=True)

    refused = submit(admin, page, {"reason": "  "})
    assert refused.status_code == 422 and "Say how you made sure" in refused.get_data(as_text=True)
    assert fresh(person.id).totp_enabled_at is not None

    done = submit(admin, page, {"reason": "Called her back on the school's number"}, follow_redirects=True)
    assert "Two-factor sign-in is off for Dara" in done.get_data(as_text=True)
    assert fresh(person.id).totp_enabled_at is None
    assert audit_actions(person.id) == ["account.two_factor_off"]
    assert db.session.scalar(select(AuditEvent.reason)) == "Called her back on the school's number"
    assert smtp.wait_for(1)[0]["Subject"] == "Two-factor sign-in is off for your account"
    assert log_in(app.test_client(), "dara@example.org").headers["Location"] == "/dashboard"
