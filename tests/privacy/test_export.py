"""A learner asks for a copy of their data; the scheduler builds it once; only they download it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.notifications.models import Notification
from lms.privacy.models import DataExport
from tests.conftest import NOW, submit
from tests.factories import make_learner
from tests.privacy.helpers import EMAIL, NAME, REFLECTION, busy_learner, records, run_exports, zip_contents


def _ask(client):
    return submit(client, "/account/data/export", page="/account/data", follow_redirects=True)


def _download_link(client) -> str:
    export = db.session.scalar(select(DataExport).order_by(DataExport.id.desc()))
    return f"/account/data/exports/{export.uid}"


def test_the_export_holds_every_kind_of_record_and_no_one_elses_data(app, practice):
    client = app.test_client()
    busy_learner(client)
    page = _ask(client)
    assert "We are preparing a copy of your data" in page.get_data(as_text=True)
    assert run_exports() == 1

    response = client.get(_download_link(client))
    assert response.status_code == 200 and response.mimetype == "application/zip"
    contents = zip_contents(response.data)
    response.close()
    assert records(contents, "profile.json")[0]["email"] == EMAIL
    assert records(contents, "profile.json")[0]["name"] == NAME
    assert records(contents, "enrolments.json")[0]["course"] == "practice"
    assert records(contents, "quiz_attempts.json")[0]["activity"] == "check"
    assert records(contents, "reflections.json")[0]["text"] == REFLECTION
    assert records(contents, "badges.json")[0]["badge"] == "practice"
    assert any(row["kind"] == "badge_awarded" for row in records(contents, "notifications.json"))
    assert [post["text"] for post in records(contents, "discussion_posts.json")] == ["Who has done it?"]
    assert any(name.startswith("badges/") and name.endswith(".png") for name in contents)
    readme = contents["README.txt"].decode()
    for name in ("profile.json", "reflections.json", "badges.json", "badges/"):
        assert name in readme
    everything = b"".join(contents.values())
    assert b"Grace" not in everything and b"grace.hopper" not in everything  # the other person's reply and name


def test_the_learner_is_notified_in_the_app_and_by_email_with_the_link(app, practice):
    client = app.test_client()
    user, _ = busy_learner(client)
    _ask(client)
    run_exports()
    notice = db.session.scalar(select(Notification).where(Notification.user_id == user.id,
                                                          Notification.kind == "data_export_ready"))
    assert notice is not None and notice.email_status == "pending"
    page = client.get("/notifications").get_data(as_text=True)
    assert _download_link(client) in page


def test_a_double_click_makes_one_request_and_one_export_is_built_once(app, practice):
    client = app.test_client()
    make_learner("practice", now=NOW, client=client)
    _ask(client)
    again = _ask(client)
    assert "already being prepared" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(DataExport.id))) == 1
    assert run_exports() == 1
    assert run_exports() == 0


def test_a_crashed_builder_gives_its_export_back(app, practice):
    from lms.privacy import services

    client = app.test_client()
    make_learner("practice", now=NOW, client=client)
    _ask(client)
    export = db.session.scalar(select(DataExport))
    export.status, export.claimed_by = "building", "dead-process"
    db.session.commit()
    assert run_exports() == 0  # another process holds it
    assert services.release_exports("dead-process") == 1
    assert run_exports() == 1


def test_only_the_owner_downloads_and_an_expired_link_says_so(app, practice, export_folder):
    owner_client, other_client = app.test_client(), app.test_client()
    make_learner("practice", now=NOW, client=owner_client)
    make_learner("practice", now=NOW, client=other_client)
    _ask(owner_client)
    run_exports()
    link = _download_link(owner_client)
    assert other_client.get(link).status_code == 404
    assert app.test_client().get(link).status_code in (302, 401)  # anonymous: asked to log in
    assert owner_client.get("/account/data/exports/" + "9" * 40).status_code == 404
    assert owner_client.get("/account/data/exports/%00abc").status_code == 404

    from lms.privacy import jobs
    app.config["FIXED_NOW"] = NOW + timedelta(days=8)
    assert jobs.delete_expired_exports(NOW + timedelta(days=8)) == 1
    expired = owner_client.get(link)
    assert expired.status_code == 410
    assert "This download has expired" in expired.get_data(as_text=True)
    assert list(export_folder.glob("*.zip")) == []


def test_an_export_is_built_even_when_a_badges_artwork_is_missing(app, practice):
    client = app.test_client()
    busy_learner(client)
    app.config["CONTENT_DIR"] = "/nonexistent"
    _ask(client)
    assert run_exports() == 1
    response = client.get(_download_link(client))
    contents = zip_contents(response.data)
    response.close()
    assert records(contents, "badges.json")[0]["badge"] == "practice"


def test_a_zip_built_while_its_owner_was_erased_is_not_left_on_disk(app, practice, export_folder, monkeypatch):
    from lms.privacy import services
    from lms.privacy.services import exports

    client = app.test_client()
    user, _ = busy_learner(client)
    _ask(client)
    write = exports.write_archive

    def erased_meanwhile(path, user_id):
        write(path, user_id)
        services.request_erasure(user.id, "correct horse battery", now=NOW)
        db.session.commit()
        from tests.privacy.helpers import run_erasures
        run_erasures()

    monkeypatch.setattr(exports, "write_archive", erased_meanwhile)
    run_exports()
    assert list(export_folder.glob("*")) == []


def test_the_export_holds_the_learners_certificate_as_a_pdf(app, practice):
    from lms.awards.services import issue_certificate
    from lms.learning.models import Enrolment

    client = app.test_client()
    user, _ = busy_learner(client)
    issue_certificate(db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id)), now=NOW)
    db.session.commit()
    _ask(client)
    assert run_exports() == 1
    response = client.get(_download_link(client))
    contents = zip_contents(response.data)
    response.close()
    [pdf] = [name for name in contents if name.startswith("certificates/")]
    assert contents[pdf].startswith(b"%PDF")
    assert records(contents, "certificates.json")[0]["name"] == NAME


def test_peer_work_is_exported_without_the_other_partys_identity(app, peer_course):
    from lms.accounts.models import User
    from lms.peer_review.models import Review
    from tests.factories import log_in, make_submission_with_reviews

    author, submission = make_submission_with_reviews(NOW, reviews=1)
    reviewer = db.session.get(User, db.session.scalar(select(Review.reviewer_id).where(Review.submission_id == submission.id)))
    author.name, author.email = "Alma Author", "alma.author@example.org"
    reviewer.name, reviewer.email = "Rita Reviewer", "rita.reviewer@example.org"
    db.session.commit()
    exported = {}
    for person, other in ((author, "Rita"), (reviewer, "Alma")):
        client = app.test_client()
        log_in(client, person.email)
        _ask(client)
        run_exports()
        response = client.get(_download_link(client))
        exported[person.name] = zip_contents(response.data)
        response.close()
        everything = b"".join(exported[person.name].values())
        assert other.encode() not in everything and other.lower().encode() not in everything
    assert records(exported["Alma Author"], "submissions.json")[0]["reviews_received"][0]["scores"] == [2, 1]
    assert records(exported["Rita Reviewer"], "reviews_written.json")[0]["feedback"] == "Nice work."


def test_an_export_that_cannot_be_finished_is_marked_failed_not_left_building(app, practice, export_folder, monkeypatch):
    from lms.notifications import services as notifications

    client = app.test_client()
    busy_learner(client)
    _ask(client)

    def refuses(*args, **kwargs):
        raise RuntimeError("the ledger refused")

    monkeypatch.setattr(notifications, "notify_user", refuses)
    assert run_exports() == 0
    db.session.expire_all()
    export = db.session.scalar(select(DataExport))
    assert export.status == "failed" and "the ledger refused" in export.error
    assert list(export_folder.glob("*")) == []  # no zip outlives its row's state
    assert "it could not be prepared. Please ask again." in client.get("/account/data").get_data(as_text=True)


def test_files_no_export_names_are_swept_once_an_hour_old(app, practice, export_folder):
    import os

    from lms.privacy import services

    client = app.test_client()
    busy_learner(client)
    _ask(client)
    run_exports()
    ready = next(export_folder.glob("*.zip"))
    stray, fresh = export_folder / "crashed-build.part", export_folder / "just-begun.part"
    stray.write_bytes(b"half a zip")
    fresh.write_bytes(b"being written")
    for path, age in ((stray, timedelta(hours=2)), (ready, timedelta(hours=2)), (fresh, timedelta(minutes=10))):
        written = (NOW - age).timestamp()
        os.utime(path, (written, written))

    services.delete_expired_exports(now=NOW)
    assert sorted(path.name for path in export_folder.iterdir()) == sorted([ready.name, fresh.name])
