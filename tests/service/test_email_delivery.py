"""E-mail for notifications through a real SMTP server on loopback."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.core.extensions import db
from lms.notifications.jobs import deliver_email
from lms.notifications.models import Notification
from lms.learning.services.announcements import announce_releases
from lms.notifications.services import set_email_preferences
from tests.conftest import NOW
from tests.service.test_announcements import BEFORE_START
from tests.factories import make_learner


def bodies(message) -> tuple[str, str]:
    parts = {part.get_content_type(): part.get_payload(decode=True).decode() for part in message.walk()
             if not part.is_multipart()}
    return parts["text/plain"], parts["text/html"]


def test_each_announcement_is_mailed_once_in_the_learners_time_zone(app, courses, smtp):
    user = make_learner(now=BEFORE_START, timezone="America/New_York")
    announce_releases(now=NOW)
    db.session.commit()
    assert deliver_email(NOW) == 5
    assert deliver_email(NOW + timedelta(minutes=1)) == 0
    assert len(smtp.messages) == 5
    first = smtp.messages[0]
    assert first["To"] == user.email
    assert first["Subject"] == "“Course introduction” is now open"
    text, html = bodies(first)
    assert "opened on Mon, 25 Sept 2017, 03:00 EDT" in text
    assert "http://localhost/courses/stem-careers/modules/introduction/" in text
    assert '<a href="http://localhost/courses/stem-careers/modules/introduction/">' in html


def test_mail_is_written_in_the_learners_language(app, courses, smtp):
    user = make_learner(now=BEFORE_START)
    user.language = "fr"
    db.session.commit()
    announce_releases(now=NOW)
    db.session.commit()
    deliver_email(NOW)
    assert smtp.messages[0]["Subject"] == "« Course introduction » est maintenant ouvert"
    assert bodies(smtp.messages[0])[0].startswith(f"Bonjour {user.name},")


def test_learner_who_turned_off_an_email_kind_sees_it_only_in_the_app(app, courses, smtp):
    user = make_learner(now=BEFORE_START)
    set_email_preferences(user, wanted=["schedule_changed"])
    db.session.commit()
    announce_releases(now=NOW)
    db.session.commit()
    assert deliver_email(NOW) == 0
    assert smtp.messages == []
    statuses = set(db.session.scalars(select(Notification.email_status)))
    assert statuses == {"skipped"}


BADGES = {"stem-careers-introduction": "STEM Careers: Getting Started",
          "stem-careers-stem-careers-job-market": "STEM Careers and the Job Market",
          "stem-careers-stem-career-pathways": "STEM Career Pathways"}


def test_badges_earned_within_a_minute_arrive_as_one_email_listing_them(app, courses, smtp):
    from lms.notifications.services import list_notifications
    from tests.factories import make_awarded_badge

    user = make_learner(now=BEFORE_START)
    for seconds, slug in zip((0, 10, 20), BADGES):
        make_awarded_badge(user, slug, now=NOW + timedelta(seconds=seconds))
    assert deliver_email(NOW + timedelta(seconds=30)) == 0  # the learner is still earning: wait
    assert deliver_email(NOW + timedelta(seconds=81)) == 1
    assert deliver_email(NOW + timedelta(minutes=5)) == 0
    [message] = smtp.messages
    assert message["Subject"] == "You earned 3 badges"
    text, html = bodies(message)
    for title in BADGES.values():
        assert f'- "{title}" in ' in text
    assert text.count("http://localhost/badges/assertions/") == 3 and html.count("<li>") == 3
    assert {n.email_status for n in db.session.scalars(select(Notification))} == {"sent"}
    assert len(list_notifications(user)) == 3  # the bell still shows each


def test_a_single_badge_keeps_its_own_email(app, courses, smtp):
    from tests.factories import make_awarded_badge

    user = make_learner(now=BEFORE_START)
    user.language = "fr"
    make_awarded_badge(user, "stem-careers-stem-career-pathways", now=NOW)
    assert deliver_email(NOW + timedelta(minutes=1, seconds=1)) == 1
    assert smtp.messages[0]["Subject"] == "Vous avez obtenu un badge : STEM Career Pathways"


def test_one_run_writes_to_each_recipient_in_their_own_language_time_zone_and_name(app, courses, smtp):
    app.config["MAIL_BATCH_SIZE"] = 4  # several batches: words made once serve every batch, and only their recipients
    ann = make_learner(now=BEFORE_START, name="Ann Archer", timezone="America/New_York")
    zoe = make_learner(now=BEFORE_START, name="Zoë <Dupont> & fils", timezone="Asia/Tokyo")
    zoe.language = "fr"
    db.session.commit()
    announce_releases(now=NOW)
    db.session.commit()
    assert deliver_email(NOW) == 10
    to_ann = [message for message in smtp.messages if message["To"] == ann.email]
    to_zoe = [message for message in smtp.messages if message["To"] == zoe.email]
    assert len(to_ann) == len(to_zoe) == 5
    assert to_ann[0]["Subject"] == "“Course introduction” is now open"
    assert to_zoe[0]["Subject"] == "« Course introduction » est maintenant ouvert"
    for message in to_ann:
        text, html = bodies(message)
        assert text.startswith("Hello Ann Archer,") and " EDT" in text and "Zoë" not in text + html
    for message in to_zoe:
        text, html = bodies(message)
        assert text.startswith("Bonjour Zoë <Dupont> & fils,") and " JST" in text and "Ann" not in text + html
        assert "Zoë &lt;Dupont&gt; &amp; fils" in html and "<Dupont>" not in html  # the name is text, never markup
    assert len({message["Message-ID"] for message in smtp.messages}) == 10


def test_an_email_sent_again_after_a_crash_carries_the_same_message_id(app, courses, smtp):
    make_learner(now=BEFORE_START)
    announce_releases(now=NOW)
    db.session.commit()
    assert deliver_email(NOW) == 5
    # A sender killed after the server took the first message, before its batch was recorded:
    # the message is due again.
    first = db.session.scalar(select(Notification).order_by(Notification.id))
    first.email_status = "pending"
    db.session.commit()
    assert deliver_email(NOW + timedelta(minutes=1)) == 1
    again, original = smtp.messages[-1], smtp.messages[0]
    assert (again["Subject"], again["Message-ID"]) == (original["Subject"], original["Message-ID"])
    assert original["Message-ID"].endswith("@localhost>")  # on the site's own host (LMS_BASE_URL)
    assert len({message["Message-ID"] for message in smtp.messages[:5]}) == 5
