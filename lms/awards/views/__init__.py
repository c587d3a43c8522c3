"""Hosted Open Badges documents, baked images, the learner's badges, certificates."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from lms.accounts import services as accounts
from lms.awards import credentials, documents, issuer_keys, ob3_documents
from lms.awards import services as awards
from lms.awards.certificates import CertificateText, cached_pdf, day, study_period, study_time
from lms.core import clock
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.forms import ActionForm
from lms.core.http_errors import FORM_EXPIRED
from lms.core.i18n import current_language, gettext, in_language
from lms.core.urls import external_url

bp = Blueprint("badges", __name__, template_folder="../templates")

JSON_LD = "application/ld+json"
# How long anyone may reuse a public document before asking again (then a matching ETag is a
# 304). An award's documents and the revocation list: one minute, so that a revocation reaches
# every cache and backpack within a minute. The issuer, its key and badge classes change only
# with the settings or a course re-sync: an hour. A badge's artwork: a day, as before.
AWARD_MAX_AGE = 60
STABLE_MAX_AGE = 3600
ARTWORK_MAX_AGE = 86400


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


def _public(etag: str, max_age: int, respond: Callable[[], Response], *, status: int = 200) -> Response:
    """Anyone may keep it for ``max_age`` seconds, then revalidate: a request naming the current
    ETag is a 304 without a body, answered before anything is built. Preconditions apply to
    successes only (RFC 9110, 13.2.1): a 410 is always sent whole."""
    if status == 200 and request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        response = respond()
        response.status_code = status
    # Plain header strings: Werkzeug's ETag and Cache-Control objects cost more than the whole read.
    response.headers["ETag"] = f'"{etag}"'
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


def _json(hosted: documents.Hosted, max_age: int, status: int = 200) -> Response:
    response = _public(hosted.etag, max_age, lambda: Response(hosted.body(), mimetype=JSON_LD), status=status)
    response.headers["Access-Control-Allow-Origin"] = "*"  # backpacks fetch these from other sites
    response.headers["Vary"] = "Accept"
    return response


def _page(etag: str, max_age: int, render: Callable[[], str], *, status: int = 200) -> Response:
    """A public page is the same for every visitor who carries no session (a verifier, a crawler,
    a link opened from a CV): cached and revalidated like the documents. Anyone else's copy is
    their own (their header, a flashed message, a cookie the answer may renew): private, not stored.
    A page is drawn in the visitor's language, so its ETag names the language too."""
    etag = f"{etag}-{current_language()}"
    if session or current_user.is_authenticated:
        response = Response(render(), status=status, mimetype="text/html")
        response.headers["Cache-Control"] = "private, no-cache"
    else:
        response = _public(etag, max_age, lambda: Response(documents.remembered(etag, lambda: render().encode()),
                                                           mimetype="text/html"), status=status)
    response.headers["Vary"] = "Accept, Cookie"
    return response


# Each document has its human page at the same path without ".json". The page's rule is the
# decorator nearest the function, so it is registered first and url_for without ``fmt`` names it.
@bp.get("/badges/issuer.json", defaults={"fmt": ".json"})
@bp.get("/badges/issuer", defaults={"fmt": ""})
def issuer(fmt: str):
    hosted = documents.issuer_json()
    if _wants_json(fmt):
        return _json(hosted, STABLE_MAX_AGE)
    return _page(documents.etag_of("issuer.html", hosted.etag), STABLE_MAX_AGE,
                 lambda: render_template("badges/issuer.html", issuer=documents.issuer()))


@bp.get("/badges/classes/<slug>.json", defaults={"fmt": ".json"})
@bp.get("/badges/classes/<slug>", defaults={"fmt": ""})
def badge_class(slug: str, fmt: str):
    badge = documents.public_badge_class(slug)
    if _wants_json(fmt):
        return _json(documents.badge_class_json(badge), STABLE_MAX_AGE)
    return _page(documents.badge_class_page_etag(badge), STABLE_MAX_AGE, lambda: render_template(
        "badges/badge_class.html", badge=badge, document=documents.badge_class_document(badge)))


@bp.get("/badges/classes/<slug>/image")
def badge_image(slug: str):
    try:
        hosted, mimetype = documents.artwork(documents.public_badge_class(slug))
    except LookupError:
        return Response(gettext("No such image."), status=404, mimetype="text/plain")
    return _public(hosted.etag, ARTWORK_MAX_AGE, lambda: Response(hosted.build(), mimetype=mimetype))


