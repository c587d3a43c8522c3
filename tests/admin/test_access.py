"""Every /admin address is for administrators only: to anyone else, signed in or not, it does not
exist (404), whatever the method. The addresses are read from the app's URL map, so a page added
later is covered without touching this test."""

from __future__ import annotations

import re

import pytest

from tests.admin.helpers import make_admin_client
from tests.conftest import NOW, csrf_from
from tests.factories import make_course_tutor, make_learner


def admin_addresses(app) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/admin"):
            path = re.sub(r"<(?:int:)?(\w+)>", "1", rule.rule)
            found += [(method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def test_the_admin_pages_are_all_found(app):
    paths = {path for _, path in admin_addresses(app)}
    assert {"/admin/", "/admin/users", "/admin/audit", "/admin/audit.csv", "/admin/settings"} <= paths


@pytest.mark.parametrize("who", ["visitor", "learner", "tutor"])
def test_every_admin_address_is_404_for_anyone_but_an_administrator(app, courses, who):
    client = app.test_client()
    if who == "learner":
        make_learner(now=NOW, client=client)
    elif who == "tutor":
        make_course_tutor("stem-careers", now=NOW, client=client)
    token = csrf_from(client.get("/login" if who == "visitor" else "/account").get_data(as_text=True))
    for method, path in admin_addresses(app):
        response = client.open(path, method=method, data={"csrf_token": token, "admin": "y"})
        assert response.status_code == 404, (who, method, path)


def test_the_header_links_to_the_administration_for_administrators_only(app, courses):
    _, admin = make_admin_client(app, now=NOW)
    assert 'href="/admin/"' in admin.get("/account").get_data(as_text=True)
    learner = app.test_client()
    make_learner(now=NOW, client=learner)
    assert 'href="/admin/"' not in learner.get("/account").get_data(as_text=True)


def test_odd_ids_and_input_give_a_clear_answer_not_a_crash(app, courses):
    _, admin = make_admin_client(app, now=NOW)
    assert admin.get("/admin/users/99999999999999999999999").status_code == 404
    assert admin.get("/admin/users/4711").status_code == 404
    assert admin.get("/admin/courses/4711/staff").status_code == 404
    assert admin.get("/admin/users?q=%00" + "x" * 10000).status_code in (200, 404)
    assert admin.get("/admin/users?after=99999999999999999999").status_code == 200
    assert admin.get("/admin/audit?since=not-a-day").status_code == 422
    assert admin.get("/admin/audit?action=" + "x" * 5000).status_code == 422
    assert admin.get("/admin/audit.csv?since=2017-13-45").status_code == 400


def test_an_administrator_s_change_without_the_form_token_is_refused_and_changes_nothing(app):
    from lms.accounts.models import User
    from lms.core.extensions import db
    from tests.factories import make_user

    _, admin = make_admin_client(app, now=NOW)
    person = make_user(email="eve@example.org", now=NOW)
    for path in (f"/admin/users/{person.id}/admin", f"/admin/users/{person.id}/deactivate", "/admin/settings"):
        assert admin.post(path, data={"site_name": "Taken over", "default_language": "en"}).status_code == 400, path
    db.session.expire_all()
    changed = db.session.get(User, person.id)
    assert not changed.is_admin and changed.deactivated_at is None
    assert "Taken over" not in admin.get("/admin/").get_data(as_text=True)
