"""A tutor's announcements, through the pages: write one in Markdown to the whole run or a filtered
group, preview it (rendered, sanitised, with the number of recipients), send it now or schedule it,
change or cancel it before it goes; once sent it is never sent again. Only the course's tutors and
admins reach any of it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.activities import services as activities
from lms.cohort.jobs import send_due_announcements
from lms.cohort.models import Announcement
from lms.core.extensions import db
from lms.notifications.models import Notification, NotificationText
from tests.conftest import NOW, csrf_from
from tests.factories import log_in, make_course_tutor, make_learner, make_tutor_client, make_user

BASE = "/tutor/courses/practice/runs/open/announcements"
TOKEN = re.compile(r'name="token" type="hidden" value="([0-9a-f]{32})"')
BODY = "Dear all,\n\nBring **your plan** to the Monday session:\n\n- the draft\n- [the template](https://example.org/t)\n"


def write(client, *, subject: str = "Monday session", body: str = BODY, status: str = "", search: str = "",
          language: str = "en", page: str | None = None, token: str | None = None):
    """Fill in the new-announcement form as a browser does and press Preview; the response."""
    html = client.get(page or BASE + "/new").get_data(as_text=True)
    token = token or TOKEN.search(html).group(1)
    return client.post(BASE + "/new", data={"csrf_token": csrf_from(html), "token": token, "subject": subject, "body": body,
                                            "language": language, "status": status, "search": search})


def written(client, **fields) -> str:
    """The new announcement's page (its preview)."""
    response = write(client, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location


def press(client, url: str, action: str, data: dict | None = None):
    """Press one of the preview page's buttons."""
    html = client.get(url).get_data(as_text=True)
    return client.post(f"{url}/{action}", data={"csrf_token": csrf_from(html), **(data or {})})


def words(html: str) -> str:
    """What a reader sees: the page's text without tags, spaces collapsed."""
    inline = re.sub(r"</?(?:a|b|em|strong|span|time)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", inline).split())


def ledger(announcement_key_part: str = "announcement:") -> list[tuple[int, str]]:
    db.session.expire_all()
    return sorted(db.session.execute(select(Notification.user_id, Notification.key)
                                     .where(Notification.key.startswith(announcement_key_part))).all())


@pytest.fixture
def cohort(app, practice):
    """The practice run: Ada and Cleo have not started, Bob has (a quiz); Tess tutors it."""
    ada = make_learner("practice", now=NOW, name="Ada Lovelace")
    bob = make_learner("practice", now=NOW, name="Bob Started")
    cleo = make_learner("practice", now=NOW, name="Cleo Quiet")
    activities.submit_quiz(bob, "practice", "basics", "check", answers=[[0], [0, 1]], attempt_number=1, now=NOW)
    db.session.commit()
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    return {"ada": ada, "bob": bob, "cleo": cleo, "tutor": tutor}


def test_the_preview_shows_the_rendered_markdown_and_the_number_of_learners_the_filter_reaches(cohort):
    tutor = cohort["tutor"]
    everyone = tutor.get(written(tutor)).get_data(as_text=True)
    assert "If you send it now, 3 learners receive it." in everyone
    assert "Bring <strong>your plan</strong> to the Monday session:" in everyone
    assert '<a href="https://example.org/t" rel="noopener noreferrer">the template</a>' in everyone

    not_started = tutor.get(written(tutor, status="not_started")).get_data(as_text=True)
    assert "If you send it now, 2 learners receive it." in not_started and "Not started" in not_started
    one = tutor.get(written(tutor, status="not_started", search="CLEO")).get_data(as_text=True)
    assert "If you send it now, 1 learner receives it." in one
    assert "Not started, whose name or e-mail contains “CLEO”" in one
    nobody = tutor.get(written(tutor, search="nobody-has-this-name")).get_data(as_text=True)
    assert "No learner matches now." in nobody and "/send" not in nobody
    listing = tutor.get(BASE).get_data(as_text=True)
    assert listing.count("Draft, not sent") == 4


