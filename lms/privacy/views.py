"""The "My data" page (a copy of one's data, erasure) and the public privacy page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, send_file, session, url_for
from flask_login import current_user, login_required, logout_user
from markupsafe import Markup

from lms.core import clock
from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from lms.core.forms import ActionForm, show_field_error
from lms.core.i18n import gettext
from lms.core.render import render_markdown
from lms.core.site_settings import site_setting
from lms.privacy import services
from lms.privacy.forms import EraseForm

bp = Blueprint("privacy", __name__, template_folder="templates")


def _page(erase_form: EraseForm | None = None, status: int = 200):
    return render_template("privacy/my_data.html", exports=services.list_exports(current_user.id),
                           export_form=ActionForm(), erase_form=erase_form or EraseForm(), now=clock.now(),
                           facts=services.retention_facts()), status


@bp.get("/account/data")
@login_required
def my_data():
    return _page()


@bp.post("/account/data/export")
@login_required
def request_export():
    if ActionForm().validate_on_submit():
        made = services.request_export(current_user.id, now=clock.now())
        db.session.commit()
        flash(gettext("We are preparing a copy of your data. You will get a notification and an e-mail when it is ready.")
              if made else gettext("A copy of your data is already being prepared."), "info")
    return redirect(url_for("privacy.my_data"))


@bp.get("/account/data/exports/<uid>")
@login_required
def download(uid: str):
    try:
        export, path = services.export_for_download(current_user.id, uid, now=clock.now())
    except NotFound:
        abort(404)
    db.session.commit()
    if path is None:
        return render_template("privacy/expired.html", export=export), 410
    response = send_file(path, mimetype="application/zip", as_attachment=True,
                         download_name=f"my-data-{export.requested_at:%Y-%m-%d}.zip", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/account/data/erase")
@login_required
def erase():
    form = EraseForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    try:
        services.request_erasure(current_user.id, form.password.data, now=clock.now())
    except ValidationError as error:
        db.session.rollback()
        show_field_error(form, error)
        return _page(form, 400)
    db.session.commit()
    logout_user()
    session.pop("login", None)
    return render_template("privacy/erased.html")


@bp.get("/privacy")
def privacy():
    own = site_setting("privacy_text")
    return render_template("privacy/privacy.html", facts=services.retention_facts(), site_name=site_setting("site_name"),
                           own=Markup(render_markdown(own, media=False)) if own.strip() else None,
                           instance=current_app.config.get("BASE_URL", ""))