@bp.get("/badges/assertions/<uid>.json", defaults={"fmt": ".json"})
@bp.get("/badges/assertions/<uid>", defaults={"fmt": ""})
def assertion(uid: str, fmt: str):
    award = documents.hosted_award(uid)
    status = 410 if award.revoked_at is not None else 200
    if _wants_json(fmt):
        return _json(documents.assertion_json(award), AWARD_MAX_AGE, status)
    return _page(documents.assertion_page_etag(award), AWARD_MAX_AGE, lambda: render_template(
        "badges/assertion.html", award=award, revoked=status == 410,
        page_url=external_url("badges.assertion", uid=uid, fmt=""),
        image_url=external_url("badges.badge_image", slug=award.badge_slug),
        json_url=external_url("badges.assertion", uid=uid, fmt=".json"),
        show_name=award.show_name_publicly,
    ), status=status)


def _download(name: str) -> dict:
    disposition = "attachment" if request.args.get("download") else "inline"
    return {"Content-Disposition": f'{disposition}; filename="{name}"'}


@bp.get("/badges/assertions/<uid>.<any(png, svg):ext>")
def baked(uid: str, ext: str):
    award = documents.hosted_award(uid)
    if award.revoked_at is not None:
        return _json(documents.assertion_json(award), AWARD_MAX_AGE, 410)
    try:
        hosted = documents.baked(award, ext)
    except LookupError:
        return Response(gettext("No such image."), status=404, mimetype="text/plain")
    mimetype = "image/png" if ext == "png" else "image/svg+xml"
    return _public(hosted.etag, AWARD_MAX_AGE, lambda: Response(
        hosted.body(), mimetype=mimetype, headers=_download(f"{award.badge_slug}.{ext}")))


@bp.get("/badges/assertions/<uid>.jws")
def signed(uid: str):
    award = documents.hosted_award(uid)
    if award.revoked_at is not None:
        return _json(documents.assertion_json(award), AWARD_MAX_AGE, 410)
    hosted = documents.signed_json(award)
    return _public(hosted.etag, AWARD_MAX_AGE, lambda: Response(
        hosted.body(), mimetype="text/plain", headers=_download(f"{award.badge_slug}.jws")))


@bp.get("/badges/revocations.json")
def revocations():
    return _json(documents.revocations_json(), AWARD_MAX_AGE)


@bp.get("/badges/keys/<key_id>.json")
def key(key_id: str):
    if key_id != documents.KEY_ID:
        return Response(gettext("No such key."), status=404, mimetype="text/plain")
    return _json(documents.key_json(), STABLE_MAX_AGE)


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
        flash(gettext("Saved."), "success")
        return redirect(url_for(".mine"))
    mine = awards.list_my_awards(current_user)
    return render_template("badges/mine.html", awards=mine, signed=credentials.signed_awards([a.assertion.id for a in mine]),
                           certificates=awards.list_my_certificates(current_user), form=form, linkedin_url=linkedin_url,
                           standalone=awards.standalone_awards_of_user(current_user.id),
                           programme_certificates=awards.programme_certificates_of_user(current_user.id),
                           public_url=lambda uid: external_url("badges.assertion", uid=uid, fmt=""),
                           image_kinds=lambda award: documents.image_kinds(award.badge, award.course))


@bp.post("/my/badges/<uid>/evidence")
@login_required
def share_work(uid: str):
    """Put the holder's own work into the badge's credential as evidence (share=1), or take it out (0)."""
    form = ActionForm()
    if form.validate_on_submit():
        share = request.form.get("share") == "1"
        credentials.share_work(current_user, uid, share, now=clock.now())
        db.session.commit()
        flash(gettext("Your work is now evidence in this badge's credential. Download it or send it to your wallet "
                      "again: the copy from before is marked as replaced.") if share else
              gettext("Your work is no longer in this badge's credential. Download it or send it to your wallet "
                      "again: the copy from before is marked as replaced."), "success")
    else:
        flash(str(FORM_EXPIRED), "error")
    return redirect(url_for(".mine", _anchor=f"badge-{uid}"))


def _certificate_text(record: awards.CertificateRecord) -> CertificateText:
    """The PDF's values, its dates written in the language being drawn (the holder's)."""
    certificate = record.certificate
    return CertificateText(
        uid=certificate.uid, name=certificate.recipient_name, course=record.course.title,
        dates=study_period(record.started, record.finished, record.zone), hours=certificate.hours,
        modules=tuple(certificate.modules), issuer=current_app.config["BADGE_ISSUER_NAME"],
        issued=day(certificate.issued_on, record.zone), verify_url=external_url("badges.certificate", uid=certificate.uid),
        language=record.language,
    )


