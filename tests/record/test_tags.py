"""Tagging entries with the standards of a framework the learner chooses, filtering the record by
a standard, paging a long record with the same number of statements however long it is."""

from __future__ import annotations

from datetime import date, timedelta

from lms.core.extensions import db
from lms.record import services as record
from tests.conftest import NOW, csrf_from, submit
from tests.factories import make_learner_client
from tests.record.conftest import standard_ids
from tests.record.test_entries import learner_client, post_entry
from tests.record.test_exports import tag
from tests.record.test_record_page import text_of
from tests.web.test_badges import complete_course


def test_without_a_framework_entries_cannot_be_tagged(app, practice):
    _, client = make_learner_client(app, "practice", now=NOW)
    html = client.get("/my/record").get_data(as_text=True)
    assert "/my/record/tags" not in html
    response = client.get("/my/record/tags?entry=course:1")
    assert response.status_code == 302


def test_the_only_framework_is_chosen_and_tags_filter_the_record(app, practice, framework):
    _, client = make_learner_client(app, "practice", now=NOW)
    complete_course(client)
    post_entry(client)
    ids = standard_ids()
    page = client.get("/my/record/tags?entry=external:1").get_data(as_text=True)
    assert "Teaching Council Standards" in page and "A1 Knows the subject" in page and "Knowledge" in page
    tag(client, "external:1", ids["A1"], ids["A2"])
    tag(client, "course:1", ids["A1"])
    words = text_of(client.get("/my/record").get_data(as_text=True))
    assert "Standards A1 Knows the subject A2 Knows how people learn" in words
    filtered = text_of(client.get(f"/my/record?standard={ids['A2']}").get_data(as_text=True))
    assert "Tagged with A2 Knows how people learn: 1 entry" in filtered and "Robotics summer school" in filtered
    assert "Practice Graduate" not in filtered
    filtered = text_of(client.get(f"/my/record?standard={ids['A1']}").get_data(as_text=True))
    assert "2 entries" in filtered and "Course · Completed Practice Course" in filtered
    tag(client, "external:1", ids["B1"])  # the entry's standards become what is ticked now
    words = text_of(client.get(f"/my/record?standard={ids['B1']}").get_data(as_text=True))
    assert "1 entry" in words and "Hours 30 Standards B1 Plans lessons well Note" in words


def test_no_one_tags_another_persons_entry_or_a_standard_of_no_framework(app, practice, framework):
    _, owner = learner_client(app)
    post_entry(owner)
    _, stranger = learner_client(app, name="Other")
    html = stranger.get("/my/record").get_data(as_text=True)
    ids = standard_ids()
    for key in ("external:1", "course:1", "badge:nope", "nonsense", "external:" + "9" * 200, "course:\x00"):
        response = stranger.post("/my/record/tags", data={"entry": key, "standard": [str(ids["A1"])],
                                                          "csrf_token": csrf_from(html)})
        assert response.status_code == 404, key
    own = owner.get("/my/record/tags?entry=external:1").get_data(as_text=True)
    response = owner.post("/my/record/tags", data={"entry": "external:1", "standard": ["999999"], "csrf_token": csrf_from(own)})
    assert response.status_code == 422 and "Choose standards from the list." in response.get_data(as_text=True)
    assert record.entries_of(1)[0].tags == []
    assert owner.get("/my/record?standard=999999").status_code == 404
    assert owner.get("/my/record?standard=abc&page=-3").status_code == 200


def test_the_framework_and_reflections_are_settings_of_the_record(app, practice, framework):
    _, client = make_learner_client(app, "practice", now=NOW)
    framework_id = record.list_frameworks()[0].id
    response = submit(client, "/my/record/settings", {"framework": str(framework_id), "include_reflections": "y"},
                      page="/my/record")
    assert response.status_code == 302
    settings = record.get_settings(1)
    assert settings.include_reflections and settings.framework.id == framework_id
    response = submit(client, "/my/record/settings", {"framework": "12345"}, page="/my/record", follow_redirects=True)
    assert "Choose a framework from the list." in response.get_data(as_text=True)


def test_a_long_record_is_paged_and_costs_the_same_statements_for_10_as_for_120_entries(app, practice, framework,
                                                                                      count_queries):
    user, client = learner_client(app)
    client.get("/my/record")

    def add(count: int) -> None:
        for number in range(count):
            record.add_entry(user.id, f"token-{count}-{number:06d}-xxxxxxxx", record.EntryInput(
                title=f"Workshop {number}", started_on=(date(2017, 1, 1) + timedelta(days=number)).isoformat(), hours="1"),
                upload=None, upload_dir=app.config["UPLOAD_DIR"], max_bytes=1, today=date(2017, 10, 3), now=NOW)
        db.session.commit()

    add(10)
    with count_queries() as small:
        assert client.get("/my/record").status_code == 200
    add(110)
    with count_queries() as large:
        first = text_of(client.get("/my/record").get_data(as_text=True))
    assert len(large) == len(small), (len(small), len(large))
    assert "120 entries" in first and "Page 1 of 5" in first and "Workshop 109 " in first and "Workshop 85 " in first and "Workshop 84 " not in first
    last = text_of(client.get("/my/record?page=5").get_data(as_text=True))
    assert "Page 5 of 5" in last and "Workshop 0 " in last