def test_sending_now_reaches_exactly_the_filtered_learners_once(cohort):
    tutor = cohort["tutor"]
    preview = written(tutor, status="not_started")
    response = press(tutor, preview, "send")
    assert response.status_code == 302
    assert "Sent to 2 learners." in tutor.get(response.location).get_data(as_text=True)
    sent = ledger()
    assert [user_id for user_id, _ in sent] == sorted([cohort["ada"].id, cohort["cleo"].id])

    again = press(tutor, preview, "send")  # the button pressed again, from a page still open
    assert again.status_code == 302
    page = tutor.get(again.location).get_data(as_text=True)
    assert "This announcement had already been sent; it was not sent again." in page
    assert re.search(r"Sent Tue, 3 Oct 2017, 12:00 CEST to 2 learners", words(page)) and "/send" not in page
    assert ledger() == sent


def test_a_double_click_on_preview_keeps_one_draft_holding_what_was_sent_last(cohort):
    tutor = cohort["tutor"]
    html = tutor.get(BASE + "/new").get_data(as_text=True)
    token = TOKEN.search(html).group(1)
    first = write(tutor, token=token, subject="First words")
    second = write(tutor, token=token, subject="Second words")
    assert first.status_code == second.status_code == 302 and first.location == second.location
    assert db.session.scalar(select(func.count()).select_from(Announcement)) == 1
    assert "Second words" in tutor.get(first.location).get_data(as_text=True)


def test_markup_in_the_body_is_sanitised_like_learners_writing_and_remote_images_are_dropped(cohort, client):
    tutor = cohort["tutor"]
    body = ('Hello <script>alert("x")</script>\n\n<img src="https://tracker.example/pixel.png" onerror="alert(1)">\n\n'
            '![me](https://tracker.example/me.png) [click](javascript:alert(2)) <a href="#" onclick="steal()">here</a>\n\n'
            '<iframe src="https://evil.example/"></iframe>\n\n# Badges\n')
    preview = written(tutor, body=body, subject='<b onmouseover="x()">Hi</b>')
    assert press(tutor, preview, "send").status_code == 302
    log_in(client, cohort["ada"].email)
    for page in (tutor.get(preview).get_data(as_text=True), client.get("/courses/practice").get_data(as_text=True),
                 client.get("/dashboard").get_data(as_text=True)):
        assert "Hello" in page and "alert" not in page and "tracker.example" not in page
        for odd in ("onclick", "onerror", "javascript:"):
            assert odd not in page, page[page.index(odd) - 300:page.index(odd) + 100]
        assert "evil.example" not in page and "<iframe" not in page
        assert "<b onmouseover" not in page and "&lt;b onmouseover" in page  # the subject is text, shown as typed
        assert '<h1 id="badges"' not in page  # a heading's anchor never clashes with the page's own ids


def test_a_scheduled_announcement_goes_at_its_time_to_those_who_match_then(cohort):
    tutor = cohort["tutor"]
    preview = written(tutor, status="not_started")
    refused = press(tutor, preview, "schedule", {"send_at": "2017-10-03T11:59"})  # Brussels: 09:59 UTC, already past
    assert refused.status_code == 422 and "Choose a time in the future." in refused.get_data(as_text=True)
    response = press(tutor, preview, "schedule", {"send_at": "2017-10-03T14:30"})  # 12:30 UTC
    assert response.status_code == 302
    page = tutor.get(response.location).get_data(as_text=True)
    assert "Scheduled for Tue, 3 Oct 2017, 14:30 CEST" in words(page) and 'value="2017-10-03T14:30"' in page
    assert db.session.scalar(select(Announcement.scheduled_for)).isoformat() == "2017-10-03T12:30:00+00:00"
    late = make_learner("practice", now=NOW, name="Dora Late")  # enrolled after it was scheduled, before it goes

    assert send_due_announcements(NOW + timedelta(hours=2, minutes=29)) == 0 and ledger() == []
    assert send_due_announcements(NOW + timedelta(hours=2, minutes=30)) == 3
    assert [user_id for user_id, _ in ledger()] == sorted([cohort["ada"].id, cohort["cleo"].id, late.id])
    assert send_due_announcements(NOW + timedelta(hours=3)) == 0  # the next run finds nothing to send
    assert len(ledger()) == 3


