"""Standalone badges' public documents and pages (a programme's badge, an award scheme's level to an
organisation), programme certificates' verification page and PDF. The same caching as course badges."""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, render_template
from flask_login import current_user, login_required
from markupsafe import Markup

from lms.awards import ob3_documents
from lms.awards.certificates import cached_programme_pdf, study_time, transcript_dates
from lms.awards.services import programme_certificates as certificates
from lms.awards.services import standalone as services
from lms.awards.services import standalone_documents as hosted
from lms.awards.views import AWARD_MAX_AGE, ARTWORK_MAX_AGE, STABLE_MAX_AGE, _document, _download, _json, _page, _public, _wants_json, bp
from lms.core.extensions import db
from lms.core.i18n import gettext, in_language
from lms.core.render import render_markdown
from lms.core.urls import external_url


@bp.get("/badges/standalone/<slug>.json", defaults={"fmt": ".json"})
@bp.get("/badges/standalone/<slug>", defaults={"fmt": ""})
def standalone_class(slug: str, fmt: str):
    badge = services.standalone_badge_class(slug)
    hosted_json = hosted.badge_class_json(badge)
    if _wants_json(fmt):
        return _json(hosted_json, STABLE_MAX_AGE)
    return _page(hosted_json.etag + "-html", STABLE_MAX_AGE, lambda: render_template(
        "badges/standalone_class.html", badge=badge, criteria=Markup(render_markdown(badge.criteria, media=False)), json_url=external_url("badges.standalone_class", slug=slug, fmt=".json")))


@bp.get("/badges/standalone/<slug>/image")
def standalone_image(slug: str):
    artwork, mimetype = hosted.artwork(services.standalone_badge_class(slug))
    return _public(artwork.etag, ARTWORK_MAX_AGE, lambda: Response(artwork.build(), mimetype=mimetype))


@bp.get("/badges/standalone/<slug>/achievement.json")
def standalone_achievement(slug: str):
    badge = services.standalone_badge_class(slug)
    return _document(ob3_documents.achievement_document(ob3_documents.standalone_achievement(badge)), STABLE_MAX_AGE)


@bp.get("/badges/awards/<uid>.json", defaults={"fmt": ".json"})
@bp.get("/badges/awards/<uid>", defaults={"fmt": ""})
def standalone_award(uid: str, fmt: str):
    """The public page (an organisation can link it from its website) or the Open Badges 2.0 assertion."""
    award, badge = services.standalone_award_rows(uid)
    status = 410 if award.revoked_at is not None else 200
    if _wants_json(fmt):
        return _json(hosted.assertion_json(award, badge), AWARD_MAX_AGE, status)
    shown = services.public_recipient_name(award)
    view = services.view_of(award, badge)
    holder = current_user.is_authenticated and award.user_id == current_user.id
    return _page(hosted.page_etag(award, badge, shown), AWARD_MAX_AGE, lambda: render_template(
        "badges/standalone_award.html", award=view, badge=badge, shown_name=shown, revoked=status == 410,
        organisation=award.recipient_kind == "organisation", holder=holder), status=status)


@bp.get("/badges/awards/<uid>.<any(png, svg):ext>")
def standalone_baked(uid: str, ext: str):
    award, badge = services.standalone_award_rows(uid)
    if award.revoked_at is not None:
        return _json(hosted.assertion_json(award, badge), AWARD_MAX_AGE, 410)
    if ext != badge.image_kind:
        return Response(gettext("No such image."), status=404, mimetype="text/plain")
    baked = hosted.baked(award, badge)
    return _public(baked.etag, AWARD_MAX_AGE, lambda: Response(
        baked.body(), mimetype="image/png" if ext == "png" else "image/svg+xml", headers=_download(f"{badge.slug}.{ext}")))


@bp.get("/badges/awards/<uid>/credential.<any(json, jwt, png, svg):ext>")
def standalone_credential(uid: str, ext: str):
    """The signed Open Badges 3.0 credential: an organisation's for anyone, a person's for that person only."""
    viewer = current_user.id if current_user.is_authenticated else None
    award, badge, credential = services.standalone_credential_for(viewer, uid)
    db.session.commit()  # end the read transaction
    if ext == "json":
        body, mimetype = credential.document.encode(), "application/vc+ld+json"
    elif ext == "jwt":
        body, mimetype = credential.jwt.encode(), "application/vc+jwt"
    elif ext != badge.image_kind:
        return Response(gettext("No such image."), status=404, mimetype="text/plain")
    else:
        body = hosted.baked_credential(badge, credential.document)
        mimetype = "image/png" if ext == "png" else "image/svg+xml"
    private = "private" if award.user_id else "public"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{badge.slug}-ob3.{ext}"', "Cache-Control": f"{private}, max-age=0"})


# --- programme certificates -----------------------------------------------------------------------------


@bp.get("/my/programme-certificates/<uid>.pdf")
@login_required
def programme_certificate_pdf(uid: str):
    record = certificates.my_programme_certificate(current_user.id, uid)
    db.session.commit()  # end the read transaction: the PDF is drawn outside it
    with in_language(record.language):
        data = cached_programme_pdf(Path(current_app.instance_path) / "certificates", certificates.programme_text(record))
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="programme-certificate-{uid}.pdf"', "Cache-Control": "private, max-age=0"})


@bp.get("/certificates/programmes/<uid>")
def programme_certificate(uid: str):
    """Public verification: valid or revoked, with the transcript, for anyone with the id or the QR code."""
    record = certificates.public_programme_certificate(uid)
    holder = current_user.is_authenticated and current_user.id == record.user_id
    rows = [(line, transcript_dates(line.started_on, line.completed_on)) for line in record.lines]
    return render_template("badges/programme_certificate.html", record=record, rows=rows, holder=holder,
                           study_time=study_time(record.hours)), 410 if record.revoked_at else 200
