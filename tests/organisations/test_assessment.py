"""Assessors: a role given by command or by an administrator; their queue (oldest first, claimed so
that two never judge the same application); the final decision with its reason; the organisation's
award (issued once), its public page, its revocation; every step in the audit trail; coordinators told."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import select

from lms.core.audit import AuditEvent
from lms.core.extensions import db
from lms.notifications.models import Notification
from lms.organisations import services
from lms.organisations.models import Application
from tests.conftest import NOW, csrf_from, submit
from tests.factories import make_user
from tests.organisations.conftest import client_for, make_assessor, make_organisation, ready_application

VERDICTS = {"verdict-leadership": "met", "comment-leadership": "A named lead with time.",
            "verdict-activities": "partly", "comment-activities": "Only two activities described."}


@pytest.fixture
def submitted(app, scheme):
    organisation, coordinator = make_organisation()
    application = ready_application(organisation, coordinator)
    services.submit_application(coordinator, organisation.id, application.id, now=NOW)
    db.session.commit()
    return organisation, coordinator, application


def _url(organisation, application, tail: str = "") -> str:
    return f"/organisations/{organisation.id}/applications/{application.id}{tail}"


def _decide(client, organisation, application, **fields):
    url = _url(organisation, application)
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(url + "/decide", data={"csrf_token": token, **VERDICTS, **fields})


def test_assessors_are_added_and_removed_by_command(app, runner):
    user = make_user(now=NOW)
    assert "is now an assessor" in runner.invoke(args=["organisations", "assessors", "add", user.email]).output
    assert "was an assessor already" in runner.invoke(args=["organisations", "assessors", "add", user.email]).output
    assert services.is_assessor(user)
    assert "is no longer an assessor" in runner.invoke(args=["organisations", "assessors", "remove", user.email]).output
    missing = runner.invoke(args=["organisations", "assessors", "add", "nobody@example.org"])
    assert missing.exit_code != 0 and "No account has the address" in missing.output
    roles = db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_user_id == user.id)).all()
    assert roles == ["role.grant", "role.revoke"]


def test_only_administrators_manage_assessors_in_the_browser(app, courses):
    admin = make_user(name="Admin", now=NOW)
    admin.is_admin = True
    db.session.commit()
    future = make_user(name="Future Assessor", now=NOW)
    assert client_for(app, make_user(now=NOW)).get("/organisations/assessors").status_code == 404
    client = client_for(app, admin)
    submit(client, "/organisations/assessors", {"email": future.email})
    assert "Future Assessor" in client.get("/organisations/assessors").get_data(as_text=True)
    assert submit(client, "/organisations/assessors", {"email": "nobody@example.org"}).status_code == 422


def test_the_queue_is_for_assessors_only_oldest_first(app, submitted):
    organisation, coordinator, application = submitted
    assert client_for(app, coordinator).get("/organisations/assessment").status_code == 404
    assessor = make_assessor()
    page = client_for(app, assessor).get("/organisations/assessment").get_data(as_text=True)
    assert organisation.name.replace("'", "&#39;") in page and "Claim" in page


def test_two_assessors_claim_at_once_and_one_wins(app, submitted):
    organisation, _, application = submitted
    first, second = make_assessor(name="First"), make_assessor(name="Second")
    results = {}

    def claim(person):
        with app.app_context():
            results[person.name] = services.claim(person, application.id, now=NOW)
            db.session.commit()

    threads = [threading.Thread(target=claim, args=(person,)) for person in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results.values()) == [False, True]
    loser = second if results["First"] else first
    page = client_for(app, loser).get(_url(organisation, application)).get_data(as_text=True)
    assert "Claim it to judge" in page
    assert _decide(client_for(app, loser), organisation, application, level="bronze", reason="Good").status_code in (302, 422)
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "submitted"  # the loser could not decide


def test_a_decision_needs_every_verdict_and_a_reason_and_keeps_what_was_typed(app, submitted):
    organisation, _, application = submitted
    assessor = make_assessor()
    client = client_for(app, assessor)
    submit(client, _url(organisation, application, "/claim"), page=_url(organisation, application))
    answer = _decide(client, organisation, application, **{"verdict-activities": "", "level": "bronze", "reason": ""})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Judge this criterion" in page and "A named lead with time." in page
    assert db.session.get(Application, application.id).status == "submitted"


def test_the_award_is_issued_once_the_decision_is_final_and_every_step_is_audited(app, submitted):
    organisation, coordinator, application = submitted
    assessor = make_assessor()
    client = client_for(app, assessor)
    submit(client, _url(organisation, application, "/claim"), page=_url(organisation, application))
    assert _decide(client, organisation, application, level="bronze", reason="A good start.").status_code == 302
    again = _decide(client, organisation, application, level="", reason="Changed my mind.")
    assert again.status_code == 302
    db.session.expire_all()
    decided = db.session.get(Application, application.id)
    assert decided.status == "decided" and decided.awarded_level == "bronze" and decided.reason == "A good start."
    assert decided.award_uid and decided.judgements["activities"]["verdict"] == "partly"
    assert services.decide  # the second decision changed nothing, and no second award was issued
    from lms.awards.models import StandaloneAward
    assert db.session.query(StandaloneAward).filter_by(source=f"organisation-award:{application.id}").count() == 1
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.target_id == str(application.id),
                                                                 AuditEvent.target_kind == "award-application")
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["organisation_award.submit", "organisation_award.claim", "organisation_award.decide"]
    told = db.session.scalars(select(Notification).where(Notification.user_id == coordinator.id,
                                                         Notification.kind == "organisation_award")).all()
    assert len(told) == 1 and told[0].payload["level_name"] == "Bronze"
    history = client_for(app, coordinator).get(_url(organisation, application)).get_data(as_text=True)
    assert "decided by Asha Assessor" in history and "A good start." in history and "The decision is final." in history


def test_an_assessor_may_award_a_lower_level_never_a_higher_one(app, scheme):
    organisation, coordinator = make_organisation()
    application = ready_application(organisation, coordinator, level="bronze", staff=3)
    services.submit_application(coordinator, organisation.id, application.id, now=NOW)
    assessor = make_assessor()
    services.claim(assessor, application.id, now=NOW)
    db.session.commit()
    answer = _decide(client_for(app, assessor), organisation, application, level="silver", reason="Too generous")
    assert answer.status_code == 422
    assert db.session.get(Application, application.id).status == "submitted"


def test_the_public_award_page_shows_the_badge_and_then_its_revocation(app, submitted):
    organisation, coordinator, application = submitted
    assessor = make_assessor()
    services.claim(assessor, application.id, now=NOW)
    services.decide(assessor, organisation.id, application.id, services.Decision(
        {"leadership": ("met", "Yes"), "activities": ("met", "Yes")}, "bronze", "Well done."),
        content_dir=app.config["CONTENT_DIR"] and __import__("pathlib").Path(app.config["CONTENT_DIR"]), now=NOW)
    db.session.commit()
    uid = db.session.get(Application, application.id).award_uid
    url = f"/organisations/{organisation.id}/awards/{uid}"
    public = app.test_client().get(url)
    page = public.get_data(as_text=True)
    assert public.status_code == 200 and "Test Award: Bronze" in page and "Valid." in page and "&lt;img src=" in page
    assert app.test_client().get(f"/organisations/{organisation.id}/awards/nope").status_code == 404

    assertion = app.test_client().get(f"/badges/standalone/awards/{uid}.json")
    if assertion.status_code == 200:  # the awards feature's hosted OB 2.0 assertion: a url identity
        document = json.loads(assertion.data)
        assert document["recipient"]["type"] == "url"

    assert client_for(app, coordinator).get(url + "/revoke").status_code == 404
    client = client_for(app, assessor)
    assert submit(client, url + "/revoke", {"reason": ""}).status_code == 422
    submit(client, url + "/revoke", {"reason": "The evidence was copied from another school."})
    revoked = app.test_client().get(url).get_data(as_text=True)
    assert "Revoked" in revoked and "copied from another school" in revoked
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.target_kind == "award-application")).all()
    assert actions[-1] == "organisation_award.revoke"


def test_coordinators_read_the_decision_in_the_app_and_by_e_mail(app, submitted):
    from lms.notifications.messages import words_for

    organisation, coordinator, application = submitted
    assessor = make_assessor()
    services.claim(assessor, application.id, now=NOW)
    services.decide(assessor, organisation.id, application.id, services.Decision(
        {"leadership": ("met", "Yes"), "activities": ("not-met", "No activities described.")}, "", "Not yet: no activities."),
        content_dir=None, now=NOW)
    db.session.commit()
    listing = client_for(app, coordinator).get("/notifications").get_data(as_text=True)
    assert "the Test Award was not awarded this time." in listing and _url(organisation, application) in listing
    notice = db.session.scalar(select(Notification).where(Notification.user_id == coordinator.id))
    with app.test_request_context():
        words = words_for("organisation_award", notice.payload, language="en", zone="Europe/Brussels")
    assert "A decision on St Brigid's School's application" in words.subject
    assert "Not yet: no activities." in words.text and _url(organisation, application) in words.text
    assert db.session.get(Application, application.id).award_uid is None
