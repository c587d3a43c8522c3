"""/my/record: everything a learner did, from each source, newest first, with dates and hours;
their reflections only when they choose to include them; one person's record is theirs alone."""

from __future__ import annotations

import re

from lms.core.extensions import db
from tests.conftest import NOW, submit
from tests.factories import make_learner_client
from tests.web.test_badges import REFLECTION_TEXT, complete_course


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_signed_out_visitors_are_sent_to_log_in(client):
    response = client.get("/my/record")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_record_lists_the_course_its_badges_and_certificate_with_dates_and_hours(app, practice):
    _, client = make_learner_client(app, "practice", now=NOW, name="Ada Lovelace")
    complete_course(client)
    page = client.get("/my/record")
    assert page.status_code == 200
    words = text_of(page.get_data(as_text=True))
    assert "Course · Completed Practice Course" in words and "Run Open run" in words
    assert "Badge · Badge awarded Practice Basics" in words and "Badge · Badge awarded Practice Graduate" in words
    assert "Certificate · Certificate issued Certificate: Practice Course" in words
    assert "When 3 October 2017" in words  # in the learner's zone
    assert "Hours" in words and "4 entries" in words


def test_an_enrolment_in_progress_shows_without_hours(app, practice):
    _, client = make_learner_client(app, "practice", now=NOW)
    words = text_of(client.get("/my/record").get_data(as_text=True))
    assert "Course · In progress Practice Course" in words and "0 hours in all" in words


def test_reflections_are_in_the_record_only_when_the_learner_includes_them(app, practice):
    _, client = make_learner_client(app, "practice", now=NOW)
    complete_course(client)
    assert REFLECTION_TEXT not in client.get("/my/record").get_data(as_text=True)
    submit(client, "/my/record/settings", {"include_reflections": "y", "framework": ""}, page="/my/record")
    html = client.get("/my/record").get_data(as_text=True)
    assert REFLECTION_TEXT in html and "Your thoughts" in html
    submit(client, "/my/record/settings", {"framework": ""}, page="/my/record")
    assert REFLECTION_TEXT not in client.get("/my/record").get_data(as_text=True)


def test_another_learner_sees_nothing_of_it(app, practice):
    _, ada = make_learner_client(app, "practice", now=NOW)
    complete_course(ada)
    _, bob = make_learner_client(app, "practice", now=NOW, name="Bob")
    words = text_of(bob.get("/my/record").get_data(as_text=True))
    assert "Practice Basics" not in words and "Course · In progress Practice Course" in words
    db.session.remove()


def test_the_dashboard_links_to_the_record(app, practice):
    _, client = make_learner_client(app, "practice", now=NOW)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert '<a href="/my/record">My learning record</a>' in dashboard


def test_badges_and_certificates_of_a_programme_are_in_the_record(app, practice, tmp_path):
    from datetime import date

    from lms.awards import services as awards
    from tests.awards.conftest import PNG

    user, client = make_learner_client(app, "practice", now=NOW)
    image = tmp_path / "programme.png"
    image.write_bytes(PNG.read_bytes())
    badge = awards.StandaloneBadge(slug="outreach", name="STEM Outreach for Libraries", description="Completed it.",
                                   criteria="All of it.", image=image)
    awards.issue_standalone(f"programme:outreach:user:{user.id}", badge, awards.Recipient(name=user.name, user_id=user.id),
                            [], now=NOW)
    uid = awards.issue_programme_certificate(
        f"programme:outreach:user:{user.id}", user_id=user.id, title="Postgraduate Certificate in STEM Outreach",
        lines=[awards.TranscriptLine("Practice Course", date(2017, 9, 25), date(2017, 10, 3), 1.5, "Completed")],
        hours=150, now=NOW)
    db.session.commit()
    html = client.get("/my/record").get_data(as_text=True)
    words = text_of(html)
    assert "Badge · Badge awarded STEM Outreach for Libraries" in words
    assert "Certificate · Certificate issued Postgraduate Certificate in STEM Outreach" in words
    assert awards.programme_certificate_urls(uid)["page"].removeprefix("http://localhost") in html


def test_an_attended_event_is_in_the_record_with_its_hours(app, practice):
    from datetime import timedelta

    from lms.events import services as events
    from tests.events.conftest import make_event

    user, client = make_learner_client(app, "practice", now=NOW)
    workshop = make_event(title="Coding club starter workshop", starts=NOW - timedelta(days=2), hours=3)
    missed = make_event(title="Workshop they missed", starts=NOW - timedelta(days=1))
    for event in (workshop, missed):
        events.register(event, user.id, now=NOW - timedelta(days=5))
    events.set_attendance(workshop, shown=[user.id], present={user.id}, now=NOW)
    db.session.commit()
    words = text_of(client.get("/my/record").get_data(as_text=True))
    assert "Event · Attended Coding club starter workshop" in words and "Hours 3" in words
    assert "Workshop they missed" not in words
