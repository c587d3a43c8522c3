"""`flask demo setup` after `flask courses sync` (as `make run` does): the demo shows the routes
and settings of #20 from real accounts. The learner is on the postgraduate programme with its first
course done, a workshop confirmed and the placement's sign-off link in the supervisor's inbox; the coordinator's Riverside Library has staff sharing
their completions and a request to answer; its application for the STEM Award waits in the demo
assessor's queue; the learner's record holds a training day tagged with practitioner standards.
A second setup changes nothing."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.organisations.models import Application, Membership, Organisation
from lms.programmes.models import PlacementRecord, ProgrammeEnrolment, WorkshopAttendance
from lms.record.models import EntryTag, ExternalEntry, Standard
from tests.factories import log_in

PASSWORD = "demo-password-2017"


def set_up(runner) -> str:
    synced = runner.invoke(args=["courses", "sync"])
    assert synced.exit_code == 0, synced.output
    result = runner.invoke(args=["demo", "setup"])
    assert result.exit_code == 0, result.output
    return result.output


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Organisation, Membership, Application, ExternalEntry, EntryTag, ProgrammeEnrolment,
                          WorkshopAttendance, PlacementRecord)}


def test_the_assessor_finds_riverside_librarys_application_waiting_and_its_coordinator_a_request(app, runner, smtp):
    output = set_up(runner)
    assert "Left out of the demo" not in output
    assessor = app.test_client()
    log_in(assessor, "assessor@example.org", PASSWORD)
    queue = words(assessor.get("/organisations/assessment").get_data(as_text=True))
    assert "Riverside Library" in queue and "STEM Award for Settings" in queue and "Bronze" in queue

    coordinator = app.test_client()
    log_in(coordinator, "coordinator@example.org", PASSWORD)
    riverside = db.session.scalar(select(Organisation).where(Organisation.name == "Riverside Library"))
    page = words(coordinator.get(f"/organisations/{riverside.id}").get_data(as_text=True))
    assert "Kofi" in page  # asking to join, for the coordinator to answer
    members = db.session.scalars(select(Membership).where(Membership.organisation_id == riverside.id)).all()
    assert sorted((m.status, m.role, m.shares_completions) for m in members) == [
        ("member", "coordinator", False), ("member", "member", True), ("member", "member", True),
        ("member", "member", True), ("requested", "member", False)]
    application = db.session.scalar(select(Application).where(Application.organisation_id == riverside.id))
    assert (application.status, application.level_slug) == ("submitted", "bronze")


def test_the_learners_record_holds_a_training_day_tagged_with_standards_and_a_second_setup_changes_nothing(app, runner, smtp):
    set_up(runner)
    before = counts()
    learner = app.test_client()
    log_in(learner, "learner@example.org", PASSWORD)
    record = words(learner.get("/my/record").get_data(as_text=True))
    assert "Regional training day: STEM activities for under-fives" in record
    assert "County Library Service" in record and "STEM Outreach for Library Staff" in record
    safety = db.session.scalar(select(Standard).where(Standard.code == "2.4"))  # the training day's, not the course's
    tagged = words(learner.get(f"/my/record?standard={safety.id}").get_data(as_text=True))
    assert "Regional training day" in tagged and "In progress" not in tagged and "Completed" not in tagged
    planning = db.session.scalar(select(Standard).where(Standard.code == "2.1"))  # the libraries course's
    tagged = words(learner.get(f"/my/record?standard={planning.id}").get_data(as_text=True))
    assert "STEM Outreach for Library Staff" in tagged and "Regional training day" not in tagged
    assert before["EntryTag"] == 6  # three standards each

    again = runner.invoke(args=["demo", "setup"])
    assert again.exit_code == 0, again.output
    assert counts() == before


def test_the_learner_is_on_the_programme_with_one_course_done_and_the_supervisor_can_sign_off_the_placement(app, runner, smtp):
    output = set_up(runner)
    assert "The demo learner's placement awaits sign-off: the link was e-mailed to supervisor@example.org." in output
    learner = app.test_client()
    log_in(learner, "learner@example.org", PASSWORD)
    page = words(learner.get("/programmes/stem-outreach-libraries-programme").get_data(as_text=True))
    assert "Postgraduate Certificate in STEM Outreach for Libraries" in page
    assert "✓ Done STEM Outreach for Library Staff Completed on" in page  # the first course
    assert "1 of 2 attended · Workshop: running a maker club session (Riverside Library)" in page
    assert "Waiting for Dana Supervisor to sign it off" in page

    tutor = app.test_client()
    log_in(tutor, "tutor@example.org", PASSWORD)
    learners = words(tutor.get("/programmes/stem-outreach-libraries-programme/learners").get_data(as_text=True))
    assert "Demo Learner" in learners

    [letter] = [message for message in smtp.messages if message["To"] == "supervisor@example.org"]
    link = re.search(r"http://\S+/programmes/placements/sign/\S+", letter.get_content()).group(0)
    supervisor = app.test_client()
    assert "Riverside Science Centre" in words(supervisor.get(link.replace("http://localhost", "")).get_data(as_text=True))
    placement = db.session.scalar(select(PlacementRecord))
    assert (placement.status, placement.hours) == ("awaiting", 32)
