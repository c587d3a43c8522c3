"""The pages of resources: the library's search (/resources), each resource's page, rating and
saving (signed in), the attached file, and My resources."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from lms.core import clock
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.forms import form_int
from lms.core.i18n import current_language, gettext
from lms.core.urls import external_url
from lms.resources import services as resources
from lms.resources.forms import RatingForm, SaveForm

bp = Blueprint("resources", __name__, template_folder="templates")


@bp.get("/resources")
def index():
    args = request.args
    filters = resources.clean_filters(args.get("kind"), args.get("audience"), args.get("subject"), args.get("language"))
    found = resources.search_resources(args.get("q", ""), filters, sort=args.get("sort"), page=form_int(args.get("page")) or 1,
                                       reader_language=current_language())
    return render_template("resources/index.html", found=found, kinds=resources.KINDS)


def _page(slug: str, form: RatingForm | None = None, status: int = 200):
    user_id = current_user.id if current_user.is_authenticated else None
    page = resources.get_resource_page(slug, user_id)
    page_url = external_url("resources.resource", slug=slug)
    file_url = external_url("resources.file", slug=slug) if page.resource.file else None
    form = form or RatingForm(stars=page.my_rating)
    return render_template("resources/resource.html", page=page, form=form, save_form=SaveForm(), page_url=page_url,
                           file_url=file_url, json_ld=resources.json_ld(page, page_url=page_url, file_url=file_url),
                           licence_name=resources.licence_name(page.resource.licence),
                           licence_url=resources.licence_url(page.resource.licence)), status


@bp.get("/resources/<slug>")
def resource(slug: str):
    return _page(slug)


@bp.get("/resources/<slug>/file")
def file(slug: str):
    path: Path = resources.attached_file(slug, Path(current_app.config["RESOURCES_CONTENT_DIR"]))
    return send_file(path, as_attachment=path.suffix.lower() not in {".pdf", ".png", ".svg", ".txt"}, download_name=path.name,
                     mimetype="text/markdown; charset=utf-8" if path.suffix.lower() == ".md" else None)


@bp.post("/resources/<slug>/rating")
@login_required
def rate(slug: str):
    form = RatingForm()
    if not form.validate_on_submit():
        return _page(slug, form, 400)
    try:
        resources.rate_resource(current_user.id, slug, form.stars.data, now=clock.now())
    except ValidationError as error:
        form.stars.errors = [str(error)]
        return _page(slug, form, 400)
    db.session.commit()
    flash(gettext("Thank you: your rating is saved."), "success")
    return redirect(url_for("resources.resource", slug=slug, _anchor="rating-heading"))


@bp.post("/resources/<slug>/save")
@login_required
def save(slug: str):
    if SaveForm().validate_on_submit():
        resources.save_resource(current_user.id, slug, now=clock.now())
        db.session.commit()
        flash(gettext("Saved to My resources."), "success")
    else:
        flash(gettext("That form had expired. Please press the button again."), "error")
    return redirect(url_for("resources.resource", slug=slug))


@bp.post("/resources/<slug>/unsave")
@login_required
def unsave(slug: str):
    if SaveForm().validate_on_submit():
        resources.unsave_resource(current_user.id, slug)
        db.session.commit()
        flash(gettext("Removed from My resources."), "success")
    else:
        flash(gettext("That form had expired. Please press the button again."), "error")
    back = request.form.get("back")
    return redirect(url_for("resources.saved") if back == "list" else url_for("resources.resource", slug=slug))


@bp.get("/my/resources")
@login_required
def saved():
    return render_template("resources/saved.html", cards=resources.saved_resources(current_user.id), save_form=SaveForm())
