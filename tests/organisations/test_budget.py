"""The organisation's page and an application's page run as many statements for a handful of staff as
for many: counts are SQL aggregates, never a statement per member."""

from __future__ import annotations

from lms.core.extensions import db
from lms.organisations import services
from tests.conftest import NOW
from tests.organisations.conftest import add_member, client_for, complete_course, make_organisation


def _statements(client, url: str, count_queries) -> int:
    client.get(url)  # warm: the session's user, cached fragments
    with count_queries() as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def test_pages_cost_the_same_for_3_staff_as_for_30(app, scheme, count_queries):
    organisation, coordinator = make_organisation()
    application = services.start_application(coordinator, organisation.id, "test-award", "bronze", now=NOW)
    db.session.commit()
    client = client_for(app, coordinator)
    pages = (f"/organisations/{organisation.id}", f"/organisations/{organisation.id}/applications/{application.id}")
    for number in range(3):
        complete_course(add_member(organisation, name=f"S{number}"))
    small = [_statements(client, url, count_queries) for url in pages]
    for number in range(27):
        complete_course(add_member(organisation, name=f"T{number}"))
    large = [_statements(client, url, count_queries) for url in pages]
    print("statements (organisation page, application page):", small)
    assert small == large
