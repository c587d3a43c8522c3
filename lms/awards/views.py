"""Hosted Open Badges documents, baked images, the learner's badges, certificates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.accounts import services as accounts
from lms.awards import documents
from lms.awards import services as awards
from lms.awards.certificates import CertificateText, cached_pdf, day, study_period
from lms.core import clock
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.forms import ActionForm
from lms.core.urls import external_url

bp = Blueprint("badges", __name__, template_folder="templates")

JSON_LD = "application/ld+json"


class RefusedRevocation(NamedTuple):
    """A revocation the tutor must correct: shown beside its row with what they typed."""

    target: str
    reason: str
    message: str


def _wants_json(fmt: str) -> bool:
    if fmt == ".json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", JSON_LD, "application/json"])
    return best in (JSON_LD, "application/json")


def _json(document: dict, status: int = 200) -> Response:
    response = Response(json.dumps(document, indent=2, ensure_ascii=False), status=status, mimetype=JSON_LD)
    response.headers["Access-Control-Allow-Origin"] = "*"  # backpacks fetch these from other sites
    response.vary.add("Accept")
    return response


# Each document has its human page at the same path without ".json". The page's rule is the
# decorator nearest the function, so it is registered first and url_for without ``fmt`` names it.
@bp.get("/badges/issuer.json", defaults={"fmt": ".json"})
@bp.get("/badges/issuer", defaults={"fmt": ""})
def issuer(fmt: str):
    document = documents.issuer()
    if _wants_json(fmt):
        return _json(document)
    return render_template("badges/issuer.html", issuer=document)


@bp.get("/badges/classes/<slug>.json", defaults={"fmt": ".json"})
@bp.get("/badges/classes/<slug>", defaults={"fmt": ""})
def badge_class(slug: str, fmt: str):
    badge, course = awards.get_badge_class(slug)
    document = documents.badge_class_document(badge, course)
    if _wants_json(fmt):
        return _json(document)
    return render_template("badges/badge_class.html", badge=badge, course=course, document=document)


@bp.get("/badges/classes/<slug>/image")
def badge_image(slug: str):
    badge, course = awards.get_badge_class(slug)
    try:
        data, mimetype = documents.artwork(badge, course)
    except LookupError:
        return Response("No such image.", status=404, mimetype="text/plain")
    return Response(data, mimetype=mimetype, headers={"Cache-Control": "public, max-age=86400"})


@bp.get("/badges/assertions/<uid>.json", defaults={"fmt": ".json"})
@bp.get("/badges/assertions/<uid>", defaults={"fmt": ""})
def assertion(uid: str, fmt: str):
    award = awards.get_award(uid)
    revoked = award.assertion.revoked_at is not None
    if _wants_json(fmt):
        if revoked:
            return _json(documents.revoked_document(award.assertion), status=410)
        return _json(documents.assertion_document(award.assertion))
    return render_template(
        "badges/assertion.html", award=award, revoked=revoked,
        page_url=external_url("badges.assertion", uid=uid, fmt=""),
        image_url=external_url("badges.badge_image", slug=award.badge.slug),
        json_url=external_url("badges.assertion", uid=uid, fmt=".json"),
        show_name=award.user.show_name_publicly,
    ), 410 if revoked else 200


@bp.get("/badges/assertions/<uid>.<any(png, svg):ext>")
def baked(uid: str, ext: str):
    award = awards.get_award(uid)
    if award.assertion.revoked_at is not None:
        return _json(documents.revoked_document(award.assertion), status=410)
    try:
        data = documents.baked_image(award.assertion, award.badge, award.course, ext)
    except LookupError:
        return Response("No such image.", status=404, mimetype="text/plain")
    name = f"{award.badge.slug}.{ext}"
    mimetype = "image/png" if ext == "png" else "image/svg+xml"
    disposition = "attachment" if request.args.get("download") else "inline"
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'{disposition}; filename="{name}"',
                                                      "Cache-Control": "public, max-age=3600"})


@bp.get("/badges/assertions/<uid>.jws")
def signed(uid: str):
    award = awards.get_award(uid)
    if award.assertion.revoked_at is not None:
        return _json(documents.revoked_document(award.assertion), status=410)
    disposition = "attachment" if request.args.get("download") else "inline"
    return Response(documents.signed_assertion(award.assertion), mimetype="text/plain",
                    headers={"Content-Disposition": f'{disposition}; filename="{award.badge.slug}.jws"'})


@bp.get("/badges/revocations.json")
def revocations():
    return _json(documents.revocations_document(awards.revoked_awards()))


@bp.get("/badges/keys/<key_id>.json")
def key(key_id: str):
    if key_id != documents.KEY_ID:
        return Response("No such key.", status=404, mimetype="text/plain")
    return _json(documents.key_document())


def linkedin_url(award) -> str:
    issued = award.assertion.issued_on
    return "https://www.linkedin.com/profile/add?" + urlencode({
        "startTask": "CERTIFICATION_NAME", "name": award.badge.name,
        "organizationName": current_app.config["BADGE_ISSUER_NAME"], "issueYear": issued.year, "issueMonth": issued.month,
        "certUrl": external_url("badges.assertion", uid=award.assertion.uid, fmt=""), "certId": award.assertion.uid,
    })


@bp.route("/my/badges", methods=["GET", "POST"])
@login_required
def mine():
    form = ActionForm()
    if request.method == "POST" and form.validate_on_submit():
        awards.set_name_visibility(accounts.get_user(current_user.id), request.form.get("show_name") == "1")
        db.session.commit()
        flash("Saved.", "success")
        return redirect(url_for(".mine"))
    return render_template("badges/mine.html", awards=awards.list_my_awards(current_user),
                           certificates=awards.list_my_certificates(current_user), form=form, linkedin_url=linkedin_url,
                           public_url=lambda uid: external_url("badges.assertion", uid=uid, fmt=""),
                           image_kinds=lambda award: documents.image_kinds(award.badge, award.course))


def _certificate_text(record: awards.CertificateRecord) -> CertificateText:
    certificate = record.certificate
    return CertificateText(
        uid=certificate.uid, name=certificate.recipient_name, course=record.course.title,
        dates=study_period(record.started, record.finished, record.zone), hours=certificate.hours,
        modules=tuple(certificate.modules), issuer=current_app.config["BADGE_ISSUER_NAME"],
        issued=day(certificate.issued_on, record.zone), verify_url=external_url("badges.certificate", uid=certificate.uid),
    )


@bp.get("/my/certificates/<uid>.pdf")
@login_required
def certificate_pdf(uid: str):
    text = _certificate_text(awards.my_certificate(current_user, uid))
    db.session.commit()  # end the read transaction: the PDF is drawn outside it
    data = cached_pdf(Path(current_app.instance_path) / "certificates", text)
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="certificate-{uid}.pdf"',
                             "Cache-Control": "private, max-age=0"})


@bp.get("/certificates/<uid>")
def certificate(uid: str):
    """Public verification: valid or revoked, for anyone with the id or the QR code."""
    record = awards.get_public_certificate(uid)
    return render_template("badges/certificate.html", record=record, certificate=record.certificate,
                           dates=study_period(record.started, record.finished, record.zone)
                           ), 410 if record.certificate.revoked_at else 200


@bp.route("/tutor/courses/<course_slug>/awards", methods=["GET", "POST"])
@login_required
def course_awards(course_slug: str):
    form = ActionForm()
    refused = None
    if request.method == "POST" and form.validate_on_submit():
        reason = request.form.get("reason", "")
        target = request.form.get("certificate") or request.form.get("assertion", "")
        try:
            if request.form.get("certificate"):
                awards.revoke_certificate(current_user, target, reason=reason, now=clock.now(), course_slug=course_slug)
            else:
                awards.revoke_badge(current_user, target, reason=reason, now=clock.now(), course_slug=course_slug)
            db.session.commit()  # inside: text the database refuses (a NUL, core.odd_input) is told here too
        except ValidationError as error:
            db.session.rollback()
            refused = RefusedRevocation(target=target, reason=reason, message=str(error))
        else:
            flash("Revoked. The public page and the revocation list now say so.", "success")
            return redirect(request.path)
    course, awarded, certificates = awards.list_course_awards(current_user, course_slug)
    return render_template("badges/course_awards.html", course=course, awards=awarded, certificates=certificates,
                           form=form, refused=refused), 422 if refused else 200