def test_a_scheduled_announcement_can_be_changed_or_cancelled_before_it_goes(cohort):
    tutor = cohort["tutor"]
    preview = written(tutor)
    press(tutor, preview, "schedule", {"send_at": "2017-10-04T09:00"})
    edit = tutor.get(preview + "/edit").get_data(as_text=True)
    assert "It is scheduled for Wed, 4 Oct 2017, 09:00 CEST; it keeps that time." in words(edit) and "Monday session" in edit
    assert re.search(r'<textarea[^>]* lang="en"[^>]*>\s*Dear all,', edit)  # the tutor's words, in their language
    changed = tutor.post(preview + "/edit", data={"csrf_token": csrf_from(edit), "subject": "Tuesday session",
                                                  "body": "Bring *nothing*.", "language": "en", "status": "", "search": ""})
    assert changed.status_code == 302
    page = tutor.get(preview).get_data(as_text=True)
    assert "Tuesday session" in page and "Bring <em>nothing</em>." in page and "Scheduled for" in page

    cancelled = press(tutor, preview, "cancel")
    assert "it is a draft again" in tutor.get(cancelled.location).get_data(as_text=True)
    assert send_due_announcements(NOW + timedelta(days=2)) == 0 and ledger() == []

    press(tutor, preview, "schedule", {"send_at": "2017-10-04T09:00"})
    assert send_due_announcements(NOW + timedelta(days=2)) == 3
    payloads = db.session.scalars(select(Notification.payload).where(Notification.kind == "announcement")).all()
    assert {payload["subject"] for payload in payloads} == {"Tuesday session"}
    texts = {db.session.get(NotificationText, payload["text_id"]) for payload in payloads}
    assert [(text.subject, text.html) for text in texts] == [("Tuesday session", "<p>Bring <em>nothing</em>.</p>")]


def test_a_sent_announcement_can_no_longer_be_changed_cancelled_or_deleted(cohort):
    tutor = cohort["tutor"]
    preview = written(tutor)
    html = tutor.get(preview + "/edit").get_data(as_text=True)  # a tab left open on the form
    press(tutor, preview, "send")
    late = tutor.post(preview + "/edit", data={"csrf_token": csrf_from(html), "subject": "Changed", "body": "Changed.",
                                               "language": "en", "status": "", "search": ""})
    assert late.status_code == 302
    assert "it can no longer be changed" in tutor.get(late.location).get_data(as_text=True)
    for action in ("delete", "cancel"):
        assert "it can no longer be changed" in tutor.get(press(tutor, preview, action).location).get_data(as_text=True)
    assert press(tutor, preview, "schedule", {"send_at": "2017-10-05T09:00"}).status_code in (302, 422)
    found = db.session.scalar(select(Announcement))
    db.session.refresh(found)
    assert found.subject == "Monday session" and found.scheduled_for is None and len(ledger()) == 3


def test_sending_the_new_form_again_after_its_draft_went_says_the_changes_were_not_saved(cohort):
    tutor = cohort["tutor"]
    form = tutor.get(BASE + "/new").get_data(as_text=True)  # the form, kept in a tab
    token = TOKEN.search(form).group(1)
    preview = written(tutor, token=token)
    press(tutor, preview, "send")
    again = write(tutor, subject="Changed after it went", token=token)
    assert again.status_code == 302 and again.location == preview  # back to what went
    page = words(tutor.get(again.location).get_data(as_text=True))
    assert "This announcement had already been sent, so your changes were not saved. Here it is as it went out." in page
    assert "Changed after it went" not in page and "Monday session" in page
    assert db.session.scalar(select(Announcement.subject)) == "Monday session"
    assert db.session.scalar(select(func.count()).select_from(Announcement)) == 1 and len(ledger()) == 3


def test_a_bad_or_stale_form_says_so_on_top_and_keeps_what_was_typed(cohort):
    tutor = cohort["tutor"]
    for odd in ("not-a-token", "0" * 31 + "\x00", "A" * 32):
        response = write(tutor, subject="Kept subject", token=odd)
        assert response.status_code == 422, odd
        html = response.get_data(as_text=True)
        assert "That form had expired. Please try again." in html and 'value="Kept subject"' in html
        fresh = TOKEN.search(html).group(1)  # a new token: pressing the button again works
        assert write(tutor, subject="Kept subject", token=fresh).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Announcement)) == 3


