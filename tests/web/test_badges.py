"""Badges and certificates through the app: awarded on completion, hosted, baked, revoked."""

from __future__ import annotations

import io
import json
import threading

from pypdf import PdfReader
from sqlalchemy import func, select

from badges import baking
from badges.identity import verify_hashed_email
from lms.core.extensions import db
from lms.awards.models import Assertion, Certificate
from lms.courses.models import BadgeClass
from lms.notifications.models import Notification
from lms.accounts.models import User
from lms.awards import services as awards
from tests.conftest import NOW, csrf_from, submit
from tests.factories import make_awarded_badge, make_learner, make_learner_client, make_tutor_client
from tests.web.test_activities import PAGE, REFLECTION, RIGHT, answer

REFLECTION_TEXT = "I learned that the sky is blue and STEM is broad."


def complete_basics(client):
    submit(client, PAGE + "/done", page=PAGE)
    answer(client, RIGHT)
    submit(client, REFLECTION, {"text": REFLECTION_TEXT})


def complete_course(client):
    complete_basics(client)
    for unit in ("first-page", "second-page"):
        url = f"/courses/practice/modules/reading-only/{unit}"
        submit(client, url + "/done", page=url)


def learner(app):
    """Ada, logged in to the practice course (kept for tests/test_backup_restore.py and tests/conformance)."""
    return make_learner_client(app, "practice", now=NOW, name="Ada Lovelace", email="ada@school.example")


def only_assertion() -> Assertion:
    return db.session.scalars(select(Assertion)).one()


def test_completing_a_module_awards_its_badge_once_and_tells_the_learner(app, practice):
    _, client = make_learner_client(app, "practice", now=NOW)
    complete_basics(client)
    complete_basics(client)  # doing things again awards nothing more
    row = only_assertion()
    assert db.session.get(BadgeClass, row.badge_class_id).name == "Practice Basics"
    assert db.session.scalar(select(func.count()).select_from(Notification).where(Notification.kind == "badge_awarded")) == 1
    html = client.get("/my/badges").get_data(as_text=True)
    assert "Practice Basics" in html and "Image with your badge inside (PNG)" in html and "linkedin.com/profile/add" in html
    assert f'value="http://localhost/badges/assertions/{row.uid}"' in html  # the public link, from LMS_BASE_URL


def test_hosted_assertion_is_json_ld_at_its_json_url_and_on_request(app, practice):
    user, client = make_learner_client(app, "practice", now=NOW, email="ada@school.example")
    make_awarded_badge(user, "practice-basics", now=NOW)
    uid = only_assertion().uid
    document = client.get(f"/badges/assertions/{uid}.json").get_json()
    assert document["id"] == f"http://localhost/badges/assertions/{uid}.json"
    assert document["image"] == f"http://localhost/badges/assertions/{uid}.png"
    assert document["badge"] == "http://localhost/badges/classes/practice-basics.json"
    assert verify_hashed_email(document["recipient"]["identity"], "ada@school.example", document["recipient"]["salt"])
    negotiated = app.test_client().get(f"/badges/assertions/{uid}", headers={"Accept": "application/ld+json"})
    assert negotiated.mimetype == "application/ld+json" and negotiated.get_json() == document
    badge = app.test_client().get("/badges/classes/practice-basics.json").get_json()
    assert badge["criteria"]["narrative"].startswith("In the module “Basics”: read every page; pass the quiz")
    assert badge["alignment"] == [{"targetName": "Pass quizzes", "targetUrl": "http://localhost/courses/practice#outcome-1"}]
    issuer = app.test_client().get("/badges/issuer.json").get_json()
    assert issuer["revocationList"] == "http://localhost/badges/revocations.json"


