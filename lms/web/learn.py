"""The learner's path inside a course: dashboard, modules, units, progress."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms import clock
from lms.extensions import db
from lms.errors import ValidationError
from lms.services import activities, learning
from lms.services.progress import ProgressResult
from lms.web.forms import ActionForm, QuizForm, ReflectionForm, form_int

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
    page, result = learning.complete_unit(current_user, course_slug, module_slug, unit_slug, now=clock.now())
    db.session.commit()
    announce_completions(result)
    if page.next_unit:
        return redirect(url_for("learn.unit", course_slug=course_slug, module_slug=module_slug, unit_slug=page.next_unit.unit.slug))
    flash(f"You have finished the last page of “{page.module_page.state.module.title}”.", "success")
    return redirect(url_for("learn.module", course_slug=course_slug, module_slug=module_slug))


def announce_completions(result: ProgressResult) -> None:
    for module in result.completed_modules:
        flash(f"Module complete: “{module.title}”. Well done!", "success")
    if result.completed_course:
        flash(f"You have completed the course “{result.completed_course.title}”!", "success")


@bp.route("/courses/<course_slug>/modules/<module_slug>/activities/<activity_slug>", methods=["GET", "POST"])
def activity(course_slug: str, module_slug: str, activity_slug: str):
    page = activities.get_activity_page(current_user, course_slug, module_slug, activity_slug, now=clock.now())
    kind = page.activity.kind
    if kind == "assignment":
        return redirect(url_for("review.assignment", course_slug=course_slug, module_slug=module_slug,
                                activity_slug=activity_slug))
    form = QuizForm() if kind == "quiz" else ReflectionForm(obj=page.reflection)
    latest = page.attempts[-1] if page.attempts else None
    status = 200
    if request.method == "POST" and form.validate_on_submit():
        try:
            if kind == "quiz":
                answers = [request.form.getlist(f"q{i}", type=int) for i in range(len(page.questions))]
                page, latest, result = activities.submit_quiz(
                    current_user, course_slug, module_slug, activity_slug, answers=answers,
                    attempt_number=form_int(form.attempt.data, digits=5) or 0, now=clock.now())
            else:
                page, result = activities.submit_reflection(
                    current_user, course_slug, module_slug, activity_slug, text=form.text.data or "", now=clock.now())
        except ValidationError as error:
            db.session.rollback()
            status = 422
            form.form_errors.append(str(error))
            if kind == "reflection":
                form.text.errors = [str(error)]
        else:
            db.session.commit()
            announce_completions(result)
            if kind == "quiz":
                return redirect(url_for(".activity", course_slug=course_slug, module_slug=module_slug,
                                        activity_slug=activity_slug, _anchor="result"))
            flash("Your reflection is saved. Only you and your tutors can read it.", "success")
            return redirect(url_for(".module", course_slug=course_slug, module_slug=module_slug))
    elif request.method == "POST":
        status = 400
    return render_template(f"learn/{kind}.html", page=page, form=form, latest=latest), status