@bp.get("/my/certificates/<uid>.pdf")
@login_required
def certificate_pdf(uid: str):
    record = awards.my_certificate(current_user, uid)
    db.session.commit()  # end the read transaction: the PDF is drawn outside it
    with in_language(record.language):  # the holder's saved language, whoever's page asked
        data = cached_pdf(Path(current_app.instance_path) / "certificates", _certificate_text(record))
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="certificate-{uid}.pdf"',
                             "Cache-Control": "private, max-age=0"})


@bp.get("/certificates/<uid>")
def certificate(uid: str):
    """Public verification: valid or revoked, for anyone with the id or the QR code."""
    record = awards.get_public_certificate(uid)
    holder = current_user.is_authenticated and current_user.id == record.certificate.user_id
    return render_template("badges/certificate.html", record=record, certificate=record.certificate,
                           holder_credential=holder and credentials.certificate_signed(record.certificate),
                           dates=study_period(record.started, record.finished, record.zone),
                           study_time=study_time(record.certificate.hours)), 410 if record.certificate.revoked_at else 200


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
            flash(gettext("Revoked. The public page and the revocation list now say so."), "success")
            return redirect(request.path)
    course, awarded, certificates = awards.list_course_awards(current_user, course_slug)
    return render_template("badges/course_awards.html", course=course, awards=awarded, certificates=certificates,
                           form=form, refused=refused), 422 if refused else 200


# --- Open Badges 3.0: the issuer's profile and keys, achievements, revocations, the holder's credential ---


def _document(document: dict, max_age: int) -> Response:
    """A small public JSON document, built on request (a few reads) and revalidated by its digest."""
    data = json.dumps(document, indent=2, ensure_ascii=False).encode()
    return _json(documents.Hosted(documents.etag_of("ob3", data), lambda: data, remember=False), max_age)


@bp.get("/badges/issuer/ob3.json")
def issuer_v3():
    return _document(ob3_documents.issuer_document(), STABLE_MAX_AGE)


@bp.get("/badges/issuer/jwks.json")
def jwks():
    return _document(ob3_documents.jwks_document(), STABLE_MAX_AGE)


@bp.get("/badges/issuer/keys/<kid>.<any(json, jwk):kind>")
def key_v3(kid: str, kind: str):
    key = issuer_keys.published_key(kid)
    if key is None:
        return Response(gettext("No such key."), status=404, mimetype="text/plain")
    return _document(ob3_documents.multikey_document(key) if kind == "json" else ob3_documents.jwk_document(key),
                     STABLE_MAX_AGE)


@bp.get("/badges/classes/<slug>/achievement.json")
def achievement(slug: str):
    return _document(ob3_documents.achievement_document(ob3_documents.achievement(documents.public_badge_class(slug))),
                     STABLE_MAX_AGE)


@bp.get("/badges/certificates/<course_slug>/achievement.json")
def certificate_achievement(course_slug: str):
    course = credentials.certified_course(course_slug)
    return _document(ob3_documents.achievement_document(ob3_documents.certificate_achievement(course)), STABLE_MAX_AGE)


@bp.get("/badges/credentials/revocations.json")
def credential_status():
    return _document(ob3_documents.revocation_list(), AWARD_MAX_AGE)


@bp.get("/my/badges/<uid>/credential.<any(json, jwt, png, svg):ext>")
@login_required
def my_credential(uid: str, ext: str):
    """The holder's signed Open Badges 3.0 credential (anyone else: 404), as JSON, JWT or baked in the image."""
    credential = credentials.my_credential(current_user, uid)
    db.session.commit()  # end the read transaction
    award = documents.hosted_award(uid)
    name = f"{award.badge_slug}-ob3.{ext}"
    if ext == "json":
        body, mimetype = credential.document.encode(), "application/vc+ld+json"
    elif ext == "jwt":
        body, mimetype = credential.jwt.encode(), "application/vc+jwt"
    else:
        try:
            body = documents.baked_credential(award, credential.document, ext)
        except LookupError:
            return Response(gettext("No such image."), status=404, mimetype="text/plain")
        mimetype = "image/png" if ext == "png" else "image/svg+xml"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, max-age=0"})


@bp.get("/my/certificates/<uid>/credential.<any(json, jwt):ext>")
@login_required
def my_certificate_credential(uid: str, ext: str):
    """The holder's course certificate as a signed Open Badges 3.0 credential (anyone else: 404)."""
    credential = credentials.my_certificate_credential(current_user, uid)
    db.session.commit()  # end the read transaction
    body, mimetype = ((credential.document, "application/vc+ld+json") if ext == "json"
                      else (credential.jwt, "application/vc+jwt"))
    return Response(body.encode(), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="certificate-{uid}-ob3.{ext}"', "Cache-Control": "private, max-age=0"})


from lms.awards.views import standalone  # noqa: E402,F401  (its routes join this blueprint)