def test_public_page_previews_well_and_shows_the_name_only_when_chosen(app, practice):
    user, client = make_learner_client(app, "practice", now=NOW, name="Ada Lovelace")
    make_awarded_badge(user, "practice-basics", now=NOW)
    uid = only_assertion().uid
    stranger = app.test_client()
    html = stranger.get(f"/badges/assertions/{uid}").get_data(as_text=True)
    assert '<meta property="og:title" content="Practice Basics">' in html
    assert '<meta property="og:image" content="http://localhost/badges/classes/practice-basics/image">' in html
    assert "Ada Lovelace" not in html
    submit(client, "/my/badges", {"show_name": "1"})
    assert "Ada Lovelace" in stranger.get(f"/badges/assertions/{uid}").get_data(as_text=True)


def test_baked_png_and_svg_carry_the_assertion(app, practice):
    user, client = make_learner_client(app, "practice", now=NOW)
    make_awarded_badge(user, "practice-basics", now=NOW)
    uid = only_assertion().uid
    for ext in ("png", "svg"):
        response = client.get(f"/badges/assertions/{uid}.{ext}?download=1")
        assert response.headers["Content-Disposition"] == f'attachment; filename="practice-basics.{ext}"'
        baked = json.loads(baking.unbake(response.data))
        assert baked["id"] == f"http://localhost/badges/assertions/{uid}.json"
        assert baked["recipient"]["hashed"] is True


def test_revoked_badge_answers_410_and_joins_the_revocation_list(app, practice, runner):
    user, client = make_learner_client(app, "practice", now=NOW)
    make_awarded_badge(user, "practice-basics", now=NOW)
    uid = only_assertion().uid
    result = runner.invoke(args=["badges", "revoke", f"http://localhost/badges/assertions/{uid}", "--reason", "Awarded in error"])
    assert result.exit_code == 0, result.output
    response = client.get(f"/badges/assertions/{uid}.json")
    assert response.status_code == 410
    assert response.get_json()["revoked"] is True and response.get_json()["revocationReason"] == "Awarded in error"
    assert client.get(f"/badges/assertions/{uid}.png").status_code == 410
    page = client.get(f"/badges/assertions/{uid}")
    assert page.status_code == 410 and "Revoked" in page.get_data(as_text=True)
    listing = client.get("/badges/revocations.json").get_json()
    assert listing["revokedAssertions"] == [{"id": f"http://localhost/badges/assertions/{uid}.json", "revocationReason": "Awarded in error"}]
    assert db.session.scalar(select(func.count()).select_from(Assertion)) == 1  # nothing deleted


def test_concurrent_completions_award_one_badge(app, practice):
    user = make_learner("practice", now=NOW)
    badge_id = db.session.scalar(select(BadgeClass.id).where(BadgeClass.slug == "practice-basics"))
    run_id = db.session.scalar(select(func.min(Assertion.run_id))) or 1
    start = threading.Barrier(6)
    errors = []

    def award():
        try:
            with app.app_context():
                start.wait()
                awards.award_badge(db.session.get(User, user.id), db.session.get(BadgeClass, badge_id), run_id, now=NOW)
                db.session.commit()
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=award) for _ in range(6)]
    [t.start() for t in threads]
    [t.join(timeout=60) for t in threads]
    assert errors == []
    assert db.session.scalar(select(func.count()).select_from(Assertion)) == 1


def test_badges_cli_lists_awards_by_hand_and_prints_the_url(app, practice, runner):
    make_learner("practice", now=NOW, email="ada@school.example")
    listing = runner.invoke(args=["badges", "list"])
    assert "practice  Practice Graduate" in listing.output and "practice-basics  Practice Basics" in listing.output
    result = runner.invoke(args=["badges", "award", "--email", "ada@school.example", "--badge", "practice-basics",
                                 "--reason", "Presented the work at a staff meeting"])
    assert result.exit_code == 0, result.output
    uid = only_assertion().uid
    assert result.output.strip() == f"http://localhost/badges/assertions/{uid}"
    again = runner.invoke(args=["badges", "award", "--email", "ada@school.example", "--badge", "practice-basics", "--reason", "x"])
    assert "already holds this badge" in again.output
    assert runner.invoke(args=["badges", "award", "--email", "nobody@x.org", "--badge", "practice-basics", "--reason", "x"]).exit_code != 0


