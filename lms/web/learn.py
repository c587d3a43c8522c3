"""The learner's path inside a course: dashboard, modules, units, progress."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from lms import clock
from lms.extensions import db
from lms.services import learning
from lms.web.forms import ActionForm

bp = Blueprint("learn", __name__)


@bp.before_request
@login_required
def require_login():
    """Every page here belongs to a logged-in learner."""


@bp.get("/dashboard")
def dashboard():
    return render_template("learn/dashboard.html", courses=learning.list_my_courses(current_user, now=clock.now()))


@bp.get("/courses/<course_slug>/continue")
def resume(course_slug: str):
    target = learning.continue_target(current_user, course_slug, now=clock.now())
    if target is None:
        flash("No module is open yet. The course page shows when each one opens.", "info")
        return redirect(url_for("catalog.course", course_slug=course_slug))
    module_slug, unit_slug = target
    return redirect(url_for("learn.unit", course_slug=course_slug, module_slug=module_slug, unit_slug=unit_slug))


@bp.get("/courses/<course_slug>/modules/<module_slug>/")
def module(course_slug: str, module_slug: str):
    page = learning.get_module_page(current_user, course_slug, module_slug, now=clock.now())
    return render_template("learn/module.html", page=page)


@bp.get("/courses/<course_slug>/modules/<module_slug>/<unit_slug>")
def unit(course_slug: str, module_slug: str, unit_slug: str):
    page = learning.get_unit_page(current_user, course_slug, module_slug, unit_slug, now=clock.now())
    db.session.commit()  # remembers where to continue from
    return render_template("learn/unit.html", page=page, module_page=page.module_page, form=ActionForm())


@bp.post("/courses/<course_slug>/modules/<module_slug>/<unit_slug>/done")
def complete(course_slug: str, module_slug: str, unit_slug: str):
    if not ActionForm().validate_on_submit():
        flash("That form had expired. Please press the button again.", "error")
        return redirect(url_for("learn.unit", course_slug=course_slug, module_slug=module_slug, unit_slug=unit_slug))
    page = learning.complete_unit(current_user, course_slug, module_slug, unit_slug, now=clock.now())
    db.session.commit()
    if page.next_unit:
        return redirect(url_for("learn.unit", course_slug=course_slug, module_slug=module_slug, unit_slug=page.next_unit.unit.slug))
    flash(f"You have finished the last page of “{page.module_page.state.module.title}”.", "success")
    return redirect(url_for("learn.module", course_slug=course_slug, module_slug=module_slug))
