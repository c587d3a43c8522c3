"""A course certificate is an Open Badges 3.0 credential too (achievementType Certificate): signed
once when issued, downloaded by its holder only, revoked with the certificate, checked by /verify."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import delete, func, select

from badges.identity import verify_hashed_email
from badges.ob3 import jwt, schema
from badges.ob3.verify import verify
from lms.awards import credentials, ob3_documents
from lms.awards.models import Certificate, CertificateCredential
from lms.core.extensions import db
from tests.conftest import NOW
from tests.factories import make_learner_client, make_tutor_client
from tests.web.test_badges import complete_course, csrf_from


def certified(app, email="ada@school.example"):
    user, client = make_learner_client(app, "practice", now=NOW, email=email, name="Ada Lovelace")
    complete_course(client)
    certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == user.id))
    row = db.session.scalar(select(CertificateCredential).where(CertificateCredential.certificate_id == certificate.id))
    return user, client, certificate, row


def check(document, credential_id, email=None):
    return verify(document, resolve_public_key=ob3_documents.key_document_for,
                  read_status=lambda entry: ob3_documents.is_revoked(credential_id)
                  if entry.get("id") == ob3_documents.status_url() else None,
                  now=NOW + timedelta(days=1), email=email)


def test_a_certificate_is_signed_once_as_a_certificate_achievement(app, practice):
    user, _, certificate, row = certified(app)
    document = json.loads(row.document)
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Certificate"
    assert achievement["id"] == "http://localhost/badges/certificates/practice/achievement.json"
    assert document["name"] == "Certificate: Practice Course"
    assert schema.problems(document) == []
    identifier = document["credentialSubject"]["identifier"][0]
    assert verify_hashed_email(identifier["identityHash"], user.email, identifier["salt"])
    assert user.email not in row.document and "Ada Lovelace" not in row.document
    assert "Basics" in document["evidence"][0]["narrative"]  # what the PDF states, not the learner's work
    assert document["evidence"][0]["id"] == f"http://localhost/certificates/{certificate.uid}"
    assert check(row.document, row.credential_id, email=user.email).ok
    assert credentials.sign_certificate(certificate, now=NOW) is not None
    assert db.session.scalar(select(func.count()).select_from(CertificateCredential)) == 1


def test_the_certificate_achievement_is_hosted_and_aligned_to_the_course(app, practice, client):
    certified(app)
    response = client.get("/badges/certificates/practice/achievement.json")
    assert response.status_code == 200
    hosted = response.get_json()
    assert hosted["achievementType"] == "Certificate" and hosted["id"].endswith("/badges/certificates/practice/achievement.json")
    assert hosted["criteria"]["narrative"].startswith("Awarded for completing the course Practice Course")
    assert client.get("/badges/certificates/no-such-course/achievement.json").status_code == 404
    assert client.get("/badges/certificates/%00/achievement.json").status_code in (400, 404)


def test_only_the_holder_downloads_it_and_the_page_offers_it_only_to_them(app, practice):
    _, client, certificate, row = certified(app)
    page = client.get(f"/certificates/{certificate.uid}").get_data(as_text=True)
    assert f"/my/certificates/{certificate.uid}/credential.json" in page
    response = client.get(f"/my/certificates/{certificate.uid}/credential.json")
    assert response.status_code == 200 and response.get_data(as_text=True) == row.document
    assert "attachment" in response.headers["Content-Disposition"]
    token = client.get(f"/my/certificates/{certificate.uid}/credential.jwt").get_data(as_text=True)
    assert token == row.jwt and jwt.decode(token, ob3_documents.public_key_for)[1].ok
    _, other = make_learner_client(app, "practice", now=NOW, email="grace@school.example")
    assert other.get(f"/my/certificates/{certificate.uid}/credential.json").status_code == 404
    assert f"/my/certificates/{certificate.uid}/credential" not in other.get(f"/certificates/{certificate.uid}").get_data(as_text=True)
    assert app.test_client().get(f"/my/certificates/{certificate.uid}/credential.jwt").status_code in (302, 401)
    assert other.get("/my/certificates/9223372036854775808/credential.json").status_code == 404


def test_revoking_the_certificate_revokes_its_credential(app, practice, client):
    user, holder, certificate, row = certified(app)
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    token = csrf_from(tutor.get("/tutor/courses/practice/awards").get_data(as_text=True))
    tutor.post("/tutor/courses/practice/awards", data={"csrf_token": token, "certificate": certificate.uid,
                                                       "reason": "Plagiarism found"})
    listed = client.get("/badges/credentials/revocations.json").get_json()["revokedCredentials"]
    assert [(item["id"], item["revocationReason"]) for item in listed] == [(row.credential_id, "Plagiarism found")]
    report = check(row.document, row.credential_id)
    assert [(c.name, c.reason) for c in report.failures()] == [("status", "the credential has been revoked")]
    assert holder.get(f"/my/certificates/{certificate.uid}/credential.json").status_code == 404
    page = client.post("/verify", data={"csrf_token": csrf_from(client.get("/verify").get_data(as_text=True)),
                                        "credential": row.document})
    assert "The issuer has revoked this badge." in page.get_data(as_text=True)


def test_the_job_signs_certificates_issued_without_one_once(app, practice, runner):
    _, _, certificate, _ = certified(app)
    db.session.execute(delete(CertificateCredential))
    db.session.commit()
    assert credentials.sign_missing(now=NOW).recorded == 1
    db.session.commit()
    assert credentials.sign_missing(now=NOW).recorded == 0
    assert credentials.certificate_signed(db.session.get(Certificate, certificate.id))