def test_my_badges_list_is_private_to_its_owner(app, practice):
    user, ada = make_learner_client(app, "practice", now=NOW)
    make_awarded_badge(user, "practice-basics", now=NOW)
    uid = db.session.scalars(select(Assertion.uid)).one()
    mine = ada.get("/my/badges").get_data(as_text=True)
    assert f'<a href="/badges/assertions/{uid}">Practice Basics</a>' in mine  # the page people read, not its JSON
    _, bob = make_learner_client(app, "practice", now=NOW)
    assert "Practice Basics" not in bob.get("/my/badges").get_data(as_text=True)
    assert app.test_client().get("/my/badges").status_code == 302


def test_completing_the_course_gives_a_course_badge_and_a_verifiable_certificate(app, practice):
    _, client = make_learner_client(app, "practice", now=NOW, name="Ada Lovelace")
    complete_course(client)
    names = sorted(db.session.get(BadgeClass, a.badge_class_id).name for a in db.session.scalars(select(Assertion)))
    assert names == ["Practice Basics", "Practice Graduate"]
    certificate = db.session.scalars(select(Certificate)).one()
    assert f"/my/certificates/{certificate.uid}.pdf" in client.get("/dashboard").get_data(as_text=True)
    pdf = client.get(f"/my/certificates/{certificate.uid}.pdf")
    assert pdf.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    for expected in ("Certificate of Completion", "Ada Lovelace", "Practice Course", "Studied on 3 October 2017",
                     "about 0.8 hours", "Basics", "Reading only", certificate.uid,
                     f"http://localhost/certificates/{certificate.uid}"):
        assert expected in text, expected
    page = app.test_client().get(f"/certificates/{certificate.uid}").get_data(as_text=True)
    assert "Valid." in page and "Ada Lovelace" not in page  # she has not chosen to show her name
    # Somebody else cannot download it.
    _, bob = make_learner_client(app, "practice", now=NOW)
    assert bob.get(f"/my/certificates/{certificate.uid}.pdf").status_code == 404


def test_a_tutor_revokes_a_certificate_and_the_verification_page_says_so(app, practice):
    _, client = make_learner_client(app, "practice", now=NOW)
    complete_course(client)
    _, tutor_client = make_tutor_client(app, "practice", now=NOW)
    uid = db.session.scalar(select(Certificate.uid))
    token = csrf_from(tutor_client.get("/tutor/courses/practice/awards").get_data(as_text=True))
    tutor_client.post("/tutor/courses/practice/awards", data={"csrf_token": token, "certificate": uid, "reason": "Plagiarism found"})
    page = app.test_client().get(f"/certificates/{uid}")
    assert page.status_code == 410 and "Plagiarism found" in page.get_data(as_text=True)
    # A learner cannot open the tutors' awards page.
    assert client.get("/tutor/courses/practice/awards").status_code == 403


def test_the_sweep_awards_badges_missed_for_completions(app, practice):
    _, client = make_learner_client(app, "practice", now=NOW)
    complete_basics(client)
    db.session.execute(Assertion.__table__.delete())  # as if the award had been lost
    db.session.commit()
    assert awards.award_missing(now=NOW).recorded == 1
    assert awards.award_missing(now=NOW).recorded == 0


def test_the_certificates_qr_code_leads_to_its_verification_page(app, practice):
    import pypdfium2
    import zxingcpp

    _, client = make_learner_client(app, "practice", now=NOW)
    complete_course(client)
    uid = db.session.scalar(select(Certificate.uid))
    pdf = pypdfium2.PdfDocument(client.get(f"/my/certificates/{uid}.pdf").data)
    image = pdf[0].render(scale=3).to_pil()
    (code,) = zxingcpp.read_barcodes(image)
    assert code.text == f"http://localhost/certificates/{uid}"
    verification = app.test_client().get(code.text.removeprefix("http://localhost"))
    assert verification.status_code == 200 and "Valid." in verification.get_data(as_text=True)
    pdf.close()
