"""The bell, the notification list, e-mail choices and the calendar feed."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import icalendar
from sqlalchemy import select

from lms.core.extensions import db
from lms.notifications.models import Notification
from lms.accounts.models import User
from lms.learning.services.announcements import announce_releases
from tests.conftest import NOW, csrf_from, submit
from tests.factories import log_in, make_enrolment, make_user
from tests.service.test_announcements import BEFORE_START


def announced_learner(client):
    user = make_user(now=BEFORE_START)
    make_enrolment(user, now=BEFORE_START)
    announce_releases(now=NOW)
    db.session.commit()
    log_in(client, user.email)
    return user


def test_bell_counts_unread_notifications_until_they_are_marked_read(client, courses):
    announced_learner(client)
    assert '<span class="count">5<' in client.get("/dashboard").get_data(as_text=True)
    listing = client.get("/notifications").get_data(as_text=True)
    assert ('“<span lang="en">Course introduction</span>”</a> opened in '
            '<span lang="en">Opening Schools to STEM Careers</span>.') in listing  # course words marked as such
    submit(client, "/notifications/read", page="/notifications")
    assert 'class="count"' not in client.get("/dashboard").get_data(as_text=True)


def test_a_learner_cannot_mark_someone_elses_notification(app, client, courses):
    other = make_user(now=BEFORE_START)
    make_enrolment(other, now=BEFORE_START)
    announced_learner(client)
    theirs = db.session.scalar(select(Notification.id).where(Notification.user_id == other.id))
    token = csrf_from(client.get("/notifications").get_data(as_text=True))
    response = client.post("/notifications/read", data={"id": theirs, "csrf_token": token})
    assert response.status_code == 404
    assert db.session.get(Notification, theirs).read_at is None


def test_email_choices_are_saved_per_kind(client, courses):
    user = announced_learner(client)
    response = submit(client, "/account", {"emails-submitted": "1", "emails-wanted": ["schedule_changed", "window_closing"]})
    assert response.status_code == 302
    db.session.expire_all()
    muted = sorted(db.session.get(User, user.id).email_muted)
    assert "inactivity" in muted and "module_opened" in muted
    assert "schedule_changed" not in muted and "window_closing" not in muted
    html = client.get("/account").get_data(as_text=True)
    checked = re.findall(r'<input checked[^>]*name="emails-wanted"[^>]*value="([a-z_]+)"', html)
    assert checked == ["schedule_changed", "window_closing"]


def test_calendar_feed_lists_openings_and_the_window_end_for_a_real_calendar_parser(client, courses):
    user = announced_learner(client)
    response = client.get(f"/calendar/{user.calendar_token}.ics")
    assert response.mimetype == "text/calendar"
    parsed = icalendar.Calendar.from_ical(response.get_data())
    events = sorted(
        (event.decoded("dtstart"), str(event.get("summary"))) for event in parsed.walk("VEVENT")
    )
    assert len(events) == 9  # eight module openings and the end of the window
    assert events[-2] == (datetime(2017, 10, 16, 7, 0, tzinfo=timezone.utc),
                          "Opening Schools to STEM Careers: “Career orientation events on STEM education” opens")
    assert events[-1] == (datetime(2017, 11, 23, 20, 0, tzinfo=timezone.utc),
                          "Opening Schools to STEM Careers: the course window closes")


def test_calendar_name_survives_commas_and_semicolons_in_a_learners_name(client, courses):
    user = make_user(name="Doe, Jane; Head of STEM", now=BEFORE_START)
    feed = client.get(f"/calendar/{user.calendar_token}.ics").get_data(as_text=True)
    # TEXT values escape "," and ";" (RFC 5545, 3.3.11), or a calendar app cuts the name short.
    assert "\r\nX-WR-CALNAME:Doe\\, Jane\\; Head of STEM: courses\r\n" in feed


def test_resetting_the_calendar_address_retires_the_old_one(client, courses):
    user = announced_learner(client)
    old = f"/calendar/{user.calendar_token}.ics"
    assert client.get(old).status_code == 200
    submit(client, "/account", {"calendar-reset": "1"})
    assert client.get(old).status_code == 404
    db.session.expire_all()
    assert client.get(f"/calendar/{db.session.get(User, user.id).calendar_token}.ics").status_code == 200


# One payload per kind, as the services record them; the text and link each should show.
KIND_EXAMPLES = {
    "module_opened": (
        {"course": "stem-careers", "course_title": "STEM", "module": "introduction", "module_title": "Intro",
         "opens_at": "2017-09-25T07:00:00+00:00", "run": "2017"},
        "“Intro”</a> opened in STEM.", "/courses/stem-careers/modules/introduction/"),
    "schedule_changed": (
        {"course": "stem-careers", "course_title": "STEM", "run": "2017", "changes": [
            {"module": "introduction", "module_title": "Intro", "old": None, "new": "2017-10-09T07:00:00+00:00"},
            {"module": "gender-stereotypes", "module_title": "Gender", "old": "2017-10-16T07:00:00+00:00",
             "new": "2017-10-23T07:00:00+00:00"}]},
        "<li>Intro now opens Mon, 9 Oct 2017, 09:00 CEST</li><li>Gender now opens Mon, 23 Oct 2017, 09:00 CEST "
        "(was Mon, 16 Oct 2017, 09:00 CEST)</li>", "/courses/stem-careers"),
    "window_closing": (
        {"course": "stem-careers", "course_title": "STEM", "ends_at": "2017-11-23T11:00:00+00:00", "run": "2017"},
        "STEM</a> closes on Thu, 23 Nov 2017, 12:00 CET.", "/courses/stem-careers"),
    "inactivity": (
        {"course": "stem-careers", "course_title": "STEM", "run": "2017"},
        "Two weeks without activity in", "/courses/stem-careers/continue"),
    "review_received": (
        {"course": "peer", "course_title": "Peer", "module": "plan", "module_title": "Plan", "activity": "plan",
         "activity_title": "Your plan"},
        "A peer has reviewed your work for", "/courses/peer/modules/plan/activities/plan"),
    "claim_expiring": (
        {"course": "peer", "course_title": "Peer", "module": "plan", "module_title": "Plan", "activity": "plan",
         "activity_title": "Your plan", "review": 7, "expires_at": "2017-10-03T12:00:00+00:00"},
        "Your review for “Your plan” expires Tue, 3 Oct 2017, 14:00 CEST", "/reviews/7"),
    "review_duties": (
        {"course": "peer", "course_title": "Peer", "module": "plan", "module_title": "Plan", "activity": "plan",
         "activity_title": "Your plan", "ends_at": "2017-11-23T11:00:00+00:00", "submitted": True},
        "Peer closes Thu, 23 Nov 2017, 12:00 CET: your peer review for", "/courses/peer/modules/plan/activities/plan"),
    "badge_awarded": (
        {"course": "stem-careers", "course_title": "STEM", "badge_title": "Job market", "assertion": "abc123"},
        "You earned the badge", "/badges/assertions/abc123"),
    "work_hidden": (
        {"course": "peer", "course_title": "Peer", "module": "plan", "module_title": "Plan", "activity": "plan",
         "activity_title": "Your plan", "what": "submission", "reason": "Copied from a website."},
        "A tutor has hidden your work for", "/courses/peer/modules/plan/activities/plan"),
    "work_restored": (
        {"course": "peer", "course_title": "Peer", "module": "plan", "module_title": "Plan", "activity": "plan",
         "activity_title": "Your plan", "what": "submission"},
        "Your plan</a>: it is visible to reviewers again.", "/courses/peer/modules/plan/activities/plan"),
    "result_overridden": (
        {"course": "peer", "course_title": "Peer", "module": "plan", "module_title": "Plan", "activity": "plan",
         "activity_title": "Your plan", "reason": "Peers missed the timeline."},
        "Your plan</a>. The reason: Peers missed the timeline.", "/courses/peer/modules/plan/activities/plan"),
    "announcement": (
        {"course": "stem-careers", "course_title": "STEM", "course_language": "en", "run": "2017", "run_id": 1,
         "announcement": 1, "author": "Tess Tutor", "subject": "Monday session", "language": "en",
         "text": "Bring *it*.", "html": "<p>Bring <em>it</em>.</p>"},
        'Tess Tutor wrote to the learners of <a href="/courses/stem-careers#announcements"><span lang="en">STEM</span></a>: '
        '“<span lang="en">Monday session</span>”', "/courses/stem-careers#announcements"),
    "discussion_reply": (
        {"course": "stem-careers", "course_title": "STEM", "course_language": "en", "thread": 4, "title": "Careers fairs",
         "post": 9, "author": "Bea Brown", "excerpt": "We invite parents.", "language": "en"},
        'Bea Brown replied in <a href="/courses/stem-careers/discussions/threads/4?after=8#post-9">“Careers fairs”</a> '
        '(<span lang="en">STEM</span>). <q class="excerpt" lang="en">We invite parents.</q>',
        "/courses/stem-careers/discussions/threads/4?after=8#post-9"),
    "discussion_digest": (
        {"date": "2017-10-03", "count": 2, "more": 0, "course_title": "STEM", "threads": [
            {"course": "stem-careers", "course_title": "STEM", "course_language": "en", "thread": 4, "title": "Careers fairs",
             "replies": [{"post": 9, "author": "Bea Brown", "excerpt": "We invite parents.", "language": "en"},
                         {"post": 11, "author": "Cy Young", "excerpt": "In March.", "language": None}]}]},
        "Your daily e-mail digest: 2 new replies in discussions you follow.",
        "/courses/stem-careers/discussions/threads/4?after=8#post-9"),
    "post_hidden": (
        {"course": "stem-careers", "course_title": "STEM", "course_language": "en", "run": "autumn-2017", "thread": 4,
         "thread_title": "Careers fairs", "post": 9, "reason": "It names a pupil."},
        'A tutor has hidden your post in <a href="/courses/stem-careers/discussions/threads/4?after=8#post-9">“Careers fairs”</a> '
        '(<span lang="en">STEM</span>). The reason: It names a pupil.', "/courses/stem-careers/discussions/threads/4?after=8#post-9"),
    "data_export_ready": (
        {"export": "e" * 32, "expires_at": "2017-10-10T10:00:00+00:00"},
        "A copy of your data is ready: <a href=\"/account/data/exports/" + "e" * 32 + "\">download it</a> before Tue, 10 Oct 2017, 12:00 CEST.",
        "/account/data/exports/" + "e" * 32),
    "event": (
        {"what": "promoted", "event": "robotics", "event_title": "Robotics for librarians",
         "starts_at": "2017-10-06T10:00:00+00:00", "timezone": "Europe/Brussels"},
        'A place has become free: you now have a place at <a href="/events/robotics">Robotics for librarians</a>.',
        "/events/robotics"),
    "organisation_award": (
        {"organisation": 7, "organisation_name": "Riverside Library", "application": 3, "scheme_title": "STEM Award",
         "level_name": "Bronze", "award": "a" * 32, "reason": "A clear portfolio."},
        "Riverside Library</a> earns the STEM Award at Bronze.", "/organisations/7/applications/3"),
    "programme_completed": (
        {"programme": "stem-outreach-libraries", "title": "STEM Outreach for Libraries", "language": "en",
         "award": "b" * 32, "certificate": "c" * 32},
        "STEM Outreach for Libraries</a>: your badge and certificate are ready.", "/programmes/stem-outreach-libraries"),
    "account_inactive": (
        {"erase_on": "2017-11-02T10:00:00+00:00"},
        "was to be deleted on Thu, 2 Nov 2017, 11:00 CET: now that you have logged in, it stays.", "/account/data"),
}


def test_every_notification_kind_reads_as_its_own_message_with_its_link(client, courses):
    from lms.notifications.models import KINDS
    from lms.notifications.services import notify_user

    assert set(KIND_EXAMPLES) == set(KINDS)
    user = make_user(now=BEFORE_START)
    for kind, (payload, _, _) in KIND_EXAMPLES.items():
        notify_user(user.id, kind=kind, key=f"{kind}:example", payload=payload, now=NOW)
    db.session.commit()
    log_in(client, user.email)
    listing = client.get("/notifications").get_data(as_text=True)
    items = listing.split('<li class="notification')[1:]
    assert len(items) == len(KINDS), listing
    for kind, (_, text, link) in KIND_EXAMPLES.items():
        own = [item for item in items if text in " ".join(item.split())]
        assert len(own) == 1, f"{kind}: {text!r} not shown once"
        assert f'href="{link}"' in own[0], f"{kind}: no link to {link}"
