"""What organisations holds about a person is in their export and goes when they are erased: their
memberships and consent, the assessor role, the evidence they wrote (a draft's with its files; a
submitted application keeps its evidence, without its author)."""

from __future__ import annotations

from pathlib import Path

from lms.core.extensions import db
from lms.organisations import personal_data, services
from lms.organisations.models import Assessor, EvidenceAttachment, EvidenceEntry, Membership
from tests.conftest import NOW
from tests.organisations.conftest import PNG, add_member, make_organisation, ready_application


def _attach(coordinator, organisation, application, upload_dir: Path) -> None:
    services.save_evidence(coordinator, organisation.id, application.id, "plan", text="Our plan, again.",
                           upload=services.Upload("plan.png", PNG), upload_dir=upload_dir, max_bytes=1024 * 1024, now=NOW)
    db.session.commit()


def test_the_export_holds_memberships_consent_and_evidence_with_its_files(app, scheme):
    organisation, coordinator = make_organisation()
    application = ready_application(organisation, coordinator)
    _attach(coordinator, organisation, application, Path(app.config["UPLOAD_DIR"]))
    services.add_assessor(coordinator.email, actor_id=None, now=NOW)
    db.session.commit()
    exported = {name: list(rows) for name, rows in personal_data.export(coordinator.id)}
    assert exported["organisation_memberships.json"][0]["organisation"] == organisation.name
    assert exported["organisation_memberships.json"][0]["role"] == "coordinator"
    assert {row["evidence_slug"] for row in exported["organisation_evidence.json"]} == {"plan", "activities"}
    assert exported["organisation_attachments.json"][0]["name"] == "plan.png"
    assert len(exported["award_assessor.json"]) == 1
    files = list(personal_data.files(coordinator.id))
    assert len(files) == 1 and files[0][0].endswith("plan.png") and Path(files[0][1]).read_bytes() == PNG


def test_erasure_takes_a_drafts_evidence_and_files_and_keeps_a_submitted_ones_without_its_author(app, scheme):
    organisation, coordinator = make_organisation()
    member = add_member(organisation)
    draft = ready_application(organisation, coordinator)
    _attach(coordinator, organisation, draft, Path(app.config["UPLOAD_DIR"]))
    doomed = personal_data.erase(coordinator.id, now=NOW)
    db.session.commit()
    assert len(doomed) == 1 and doomed[0].exists()  # privacy deletes the files after its commit
    assert db.session.query(EvidenceEntry).count() == 0 and db.session.query(EvidenceAttachment).count() == 0
    assert db.session.query(Membership).filter_by(user_id=coordinator.id).count() == 0
    assert db.session.query(Membership).filter_by(user_id=member.id).count() == 1

    other, second = make_organisation(name="Second School")
    submitted = ready_application(other, second)
    services.submit_application(second, other.id, submitted.id, now=NOW)
    services.add_assessor(second.email, actor_id=None, now=NOW)
    db.session.commit()
    assert personal_data.erase(second.id, now=NOW) == []
    db.session.commit()
    kept = db.session.query(EvidenceEntry).filter_by(application_id=submitted.id).all()
    assert len(kept) == 2 and all(entry.updated_by_id is None for entry in kept)
    assert db.session.query(Assessor).count() == 0