def test_a_draft_can_be_deleted(cohort):
    tutor = cohort["tutor"]
    preview = written(tutor)
    response = press(tutor, preview, "delete")
    assert response.location.endswith(BASE)
    assert "The draft is deleted." in tutor.get(response.location).get_data(as_text=True)
    assert tutor.get(preview).status_code == 404


@pytest.mark.parametrize("fields, field, message", [
    ({"subject": ""}, "subject", "Write a subject."),
    ({"body": "   "}, "body", "Write the message."),
    ({"subject": "x" * 201}, "subject", "Write a subject of at most 200 characters."),
    ({"body": "x" * 10_001}, "body", "Write a message of at most 10000 characters."),
    ({"subject": "Hello\x00"}, "subject", "invisible control characters"),
    ({"body": "Hello\x1b[31m"}, "body", "invisible control characters"),
    ({"search": "x" * 300}, "search", "Write at most 254 characters."),
    ({"language": "xx"}, "language", "Choose a language from the list."),
])
def test_bad_input_is_refused_with_the_fields_own_message(cohort, fields, field, message):
    response = write(cohort["tutor"], **fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and f'id="{field}-error"' in html
    assert db.session.scalar(select(func.count()).select_from(Announcement)) == 0


def test_odd_filter_values_and_odd_times_never_break_a_page(cohort):
    tutor = cohort["tutor"]
    preview = written(tutor, status="'; DROP TABLE users; --")  # an unknown filter: everyone
    assert "If you send it now, 3 learners receive it." in tutor.get(preview).get_data(as_text=True)
    assert '<option selected value="">' in tutor.get(BASE + "/new?status=nonsense&q=%00").get_data(as_text=True)
    for odd in ("tomorrow", "9999-12-31T23:59", "0001-01-01T00:00", "2017-13-45T99:99", "2018-10-05T10:00", "\x00"):
        response = press(tutor, preview, "schedule", {"send_at": odd})
        assert response.status_code == 422, odd
    assert "Choose a time within the next year." in press(tutor, preview, "schedule", {"send_at": "2018-10-05T10:00"}).get_data(as_text=True)
    assert tutor.get(BASE + "/2147483648").status_code == 404
    assert tutor.get(BASE + "/99999").status_code == 404
    assert db.session.scalar(select(Announcement.scheduled_for)) is None


def test_only_the_courses_tutors_and_admins_reach_announcements_anyone_else_gets_not_found(app, cohort, peer_course):
    tutor = cohort["tutor"]
    preview = written(tutor)
    announcement_id = int(preview.rsplit("/", 1)[1])
    outsiders = {}
    for name, user in (("other tutor", make_course_tutor("peer", now=NOW)), ("learner", cohort["ada"])):
        outsiders[name] = app.test_client()
        log_in(outsiders[name], user.email)
    admin = make_user(email="admin@example.org", now=NOW)
    admin.is_admin = True
    db.session.commit()
    outsiders["admin"] = app.test_client()
    log_in(outsiders["admin"], admin.email)
    one = f"{BASE}/{announcement_id}"
    pages = [BASE, BASE + "/new", one, one + "/edit"]
    actions = [BASE + "/new", one + "/edit", one + "/schedule", one + "/cancel", one + "/delete", one + "/send"]
    for name in ("other tutor", "learner"):
        client = outsiders[name]
        token = csrf_from(client.get("/account").get_data(as_text=True))
        answers = {url: client.get(url).status_code for url in pages}
        answers.update({"POST " + url: client.post(url, data={"csrf_token": token, "subject": "x", "body": "y",
                                                              "send_at": "2017-10-05T09:00"}).status_code
                        for url in actions})
        assert set(answers.values()) == {404}, (name, answers)
    assert ledger() == [] and db.session.scalar(select(Announcement.scheduled_for)) is None

    admin_client = outsiders["admin"]
    assert {admin_client.get(url).status_code for url in pages} == {200}
    assert press(admin_client, one, "send").status_code == 302 and len(ledger()) == 3
