"""Course staff from the browser, and the site settings an administrator may change at run time."""

from __future__ import annotations

from sqlalchemy import select

from lms.core.audit import AuditEvent
from lms.core.extensions import db
from lms.core.site_settings import site_setting
from tests.admin.helpers import make_admin_client
from tests.conftest import NOW, submit
from tests.factories import make_course_tutor, make_user, run_of


def test_the_courses_page_lists_each_course_with_its_tutors(app, courses):
    _, admin = make_admin_client(app, now=NOW)
    make_course_tutor("stem-careers", now=NOW, name="Tess Tutor")
    page = admin.get("/admin/courses").get_data(as_text=True)
    assert "Tess Tutor" in page and "None." in page  # the other sample course has no tutor


def test_assigning_and_removing_a_tutor_of_a_course(app, courses):
    _, admin = make_admin_client(app, now=NOW)
    person = make_user(email="tom@example.org", name="Tom Teacher", now=NOW)
    course_id = run_of("stem-careers").course_id
    url = f"/admin/courses/{course_id}/staff"
    refused = submit(admin, url, {"email": "nobody@example.org"})
    assert refused.status_code == 422 and "No account uses this address." in refused.get_data(as_text=True)
    assert 'value="nobody@example.org"' in refused.get_data(as_text=True)  # what was typed stays
    page = submit(admin, url, {"email": "TOM@example.org"}, follow_redirects=True).get_data(as_text=True)
    assert "Tom Teacher now tutors" in page and "tom@example.org" in page
    confirm = admin.get(f"/admin/users/{person.id}/tutor/{course_id}/remove?back=staff").get_data(as_text=True)
    assert "Remove Tom Teacher as tutor" in confirm
    page = submit(admin, f"/admin/users/{person.id}/tutor/{course_id}/remove?back=staff",
                  follow_redirects=True).get_data(as_text=True)
    assert "no longer tutors" in page and "This course has no tutor yet." in page
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_user_id == person.id)
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["role.grant", "role.revoke"]


def test_settings_change_the_site_name_and_default_language_and_are_audited(app, courses):
    admin_user, admin = make_admin_client(app, now=NOW)
    form = admin.get("/admin/settings").get_data(as_text=True)
    assert 'value="STEM Academy"' in form or "STEM Academy" in form
    page = submit(admin, "/admin/settings", {"site_name": "École <ouverte>", "privacy_text": "We keep *little*.",
                                             "default_language": "fr"}, follow_redirects=True).get_data(as_text=True)
    assert "École &lt;ouverte&gt;</a>" in page  # the header's name, escaped
    db.session.expire_all()
    assert site_setting("privacy_text") == "We keep *little*."
    visitor = app.test_client().get("/", headers={"Accept-Language": "ja"})
    assert '<html lang="fr">' in visitor.get_data(as_text=True)
    rows = db.session.execute(select(AuditEvent.action, AuditEvent.target_id, AuditEvent.actor_id)
                              .order_by(AuditEvent.target_id)).all()
    assert [tuple(row) for row in rows] == [("setting.change", key, admin_user.id)
                                           for key in ("default_language", "privacy_text", "site_name")]


def test_bad_settings_keep_what_was_typed_and_say_what_is_wrong(app):
    _, admin = make_admin_client(app, now=NOW)
    answer = submit(admin, "/admin/settings", {"site_name": "", "privacy_text": "x" * 20001, "default_language": "xx"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Enter the site's name." in page and "cannot be longer than 20000" in page
    assert "Choose a language from the list." in page
    assert db.session.scalar(select(AuditEvent.id)) is None
