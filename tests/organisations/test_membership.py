"""Organisations as records, joining (a coordinator approves or refuses), coordinators, leaving, and
consent: only members who share their completions count, and withdrawing takes them out at once."""

from __future__ import annotations

from lms.core.extensions import db
from lms.organisations import services
from tests.conftest import NOW, submit
from tests.factories import make_user
from tests.organisations.conftest import (
    add_member,
    client_for,
    complete_course,
    complete_programme,
    make_organisation,
    second_run,
)


def test_creating_an_organisation_makes_its_creator_coordinator_and_keeps_what_was_typed_when_wrong(app, courses):
    user = make_user(name="Cora", now=NOW)
    client = client_for(app, user)
    bad = submit(client, "/organisations/new", {"name": "St Anne's", "kind": "school", "country": "IE", "region": "Cork",
                                                "web_address": "http://stannes.example.ie"})
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert "starting with https://" in page and "St Anne&#39;s" in page and "Cork" in page
    made = submit(client, "/organisations/new", {"name": "St Anne's", "kind": "school", "country": "IE", "region": "Cork",
                                                 "web_address": "https://stannes.example.ie"}, follow_redirects=True)
    assert made.status_code == 200 and "You are a coordinator of this organisation." in made.get_data(as_text=True)
    listed = client.get("/organisations/?q=anne").get_data(as_text=True)
    assert "St Anne&#39;s" in listed and "Ireland" in listed


def test_odd_input_on_the_form_is_a_field_error_not_a_500(app, courses):
    client = client_for(app, make_user(now=NOW))
    for data in ({"name": "x" * 5000, "kind": "school", "country": "IE", "web_address": "https://a.example"},
                 {"name": "Nul\x00", "kind": "school", "country": "IE", "web_address": "https://a.example"},
                 {"name": "A", "kind": "castle", "country": "ZZ", "web_address": "https://user:pw@a.example"}):
        assert submit(client, "/organisations/new", data).status_code == 422
    assert client.get("/organisations/99999999999").status_code == 404
    assert client.get("/organisations/?after=abc&q=%25_").status_code == 200


def test_a_learner_asks_to_join_and_a_coordinator_approves_or_refuses(app, courses):
    organisation, coordinator = make_organisation()
    ada, bob = make_user(name="Ada", now=NOW), make_user(name="Bob", now=NOW)
    ada_client, bob_client, coordinator_client = client_for(app, ada), client_for(app, bob), client_for(app, coordinator)
    page = f"/organisations/{organisation.id}"
    for client in (ada_client, bob_client):
        submit(client, page + "/join", page=page)
        submit(client, page + "/join", page=page)  # a double click asks once
    queue = coordinator_client.get(page).get_data(as_text=True)
    assert "Requests to join" in queue and "Ada" in queue and "Bob" in queue
    ada_row = services.membership_of(ada, organisation.id)
    bob_row = services.membership_of(bob, organisation.id)
    submit(coordinator_client, f"{page}/members/{ada_row.id}/approve", page=page)
    submit(coordinator_client, f"{page}/members/{bob_row.id}/refuse", page=page)
    assert "You are a member of this organisation." in ada_client.get(page).get_data(as_text=True)
    assert "A coordinator refused your request" in bob_client.get(page).get_data(as_text=True)
    # Only coordinators decide: a member's attempt is a 404, and changes nothing.
    assert submit(ada_client, f"{page}/members/{bob_row.id}/approve", page=page).status_code == 404
    db.session.expire_all()
    assert services.membership_of(bob, organisation.id).status == "refused"


def test_a_coordinator_names_another_and_only_then_may_leave(app, courses):
    organisation, coordinator = make_organisation()
    member = add_member(organisation, share=False)
    client = client_for(app, coordinator)
    page = f"/organisations/{organisation.id}"
    left = submit(client, page + "/leave", page=page, follow_redirects=True).get_data(as_text=True)
    assert "only coordinator" in left
    submit(client, f"{page}/members/{services.membership_of(member, organisation.id).id}/coordinator", page=page)
    assert "You are no longer in this organisation." in submit(client, page + "/leave", page=page, follow_redirects=True).get_data(as_text=True)
    db.session.expire_all()
    assert services.is_coordinator(member, organisation.id) and services.membership_of(coordinator, organisation.id) is None


