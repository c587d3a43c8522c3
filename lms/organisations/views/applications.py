"""Applications (the coordinators' portfolio and submission), the assessors' queue and review, and
the administrators' page of assessors: routes of the organisations blueprint."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask_login import current_user

from lms.core import clock
from lms.core.errors import DomainError, NotFound, ValidationError
from lms.core.extensions import db
from lms.core.forms import ActionForm, show_field_error
from lms.core.i18n import gettext
from lms.core.keyset import Cursor
from lms.core.render import render_markdown
from lms.organisations import services
from lms.organisations.forms import AssessorForm, EvidenceForm, LevelForm, StartForm, review_form
from lms.organisations.views import APP, ORG, _content_dir, _expired, _upload_dir, bp


def _to_application(organisation_id: int, application_id: int, anchor: str | None = None):
    return redirect(url_for(".application", organisation_id=organisation_id, application_id=application_id, _anchor=anchor))


@bp.post(ORG + "/applications")
def start(organisation_id: int):
    services.coordinated(current_user, organisation_id)
    form = StartForm()
    if not form.validate_on_submit():
        flash(gettext("Choose a scheme and a level."), "error")
        return redirect(url_for(".organisation", organisation_id=organisation_id, _anchor="apply"))
    try:
        application = services.start_application(current_user, organisation_id, form.scheme.data, form.level.data, now=clock.now())
    except (ValidationError, DomainError) as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".organisation", organisation_id=organisation_id, _anchor="apply"))
    db.session.commit()
    return _to_application(organisation_id, application.id)


def _application_page(view, *, review=None, status: int = 200):
    level_form = LevelForm(level=view.application.level_slug)
    level_form.level.choices = {level.slug: level.name for level in view.scheme.levels}
    if review is None and view.assessor and view.application.status == "submitted":
        review = review_form(view.scheme.rubric, view.scheme.levels_up_to(view.application.level_slug))
    return render_template("organisations/application.html", view=view, level_form=level_form, review=review,
                           action=ActionForm(), verdicts=services.VERDICTS, trail=services.audit_trail(view),
                           now=clock.now(), reason=None), status


@bp.get(APP)
def application(organisation_id: int, application_id: int):
    return _application_page(services.get_application(current_user, organisation_id, application_id))


@bp.post(APP + "/level")
def level(organisation_id: int, application_id: int):
    services.get_application(current_user, organisation_id, application_id)
    form = LevelForm()
    if form.validate_on_submit():
        try:
            services.change_level(current_user, organisation_id, application_id, form.level.data)
        except (ValidationError, DomainError) as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(gettext("The level is changed: the criteria and evidence below are for it."), "success")
    else:
        _expired()
    return _to_application(organisation_id, application_id)


def _evidence_item(view, slug: str):
    item = next((item for item in view.scheme.evidence if item.slug == slug), None)
    if item is None or not view.coordinator:
        raise NotFound(gettext("No such evidence item."))
    return item


@bp.route(APP + "/evidence/<slug>", methods=["GET", "POST"])
def evidence(organisation_id: int, application_id: int, slug: str):
    view = services.get_application(current_user, organisation_id, application_id)
    item = _evidence_item(view, slug)
    entry = next((e for e in view.evidence if e.slug == slug), None)
    form = EvidenceForm(data={"text": entry.entry.text if entry and entry.entry else ""}) if request.method == "GET" else EvidenceForm()
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 422
        else:
            file = form.attachment.data
            upload = None
            if file and getattr(file, "filename", ""):
                upload = services.Upload(file.filename, file.stream.read(current_app.config["MAX_ATTACHMENT_BYTES"] + 1))
            try:
                services.save_evidence(current_user, organisation_id, application_id, slug, text=form.text.data or "",
                                       upload=upload, upload_dir=_upload_dir(),
                                       max_bytes=current_app.config["MAX_ATTACHMENT_BYTES"], now=clock.now())
            except (ValidationError, DomainError) as error:
                db.session.rollback()
                getattr(form, getattr(error, "field", "text"), form.text).errors = [str(error)]
                status = 422
            else:
                db.session.commit()
                flash(gettext("Saved. You can change it until the application is submitted."), "success")
                return redirect(request.path)
    return render_template("organisations/evidence.html", view=view, item=item, entry=entry, form=form,
                           guidance=render_markdown(item.text, media=False), action=ActionForm()), status


@bp.post(APP + "/attachments/<int:attachment_id>/remove")
def remove_attachment(organisation_id: int, application_id: int, attachment_id: int):
    if ActionForm().validate_on_submit():
        try:
            path = services.remove_attachment(current_user, organisation_id, application_id, attachment_id, upload_dir=_upload_dir())
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            if path is not None:
                path.unlink(missing_ok=True)
            flash(gettext("The attachment is removed."), "success")
    else:
        _expired()
    return redirect(request.form.get("back", "") if request.form.get("back", "").startswith("/organisations/")
                    else url_for(".application", organisation_id=organisation_id, application_id=application_id))


@bp.get(APP + "/attachments/<int:attachment_id>")
def attachment(organisation_id: int, application_id: int, attachment_id: int):
    found = services.attachment_for(current_user, organisation_id, application_id, attachment_id)
    folder = _upload_dir() / "organisations"
    if not (folder / found.key).exists():
        abort(404)
    response = send_from_directory(folder, found.key, mimetype=found.mimetype, as_attachment=True, download_name=found.name,
                                   max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post(APP + "/submit")
def submit(organisation_id: int, application_id: int):
    services.get_application(current_user, organisation_id, application_id)
    if ActionForm().validate_on_submit():
        try:
            submitted = services.submit_application(current_user, organisation_id, application_id, now=clock.now())
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            if submitted:
                flash(gettext("The application is submitted: an assessor will judge it."), "success")
    else:
        _expired()
    return _to_application(organisation_id, application_id)


@bp.get("/organisations/assessment")
def queue():
    page = services.queue(current_user, cursor=Cursor.from_args(request.args), now=clock.now())
    return render_template("organisations/queue.html", page=page, action=ActionForm())


@bp.post(APP + "/<any(claim, release):step>")
def claim(organisation_id: int, application_id: int, step: str):
    if not services.is_assessor(current_user):
        abort(404)
    if ActionForm().validate_on_submit():
        if step == "release":
            services.release(current_user, application_id, now=clock.now())
            db.session.commit()
            return redirect(url_for(".queue"))
        won = services.claim(current_user, application_id, now=clock.now())
        db.session.commit()
        if not won:
            flash(gettext("Another assessor is judging this application."), "error")
            return redirect(url_for(".queue"))
    else:
        _expired()
    return _to_application(organisation_id, application_id, "review")


@bp.post(APP + "/decide")
def decide(organisation_id: int, application_id: int):
    if not services.is_assessor(current_user):
        abort(404)
    view = services.get_application(current_user, organisation_id, application_id)
    form = review_form(view.scheme.rubric, view.scheme.levels_up_to(view.application.level_slug))
    if not form.validate_on_submit():
        return _application_page(view, review=form, status=422)
    decision = services.Decision(
        verdicts={item.slug: (form[f"verdict-{item.slug}"].data or "", form[f"comment-{item.slug}"].data or "")
                  for item in view.scheme.rubric}, level=form.level.data or "", reason=form.reason.data or "")
    try:
        services.decide(current_user, organisation_id, application_id, decision, content_dir=_content_dir(), now=clock.now())
    except ValidationError as error:
        db.session.rollback()
        show_field_error(form, error)
        return _application_page(view, review=form, status=422)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _to_application(organisation_id, application_id)
    db.session.commit()
    flash(gettext("The decision is recorded, and the coordinators are told."), "success")
    return _to_application(organisation_id, application_id)


@bp.route("/organisations/assessors", methods=["GET", "POST"])
def assessors():
    if not current_user.is_admin:
        abort(404)
    form = AssessorForm()
    if form.validate_on_submit():
        remove = request.form.get("remove") == "1"
        try:
            change = services.remove_assessor if remove else services.add_assessor
            changed = change(form.email.data, actor_id=current_user.id, now=clock.now())
        except NotFound as error:
            db.session.rollback()
            show_field_error(form, ValidationError("email", str(error)))
        else:
            db.session.commit()
            if changed:
                flash(gettext("%(email)s is no longer an assessor.", email=form.email.data) if remove
                      else gettext("%(email)s is now an assessor.", email=form.email.data), "success")
            return redirect(url_for(".assessors"))
    return render_template("organisations/assessors.html", form=form, assessors=services.list_assessors(),
                           action=ActionForm()), 422 if form.errors else 200
