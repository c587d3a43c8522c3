"""A learner deletes their account: closed at once, erased by the scheduler exactly once, and
afterwards no table holds their address or name."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import String, Text, func, select

from lms.awards.models import Assertion
from lms.core.audit import AuditEvent
from lms.core.extensions import db
from lms.privacy.models import AccountErasure
from tests.conftest import NOW, submit
from tests.factories import PASSWORD, log_in, make_user
from tests.privacy.helpers import EMAIL, NAME, REFLECTION, busy_learner, run_erasures


def _erase(client, password: str = PASSWORD):
    return submit(client, "/account/data/erase", {"password": password}, page="/account/data")


def _holders_of(*needles: str) -> list[str]:
    """Every text column of every table that contains one of ``needles`` (case-insensitive)."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, (String, Text)) or column.type.__class__.__name__ == "JSON":
                text = func.lower(column.cast(Text)) if column.type.__class__.__name__ == "JSON" else func.lower(column)
                for needle in needles:
                    if db.session.scalar(select(func.count()).select_from(table).where(text.contains(needle.lower()))):
                        found.append(f"{table.name}.{column.name} ({needle})")
    return found


def test_a_wrong_password_is_refused_at_the_field_and_nothing_happens(app, practice):
    client = app.test_client()
    busy_learner(client)
    response = _erase(client, "not my password")
    assert response.status_code == 400
    assert "Your password is not correct." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AccountErasure.id))) == 0
    assert client.get("/account/data").status_code == 200  # still logged in


def test_wrong_passwords_are_limited_even_though_each_refusal_is_rolled_back(app, practice):
    """Five wrong confirmations in a quarter of an hour, then the form waits (even for the right
    password): guessing the password of a session left open is slowed, and nothing was queued."""
    client = app.test_client()
    busy_learner(client)
    for _ in range(5):
        assert _erase(client, "a guess").status_code == 400
    waited = _erase(client)
    assert waited.status_code == 429 and "Too many wrong passwords" in waited.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AccountErasure.id))) == 0
    assert client.get("/account/data").status_code == 200


def test_erasure_closes_the_account_at_once_and_a_double_submit_queues_one(app, practice):
    client = app.test_client()
    busy_learner(client)
    response = _erase(client)
    assert "Your account is closed" in response.get_data(as_text=True)
    assert client.get("/account/data").status_code in (302, 401)  # logged out
    other_browser = app.test_client()
    assert "Your account" not in log_in(other_browser, EMAIL, PASSWORD).get_data(as_text=True)
    assert other_browser.get("/account/data").status_code in (302, 401)  # the closed account cannot log in
    from lms.privacy import services
    user_id = db.session.scalar(select(AccountErasure.user_id))
    services.request_erasure(user_id, PASSWORD, now=NOW)  # the same form, sent a second time
    db.session.commit()
    assert db.session.scalar(select(func.count(AccountErasure.id))) == 1
    assert run_erasures() == 1
    assert run_erasures() == 0


def test_after_erasure_no_table_holds_the_address_the_name_or_the_reflection(app, practice):
    client = app.test_client()
    user, _ = busy_learner(client)
    assert _holders_of(EMAIL, NAME)  # the scan finds them before
    _erase(client)
    run_erasures()
    db.session.expire_all()
    assert _holders_of(EMAIL, NAME, REFLECTION, "Who has done it?") == []
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "account.erase")) == 1


def test_badges_answer_as_revoked_with_the_reason_account_closed(app, practice):
    client = app.test_client()
    user, _ = busy_learner(client)
    uid = db.session.scalar(select(Assertion.uid).where(Assertion.user_id == user.id))
    _erase(client)
    run_erasures()
    hosted = app.test_client().get(f"/badges/assertions/{uid}.json")
    assert hosted.status_code == 410  # gone, and saying why: not a dead link
    assert hosted.get_json()["revoked"] is True
    assert hosted.get_json()["revocationReason"] == "account closed"


def test_the_address_registers_again_as_a_new_person(app, practice):
    client = app.test_client()
    user, _ = busy_learner(client)
    _erase(client)
    run_erasures()
    again = make_user(email=EMAIL, name=NAME, now=NOW)
    assert again.id != user.id


def test_a_peers_grade_on_work_this_learner_reviewed_is_unchanged(app, peer_course):
    from tests.factories import make_submission_with_reviews
    author, submission = make_submission_with_reviews(NOW, reviews=2)
    from lms.peer_review.models import Review
    reviewer_ids = db.session.scalars(select(Review.reviewer_id).where(Review.submission_id == submission.id)).all()
    before = _grade(author)
    reviewer = db.session.get(type(author), reviewer_ids[0])
    client = app.test_client()
    log_in(client, reviewer.email)
    _erase(client)
    run_erasures()
    db.session.expire_all()
    assert _grade(author) == before and len(before) == 2


