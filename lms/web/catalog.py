"""The public catalogue, course pages, enrolment and course images."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, send_from_directory, url_for
from flask_login import current_user, login_required

from lms import clock
from lms.catalog.module_file import SLUG
from lms.extensions import db
from lms.services import catalogue, enrolment
from lms.web.forms import EnrolForm, form_int

bp = Blueprint("catalog", __name__)

ASSET_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}


@bp.get("/")
def index():
    return render_template("catalog/index.html", cards=catalogue.list_courses(now=clock.now()))


@bp.get("/courses/<course_slug>")
def course(course_slug: str):
    viewer = current_user if current_user.is_authenticated else None
    page = catalogue.get_course_page(course_slug, viewer, now=clock.now())
    return render_template("catalog/course.html", page=page, form=EnrolForm())


@bp.post("/courses/<course_slug>/enrol")
@login_required
def enrol(course_slug: str):
    form = EnrolForm()
    run_id = form_int(form.run_id.data)
    if not form.validate_on_submit() or run_id is None:
        flash("That enrolment form was incomplete or had expired. Please try again.", "error")
        return redirect(url_for("catalog.course", course_slug=course_slug))
    enrolment.enrol(current_user, run_id, course_slug=course_slug, now=clock.now())
    db.session.commit()
    flash("You are enrolled. Welcome to the course!", "success")
    return redirect(url_for("learn.resume", course_slug=course_slug))


@bp.get("/assets/<course_slug>/<path:filename>")
def asset(course_slug: str, filename: str):
    """Images referenced by module Markdown, served from content/<course>/."""
    if Path(filename).suffix.lower() not in ASSET_TYPES or not SLUG.match(course_slug):
        abort(404)
    folder = Path(current_app.config["CONTENT_DIR"]) / course_slug
    response = send_from_directory(folder, filename, max_age=3600)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