def test_completions_count_only_with_consent_and_withdrawing_removes_them(app, scheme):
    organisation, coordinator = make_organisation()
    sharing = add_member(organisation, share=True, name="Sharer")
    private = add_member(organisation, share=False, name="Private")
    outsider = make_user(name="Outsider", now=NOW)
    for person in (sharing, private, outsider, coordinator):
        complete_course(person)
    bronze = scheme.level("bronze")
    assert [c.count for c in services.criteria_status(organisation.id, bronze)] == [1]

    client = client_for(app, private)
    page = f"/organisations/{organisation.id}"
    submit(client, page + "/sharing", {"share": "1"}, page=page)
    assert [c.count for c in services.criteria_status(organisation.id, bronze)] == [2]
    submit(client, page + "/sharing", {"share": "0"}, page=page)
    assert [c.count for c in services.criteria_status(organisation.id, bronze)] == [1]


def test_a_person_counts_once_whatever_runs_courses_and_programmes_they_completed(app, scheme):
    organisation, _ = make_organisation()
    busy = add_member(organisation, name="Busy")
    complete_course(busy)
    complete_course(busy, run=second_run())
    complete_programme(busy)
    programme_only = add_member(organisation, name="Programme only")
    complete_programme(programme_only)
    unfinished = add_member(organisation, name="Unfinished")
    complete_programme(unfinished, completed=False)
    bronze, silver = scheme.level("bronze"), scheme.level("silver")
    assert [c.count for c in services.criteria_status(organisation.id, bronze)] == [2]
    assert [c.count for c in services.criteria_status(organisation.id, silver)] == [1]


def test_criteria_are_counted_by_one_statement_each_whatever_the_staff(app, scheme, count_queries):
    organisation, _ = make_organisation()
    for number in range(3):
        complete_course(add_member(organisation, name=f"S{number}"))
    with count_queries() as small:
        services.criteria_status(organisation.id, scheme.level("bronze"))
    for number in range(12):
        complete_course(add_member(organisation, name=f"T{number}"))
    with count_queries() as large:
        counts = services.criteria_status(organisation.id, scheme.level("bronze"))
    assert counts[0].count == 15 and len(small) == len(large) <= 3  # titles of courses and of programmes, then one COUNT


def test_members_see_the_members_and_others_see_only_the_public_record(app, courses):
    organisation, coordinator = make_organisation()
    member = add_member(organisation, name="Mina Member")
    stranger = make_user(name="Stranger", now=NOW)
    page = f"/organisations/{organisation.id}"
    assert "Mina Member" in client_for(app, member).get(page).get_data(as_text=True)
    seen = client_for(app, stranger).get(page).get_data(as_text=True)
    assert "Mina Member" not in seen and "Ask to join" in seen
    assert client_for(app, stranger).get(page + "/edit").status_code == 404
    assert app.test_client().get(page).status_code == 302  # visitors log in first


def test_the_list_is_searched_and_paged_by_name(app, courses):
    coordinator = make_user(name="Many", now=NOW)
    for number in range(25):
        make_organisation(coordinator, name=f"Library {number:02d}", kind="library")
    make_organisation(coordinator, name="Harbour School")
    client = client_for(app, make_user(name="Visitor", now=NOW))
    first = client.get("/organisations/").get_data(as_text=True)
    assert "Harbour School" in first and "Library 18" in first and "Library 19" not in first
    assert "Organisations 1–20 of 26" in first and 'rel="next"' in first
    after = first.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    second = client.get(after).get_data(as_text=True)
    assert "Library 19" in second and "Library 24" in second and "Library 18" not in second and "Harbour School" not in second
    found = client.get("/organisations/?q=harb").get_data(as_text=True)
    assert "Harbour School" in found and "Library 01" not in found
