"""The public catalogue, course pages and enrolment."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.catalogue import services as catalogue
from lms.catalogue.forms import EnrolForm
from lms.core import clock, conditional
from lms.core.extensions import db
from lms.core.forms import form_int
from lms.core.i18n import gettext
from lms.learning.services import enrolment

bp = Blueprint("catalog", __name__, template_folder="templates")


@bp.get("/")
def index():
    catalogue_list = catalogue.list_courses(now=clock.now(), language=request.args.get("language"))
    return render_template("catalog/index.html", catalogue=catalogue_list, cards=catalogue_list.cards,
                           programmes=catalogue.list_programmes())


@bp.get("/courses")
def courses():
    """The catalogue is the home page; ``/courses?language=fr`` leads there with its filters."""
    return redirect(url_for("catalog.index", **request.args.to_dict()), code=301)


@bp.get("/courses/<course_slug>")
def course(course_slug: str):
    viewer = current_user if current_user.is_authenticated else None
    page = catalogue.get_course_page(course_slug, viewer, now=clock.now())
    return conditional.page(page.version, lambda: render_template("catalog/course.html", page=page))


@bp.post("/courses/<course_slug>/enrol")
def enrol(course_slug: str):
    form = EnrolForm()
    run_id = form_int(form.run_id.data)
    if not current_user.is_authenticated:
        # Keep the intent: log in or register, then come back to confirm this very run.
        # (A GET page that asks; enrolling itself stays a POST with its CSRF token.)
        flash(gettext("Log in or create an account to enrol. You will come back here to confirm."), "info")
        confirm = url_for("catalog.confirm_enrol", course_slug=course_slug, run=run_id) if run_id \
            else url_for("catalog.course", course_slug=course_slug)
        return redirect(url_for("auth.login", next=confirm))
    if not form.validate_on_submit() or run_id is None:
        flash(gettext("That enrolment form was incomplete or had expired. Please try again."), "error")
        return redirect(url_for("catalog.course", course_slug=course_slug))
    enrolment.enrol(current_user, run_id, course_slug=course_slug, now=clock.now())
    db.session.commit()
    flash(gettext("You are enrolled. Welcome to the course!"), "success")
    return redirect(url_for("learn.resume", course_slug=course_slug))


@bp.get("/courses/<course_slug>/enrol")
@login_required
def confirm_enrol(course_slug: str):
    """Where log-in and registration lead back after Enrol was pressed signed out: the run
    chosen, ready to confirm with one press (nothing changes on a GET)."""
    page = catalogue.get_course_page(course_slug, current_user, now=clock.now())
    run_id = form_int(request.args.get("run"))
    if page.enrolment is not None and page.enrolment.run_id == run_id:
        flash(gettext("You are already enrolled in this course."), "info")
        return redirect(url_for("learn.resume", course_slug=course_slug))
    run = next((r for r in page.joinable_runs if r.id == run_id), None)
    if run is None:
        flash(gettext("That run is not open for enrolment. Choose from what the course offers now."), "info")
        return redirect(url_for("catalog.course", course_slug=course_slug))
    return render_template("catalog/enrol.html", page=page, run=run, form=EnrolForm())
