"""The pages of organisations under /organisations/: the list, an organisation's page (joining,
consent, the coordinators' queue of requests, applications), its record's form, and its public
award pages. Applications and the assessors' pages are in ``views`` too, below. Each route asks the
services first (404 for what the person may not see), then parses the form, calls one service,
commits once and renders."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from lms.core import clock
from lms.core.errors import DomainError, ValidationError
from lms.core.extensions import db, login_manager
from lms.core.forms import ActionForm, show_field_error
from lms.core.i18n import gettext
from lms.core.keyset import Cursor
from lms.organisations import services
from lms.organisations.forms import OrganisationForm, ReasonForm, StartForm

bp = Blueprint("organisations", __name__, template_folder="../templates")

ORG = "/organisations/<int:organisation_id>"
APP = ORG + "/applications/<int:application_id>"
PUBLIC = {"organisations.public_award"}


@bp.before_request
def require_login():
    if request.endpoint not in PUBLIC and not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


@bp.context_processor
def names() -> dict:
    return {"country_name": services.country_name, "kinds": services.KIND_LABELS}


def _upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def _content_dir() -> Path:
    return Path(current_app.config["CONTENT_DIR"])


def _expired():
    flash(gettext("That form had expired. Please try again."), "error")


@bp.get("/organisations/")
def index():
    search = "".join(c for c in request.args.get("q", "") if c.isprintable())[:100]
    page = services.list_organisations(search=search, cursor=Cursor.from_args(request.args))
    return render_template("organisations/index.html", page=page, search=search, kinds=services.KIND_LABELS,
                           mine=services.my_memberships(current_user), assessor=services.is_assessor(current_user))


def _details(form: OrganisationForm) -> services.Details:
    return services.Details(form.name.data or "", form.kind.data or "", form.country.data or "", form.region.data or "",
                            form.web_address.data or "")


@bp.route("/organisations/new", methods=["GET", "POST"])
def create():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(current_user, _details(form), now=clock.now())
        except ValidationError as error:
            db.session.rollback()
            show_field_error(form, error)
        else:
            db.session.commit()
            flash(gettext("The organisation is created, and you are its coordinator."), "success")
            return redirect(url_for(".organisation", organisation_id=organisation.id))
    return render_template("organisations/edit.html", form=form, organisation=None), 422 if form.errors else 200


@bp.route(ORG + "/edit", methods=["GET", "POST"])
def edit(organisation_id: int):
    organisation = services.coordinated(current_user, organisation_id)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            services.edit_organisation(current_user, organisation_id, _details(form))
        except ValidationError as error:
            db.session.rollback()
            show_field_error(form, error)
        else:
            db.session.commit()
            flash(gettext("Saved."), "success")
            return redirect(url_for(".organisation", organisation_id=organisation_id))
    return render_template("organisations/edit.html", form=form, organisation=organisation), 422 if form.errors else 200


@bp.get(ORG)
def organisation(organisation_id: int):
    found = services.get_organisation(organisation_id)
    membership = services.membership_of(current_user, organisation_id)
    coordinator = services.is_coordinator(current_user, organisation_id)
    schemes = services.schemes_for(found) if coordinator else []
    return render_template("organisations/organisation.html", organisation=found, membership=membership, coordinator=coordinator,
                           people=services.people_of(current_user, organisation_id), kinds=services.KIND_LABELS,
                           applications=services.applications_of(current_user, organisation_id), schemes=schemes,
                           awards=services.awards_of(organisation_id), action=ActionForm(), start=StartForm())


def _back(organisation_id: int, anchor: str | None = None):
    return redirect(url_for(".organisation", organisation_id=organisation_id, _anchor=anchor))


@bp.post(ORG + "/join")
def join(organisation_id: int):
    if ActionForm().validate_on_submit():
        services.request_to_join(current_user, organisation_id, now=clock.now())
        db.session.commit()
        flash(gettext("Your request is sent: a coordinator will answer it."), "success")
    else:
        _expired()
    return _back(organisation_id)


@bp.post(ORG + "/leave")
def leave(organisation_id: int):
    if ActionForm().validate_on_submit():
        try:
            services.leave(current_user, organisation_id)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(gettext("You are no longer in this organisation."), "success")
    else:
        _expired()
    return _back(organisation_id)


@bp.post(ORG + "/sharing")
def sharing(organisation_id: int):
    if ActionForm().validate_on_submit():
        share = request.form.get("share") == "1"
        services.set_sharing(current_user, organisation_id, share=share, now=clock.now())
        db.session.commit()
        flash(gettext("Your completions now count for this organisation.") if share
              else gettext("Your completions no longer count for this organisation."), "success")
    else:
        _expired()
    return _back(organisation_id, "sharing")


@bp.post(ORG + "/members/<int:membership_id>/<any(approve, refuse):decision>")
def decide_request(organisation_id: int, membership_id: int, decision: str):
    services.coordinated(current_user, organisation_id)
    if ActionForm().validate_on_submit():
        membership, changed = services.decide_request(current_user, organisation_id, membership_id, approve=decision == "approve",
                                                      now=clock.now())
        db.session.commit()
        if changed:
            flash(gettext("Request approved.") if decision == "approve" else gettext("Request refused."), "success")
    else:
        _expired()
    return _back(organisation_id, "requests")


@bp.post(ORG + "/members/<int:membership_id>/coordinator")
def make_coordinator(organisation_id: int, membership_id: int):
    services.coordinated(current_user, organisation_id)
    if ActionForm().validate_on_submit():
        try:
            services.make_coordinator(current_user, organisation_id, membership_id)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(gettext("They are now a coordinator."), "success")
    else:
        _expired()
    return _back(organisation_id, "members")


@bp.get(ORG + "/awards/<uid>")
def public_award(organisation_id: int, uid: str):
    found = services.public_award(organisation_id, uid)
    manager = current_user.is_authenticated and (current_user.is_admin or services.is_assessor(current_user))
    coordinator = current_user.is_authenticated and services.is_coordinator(current_user, organisation_id)
    page_url = url_for(".public_award", organisation_id=organisation_id, uid=uid, _external=True)
    embed = Markup('<a href="{}"><img src="{}" alt="{}" width="120" height="120"></a>').format(
        page_url, found.award.image_url, f"{found.award.badge_name}: {found.award.recipient_name}")
    return render_template("organisations/award.html", found=found, award=found.award, manager=manager, coordinator=coordinator,
                           page_url=page_url, embed=str(embed))


@bp.route(ORG + "/awards/<uid>/revoke", methods=["GET", "POST"])
def revoke(organisation_id: int, uid: str):
    found = services.public_award(organisation_id, uid)
    if not (current_user.is_admin or services.is_assessor(current_user)):
        abort(404)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            services.revoke(current_user, organisation_id, found.application.id, reason=form.reason.data, now=clock.now())
        except ValidationError as error:
            db.session.rollback()
            show_field_error(form, error)
        else:
            db.session.commit()
            flash(gettext("The award is revoked; its public page says why."), "success")
            return redirect(url_for(".public_award", organisation_id=organisation_id, uid=uid))
    return render_template("organisations/revoke.html", found=found, form=form), 422 if form.errors else 200


from lms.organisations.views import applications  # noqa: E402,F401  (its routes join this blueprint)