def _grade(author):
    from lms.peer_review.models import Review, Submission
    from lms.learning.models import Enrolment
    mine = select(Submission.id).join(Enrolment, Enrolment.id == Submission.enrolment_id).where(Enrolment.user_id == author.id)
    return db.session.scalars(select(Review.scores).where(Review.submission_id.in_(mine), Review.status == "done")
                              .order_by(Review.id)).all()


def test_uploaded_files_are_deleted_from_disk(app, peer_course):
    from tests.factories import make_submission_with_reviews
    from lms.peer_review.models import Submission

    author, submission = make_submission_with_reviews(NOW, reviews=1)
    folder = Path(app.config["UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "k" ).write_bytes(b"%PDF-1.4 my plan")
    submission.attachment_key, submission.attachment_name = "k", "ada-plan.pdf"
    db.session.commit()
    client = app.test_client()
    log_in(client, author.email)
    _erase(client)
    run_erasures()
    assert not (folder / "k").exists()
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).attachment_key is None


def test_a_huge_password_is_a_field_error_not_a_crash(app, practice):
    client = app.test_client()
    busy_learner(client)
    response = _erase(client, "x" * 100_000)
    assert response.status_code == 400
    assert "Your password is not correct." in response.get_data(as_text=True)


def test_an_erasure_that_fails_midway_changes_nothing_and_is_done_once_later(app, practice, monkeypatch):
    from lms.discussions import personal_data as discussions

    client = app.test_client()
    busy_learner(client)
    _erase(client)
    real = discussions.erase

    def crash(user_id, *, now):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(discussions, "erase", crash)
    assert run_erasures() == 0
    db.session.expire_all()
    assert _holders_of(EMAIL)  # rolled back whole: nothing half-erased
    assert db.session.scalar(select(AccountErasure.claimed_by)) is None  # given back for the next run
    monkeypatch.setattr(discussions, "erase", real)
    assert run_erasures() == 1
    db.session.expire_all()
    assert _holders_of(EMAIL, NAME) == []


def test_a_certificate_is_revoked_and_its_pdf_with_the_name_is_deleted(app, practice):
    from lms.awards.models import Certificate
    from lms.awards.services import issue_certificate
    from lms.learning.models import Enrolment

    client = app.test_client()
    user, _ = busy_learner(client)
    certificate = issue_certificate(db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id)), now=NOW)
    db.session.commit()
    uid = certificate.uid
    assert client.get(f"/my/certificates/{uid}.pdf").status_code == 200  # drawn, and kept on disk
    drawn = list((Path(app.instance_path) / "certificates").glob(f"{uid}-*.pdf"))
    assert drawn
    _erase(client)
    run_erasures()
    assert not any(path.exists() for path in drawn)
    db.session.expire_all()
    erased = db.session.scalar(select(Certificate).where(Certificate.uid == uid))
    assert erased.revocation_reason == "account closed" and erased.recipient_name == ""
    assert _holders_of(NAME) == []


def test_asking_for_erasure_ends_the_wallets_access_at_once(app, practice):
    from lms.wallets.models import WalletClient, WalletToken

    client = app.test_client()
    user, _ = busy_learner(client)
    wallet = WalletClient(client_id="w1", client_secret_hash="0" * 64, name="My wallet", client_uri="https://wallet.example",
                          redirect_uris="[]", scope="", created_at=NOW)
    db.session.add(wallet)
    db.session.flush()
    db.session.add(WalletToken(client_id=wallet.id, user_id=user.id, access_token_hash="a" * 64, scope="", issued_at=NOW,
                               expires_at=NOW + timedelta(hours=1)))
    db.session.commit()
    _erase(client)
    db.session.expire_all()
    assert db.session.scalar(select(WalletToken.revoked_at)) == NOW  # before the erasure job runs
    run_erasures()
    assert db.session.scalar(select(func.count(WalletToken.id))) == 0


def test_files_an_erasure_could_not_delete_are_deleted_at_a_later_run(app, practice, monkeypatch, tmp_path):
    """The erasure lists its files in its own transaction: a file that resists (a full disk, a
    permission) stays listed and goes at the next run, and nothing is erased twice."""
    from pathlib import Path

    from lms.accounts import personal_data as accounts_part
    from tests.privacy.helpers import run_erasures

    client = app.test_client()
    busy_learner(client)
    upload = tmp_path / "their-upload.pdf"
    upload.write_bytes(b"%PDF their work")
    real_erase = accounts_part.erase
    monkeypatch.setattr(accounts_part, "erase", lambda user_id, *, now: [*real_erase(user_id, now=now), upload])
    _erase(client)
    real_unlink = Path.unlink

    def resists(path, missing_ok=False):
        if path == upload:
            raise PermissionError("read-only for now")
        return real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", resists)
    assert run_erasures() == 1
    assert upload.exists()
    db.session.expire_all()
    assert db.session.scalar(select(AccountErasure.files_left)) == str(upload)
    monkeypatch.setattr(Path, "unlink", real_unlink)
    assert run_erasures() == 0  # nothing left to erase, but the file goes
    assert not upload.exists()
    db.session.expire_all()
    assert db.session.scalar(select(AccountErasure.files_left)) == ""
