"""Completing a programme: required courses and "N of these" electives completed in any run, at any
time (before enrolling too), K workshops, the placement signed off; then once only the badge (its
evidence the course badges), the certificate with its transcript, and the learner's notification."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from lms.awards import services as awards
from lms.awards.models import ProgrammeCertificate, StandaloneAward
from lms.core.extensions import db
from lms.notifications.models import Notification
from lms.programmes import services
from lms.programmes.models import PlacementRecord
from tests.conftest import NOW
from tests.factories import make_learner_client
from tests.programmes.conftest import FIXTURES
from tests.web.test_badges import complete_course
from tests.programmes.conftest import (
    SLUG, complete, enrolled, learner, programme_enrolment, second_run, tutor,
)

LATER = NOW + timedelta(days=40)


def signed_placement(user, programme):
    db.session.add(PlacementRecord(programme_id=programme.id, user_id=user.id, host="Central Library", starts_on=date(2017, 9, 1),
                                   ends_on=date(2017, 9, 30), hours=32, report="I ran a maker club.",
                                   supervisor_name="Sam Super", supervisor_email="sam@host.example", status="signed_off",
                                   decided_at=NOW, submitted_at=NOW))
    db.session.commit()


def workshops(user, number: int = 2):
    confirmer = tutor()
    for index in range(number):
        services.confirm_workshop(confirmer, SLUG, user.id, title=f"Workshop {index + 1}",
                                  attended_on=date(2017, 9, 10 + index), now=NOW)
    db.session.commit()


def everything_but_courses(user, programme):
    workshops(user)
    signed_placement(user, programme)


def test_courses_completed_in_any_run_and_before_enrolling_count(app, programme):
    user = learner()
    complete(user, "stem-careers", run=second_run("stem-careers"), at=NOW - timedelta(days=300))  # before the programme
    user = enrolled(user)
    everything_but_courses(user, programme)
    complete(user, "stem-outreach-libraries")
    assert programme_enrolment(user).completed_at is None  # still an elective to go
    complete(user, "stem-storytime", at=LATER)
    assert programme_enrolment(user).completed_at == LATER


def test_one_elective_of_two_is_enough_and_a_second_changes_nothing(app, programme):
    user = enrolled()
    everything_but_courses(user, programme)
    for slug in ("stem-outreach-libraries", "stem-careers"):
        complete(user, slug)
    assert programme_enrolment(user).completed_at is None
    complete(user, "library-makerspaces", at=LATER)
    complete(user, "stem-storytime", at=LATER + timedelta(days=1))
    enrolment = programme_enrolment(user)
    assert enrolment.completed_at == LATER
    lines = db.session.scalar(select(ProgrammeCertificate.lines))
    assert [line["title"] for line in lines][:3] == ["STEM Outreach for Library Staff", "Opening Schools to STEM Careers",
                                                     "Makerspaces and Coding Clubs in Libraries"]
    assert "STEM Storytime" not in " ".join(line["title"] for line in lines)


def test_workshops_and_the_placement_are_needed_too(app, programme):
    user = enrolled()
    for slug in ("stem-outreach-libraries", "stem-careers", "stem-storytime"):
        complete(user, slug)
    workshops(user, 1)
    assert programme_enrolment(user).completed_at is None
    workshops(user, 2)  # the first again (once) and a second
    assert programme_enrolment(user).completed_at is None  # the placement is not signed off
    signed_placement(user, programme)
    services.check_programme_completions(now=LATER)
    db.session.commit()
    assert programme_enrolment(user).completed_at == LATER


def test_completion_issues_the_badge_with_course_badges_as_evidence_the_certificate_and_a_notification(app, programme):
    user = enrolled()
    everything_but_courses(user, programme)
    for slug in ("stem-outreach-libraries", "stem-careers", "stem-storytime"):
        complete(user, slug)
    enrolment = programme_enrolment(user)
    award = awards.standalone_award(enrolment.award_uid)
    assert award.badge_name == "Test Programme Graduate"
    assert {item.narrative for item in award.evidence} >= {"Completed the course “STEM Outreach for Library Staff”."}
    certificate = db.session.scalar(select(ProgrammeCertificate))
    assert certificate.uid == enrolment.certificate_uid and certificate.title == "Certificate in Library STEM (test)"
    assert certificate.hours == 150
    titles = [(line["title"], line["outcome"]) for line in certificate.lines]
    assert titles[:3] == [("STEM Outreach for Library Staff", "Completed"), ("Opening Schools to STEM Careers", "Completed"),
                          ("STEM Storytime: Science for Young Children in Libraries", "Completed")]
    assert ("Workshop: Workshop 1", "Attended") in titles and ("Placement: Central Library", "Signed off") in titles
    assert certificate.lines[0]["completed_on"] == "2017-10-03" and certificate.lines[0]["hours"] > 0
    notification = db.session.scalar(select(Notification).where(Notification.kind == "programme_completed"))
    assert notification.user_id == user.id and notification.payload["certificate"] == certificate.uid


def test_the_evidence_names_the_learners_course_badges_by_their_public_pages(app, programme):
    user = enrolled()
    everything_but_courses(user, programme)
    for slug in ("stem-outreach-libraries", "stem-careers", "stem-storytime"):
        complete(user, slug)
    badges = {badge.name: badge for badge in awards.list_badge_classes() if badge.module_id is None}
    assert badges, "the sample courses have course badges"
    award = awards.standalone_award(programme_enrolment(user).award_uid)
    # Completions made here hold no course badge (no award ran): each course is then named without a link.
    assert all(item.url == "" or "/badges/assertions/" in item.url for item in award.evidence)
    assert len(award.evidence) == 3


def test_the_sweep_completes_once_and_a_second_run_does_nothing(app, programme):
    user = enrolled()
    everything_but_courses(user, programme)
    for slug in ("stem-outreach-libraries", "stem-careers", "stem-storytime"):
        enrolment = complete(user, slug)
    first = services.check_programme_completions(now=LATER)
    second = services.check_programme_completions(now=LATER)
    db.session.commit()
    assert first.recorded == 0 and second.recorded == 0  # the hook had done it
    assert db.session.scalar(select(func.count()).select_from(StandaloneAward)) == 1
    assert db.session.scalar(select(func.count()).select_from(ProgrammeCertificate)) == 1
    assert db.session.scalar(select(func.count()).select_from(Notification).where(Notification.kind == "programme_completed")) == 1
    assert enrolment is not None


def test_the_sweep_completes_what_no_hook_saw(app, programme, runner):
    user = enrolled()
    everything_but_courses(user, programme)
    for slug in ("stem-outreach-libraries", "stem-careers", "stem-storytime"):
        complete(user, slug)
    enrolment = programme_enrolment(user)
    enrolment.completed_at = enrolment.award_uid = enrolment.certificate_uid = None
    db.session.commit()
    result = runner.invoke(args=["programmes", "check"])
    assert "1 programme completions recorded" in result.output
    assert runner.invoke(args=["programmes", "check"]).output.startswith("0 ")
    assert programme_enrolment(user).award_uid is not None


def test_a_learner_not_on_the_programme_completes_nothing(app, programme):
    user = learner()
    for slug in ("stem-outreach-libraries", "stem-careers", "stem-storytime"):
        complete(user, slug)
    assert programme_enrolment(user) is None
    assert db.session.scalar(select(func.count()).select_from(StandaloneAward)) == 0


def test_record_of_lists_the_programme_with_its_hours_and_awards(app, programme):
    user = enrolled()
    assert [(e.slug, e.completed_at, e.hours) for e in services.record_of(user.id)] == [(SLUG, None, None)]
    everything_but_courses(user, programme)
    for slug in ("stem-outreach-libraries", "stem-careers", "stem-storytime"):
        complete(user, slug)
    entry = services.record_of(user.id)[0]
    assert entry.hours == 150 and entry.award_uid and entry.certificate_uid and entry.title == "Test Programme in Library STEM"


def test_completing_the_last_course_in_the_app_completes_the_programme_in_the_same_request(app, practice):
    app.config["CONTENT_DIR"] = str(FIXTURES / "content")
    services.sync_files(FIXTURES / "courses", {"practice"}, NOW, content_dir=FIXTURES / "content")
    db.session.commit()
    user, client = make_learner_client(app, "practice", now=NOW)
    services.enrol(user, "practice-programme", now=NOW)
    db.session.commit()
    complete_course(client)
    enrolment = programme_enrolment(user)
    assert enrolment.completed_at is not None
    award = awards.standalone_award(enrolment.award_uid)
    course_badges = [a for a in awards.list_my_awards(user) if a.badge.module_id is None]
    assert len(course_badges) == 1 and len(award.evidence) == 1
    assert award.evidence[0].url.endswith(f"/badges/assertions/{course_badges[0].assertion.uid}")
    assert award.evidence[0].name == course_badges[0].badge.name
    page = client.get("/programmes/practice-programme").get_data(as_text=True)
    assert "Programme completed" in page and enrolment.certificate_uid in page
