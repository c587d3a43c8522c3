"""Quiz and reflection pages for learners; the run's answers for its tutors."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.activities import services as activities
from lms.activities.forms import QuizForm, ReflectionForm
from lms.core import clock
from lms.core.completion import announce_completions
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.forms import form_int
from lms.core.i18n import gettext
from lms.core.keyset import Cursor

bp = Blueprint("activities", __name__, template_folder="templates")


@bp.before_request
@login_required
def require_login():
    """Every page here belongs to a logged-in learner or tutor; the services check the course."""


@bp.route("/courses/<course_slug>/modules/<module_slug>/activities/<activity_slug>", methods=["GET", "POST"])
def activity(course_slug: str, module_slug: str, activity_slug: str):
    page = activities.get_activity_page(current_user, course_slug, module_slug, activity_slug, now=clock.now())
    kind = page.activity.kind
    if kind == "assignment":
        return redirect(url_for("review.assignment", course_slug=course_slug, module_slug=module_slug,
                                activity_slug=activity_slug))
    if kind == "discussion":  # a prompt is answered in the module's forum
        return redirect(url_for("discussions.forum", course_slug=course_slug, forum=module_slug))
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
            flash(gettext("Your reflection is saved. Only you and your tutors can read it."), "success")
            return redirect(url_for("learn.module", course_slug=course_slug, module_slug=module_slug))
    elif request.method == "POST":
        status = 400
    return render_template(f"activities/{kind}.html", page=page, form=form, latest=latest), status


@bp.get("/tutor/courses/<course_slug>/runs/<run_slug>/answers")
def answers(course_slug: str, run_slug: str):
    answers = activities.list_answers(current_user, course_slug, run_slug, cursor=Cursor.from_args(request.args))
    return render_template("activities/tutor_answers.html", course=answers.course, run=answers.run,
                           activities=answers.activities, rows=answers.learners)


@bp.get("/tutor/reflections/<int:reflection_id>")
def reflection(reflection_id: int):
    """Open to the author and the course's tutors; to anyone else it does not exist."""
    found, activity, author = activities.get_reflection(current_user, reflection_id)
    return render_template("activities/tutor_reflection.html", reflection=found, activity=activity, author=author)
