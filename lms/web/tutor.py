"""Tutor pages: the runs they teach and each run's release schedule."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms import clock
from lms.extensions import db
from lms.errors import ValidationError
from lms.services import activities, awards, peer_review
from lms.services import schedule as schedule_service
from lms.services.schedule import ScheduleInvalid, Shift
from lms.web.forms import ActionForm, form_int

bp = Blueprint("tutor", __name__, url_prefix="/tutor")

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends


@bp.before_request
@login_required
def require_login():
    """Every page here needs a log-in; the services check the course."""


@bp.get("/")
def index():
    taught = schedule_service.list_taught_runs(current_user)
    assignments = {course.id: peer_review.list_assignments(course.id) for course, _ in taught}
    return render_template("tutor/index.html", taught=taught, assignments=assignments)


def _parse_request(schedule) -> tuple[dict[str, datetime], Shift | None, dict[str, str]]:
    """Dates typed in the tutor's zone -> UTC; only those that differ from the current plan."""
    zone = ZoneInfo(current_user.timezone)
    new_dates, errors = {}, {}
    for row in schedule.rows:
        raw = (request.form.get(f"opens-{row.module.slug}") or "").strip()
        if not raw:
            continue
        try:
            local = datetime.strptime(raw, LOCAL_FORMAT).replace(tzinfo=zone)
        except ValueError:
            errors[row.module.slug] = "Enter a date and time such as 2017-10-09T09:00."
            continue
        value = local.astimezone(ZoneInfo("UTC"))
        current = row.opens_at.astimezone(zone).strftime(LOCAL_FORMAT) if row.opens_at else None
        if raw != current:
            new_dates[row.module.slug] = value
    shift = None
    days = (request.form.get("shift_days") or "").strip()
    if days:
        try:
            shift = Shift(request.form.get("shift_from", ""), request.form.get("shift_to", ""), int(days))
            if abs(shift.days) > 3650:
                raise ValueError
        except ValueError:
            errors["shift_days"] = "Enter a whole number of days up to 3650, e.g. 3 or -2."
    return new_dates, shift, errors


@bp.route("/courses/<course_slug>/runs/<run_slug>/schedule", methods=["GET", "POST"])
def schedule(course_slug: str, run_slug: str):
    current = schedule_service.get_schedule(current_user, course_slug, run_slug)
    form = ActionForm()
    context = {"schedule": current, "form": form, "plan": None, "problems": [], "errors": {},
               "history": schedule_service.list_changes(current_user, course_slug, run_slug)}
    if request.method == "GET":
        return render_template("tutor/schedule.html", **context)
    if not form.validate_on_submit():
        flash("That form had expired. Please try again.", "error")
        return redirect(request.path)
    new_dates, shift, errors = _parse_request(current)
    context.update(errors=errors, submitted=request.form)
    if errors:
        return render_template("tutor/schedule.html", **context), 422
    try:
        if request.form.get("action") == "save":
            plan = schedule_service.apply_change(
                current_user, course_slug, run_slug, new_dates=new_dates, shift=shift, now=clock.now())
            db.session.commit()
            if plan.changes:
                flash(f"Saved {len(plan.changes)} new date(s). {plan.affected_learners} learner(s) will get one message about it.", "success")
            else:
                flash("Nothing changed.", "info")
            return redirect(request.path)
        context["plan"] = schedule_service.plan_change(current_user, course_slug, run_slug, new_dates=new_dates, shift=shift)
    except ScheduleInvalid as error:
        context["problems"] = error.problems
        return render_template("tutor/schedule.html", **context), 422
    return render_template("tutor/schedule.html", **context)


@bp.get("/courses/<course_slug>/runs/<run_slug>/answers")
def answers(course_slug: str, run_slug: str):
    activity_list, rows = activities.list_answers(current_user, course_slug, run_slug)
    schedule = schedule_service.get_schedule(current_user, course_slug, run_slug)
    return render_template("tutor/answers.html", schedule=schedule, activities=activity_list, rows=rows)


@bp.get("/reflections/<int:reflection_id>")
def reflection(reflection_id: int):
    """Open to the author and the course's tutors; to anyone else it does not exist."""
    found, activity, author = activities.get_reflection(current_user, reflection_id)
    return render_template("tutor/reflection.html", reflection=found, activity=activity, author=author)


@bp.get("/courses/<course_slug>/runs/<run_slug>/assignments/<int:activity_id>")
def assignment(course_slug: str, run_slug: str, activity_id: int):
    schedule = schedule_service.get_schedule(current_user, course_slug, run_slug)
    activity, module, course, lines, flags = peer_review.assignment_overview(current_user, activity_id, schedule.run.id)
    now = clock.now()
    return render_template("tutor/assignment.html", schedule=schedule, activity=activity, module=module, lines=lines,
                           flags=flags, now=now, form=ActionForm())


@bp.route("/submissions/<int:submission_id>", methods=["GET", "POST"])
def submission(submission_id: int):
    found, activity, module, course, author, reviews = peer_review.get_submission_for_tutor(current_user, submission_id)
    form = ActionForm()
    errors = {}
    if request.method == "POST" and form.validate_on_submit():
        if request.form.get("action") == "review":
            claim = peer_review.claim_as_tutor(current_user, submission_id, now=clock.now())
            db.session.commit()
            return redirect(url_for("review.review", review_id=claim.id))
        rubric = activity.spec["rubric"]
        scores = [form_int(request.form.get(f"override-{i}"), digits=5) for i in range(len(rubric))]
        try:
            peer_review.override_result(current_user, submission_id, scores=scores, reason=request.form.get("reason", ""),
                                        now=clock.now())
        except ValidationError as error:
            db.session.rollback()
            errors[error.field] = str(error)
        else:
            db.session.commit()
            flash("The result is overridden; the learner sees your reason.", "success")
            return redirect(request.path)
    counted = [r for r in reviews if r.status == "done" and r.hidden_at is None]
    results = peer_review.results_of(found, counted, activity.spec["rubric"])
    reviewers = peer_review.reviewer_names([r.reviewer_id for r in reviews])
    return render_template("tutor/submission.html", submission=found, activity=activity, module=module, course=course,
                           author=author, reviews=reviews, results=results, reviewers=reviewers, form=form,
                           errors=errors), 422 if errors else 200


@bp.post("/flags/<int:flag_id>")
def moderate(flag_id: int):
    if ActionForm().validate_on_submit():
        peer_review.moderate(current_user, flag_id, request.form.get("action", ""), now=clock.now())
        db.session.commit()
        flash("Done.", "success")
    return redirect(request.referrer or url_for("tutor.index"))


@bp.route("/courses/<course_slug>/awards", methods=["GET", "POST"])
def awards_page(course_slug: str):
    form = ActionForm()
    if request.method == "POST" and form.validate_on_submit():
        reason = request.form.get("reason", "")
        try:
            if request.form.get("certificate"):
                awards.revoke_certificate(current_user, request.form["certificate"], reason=reason, now=clock.now())
            else:
                awards.revoke_badge(current_user, request.form.get("assertion", ""), reason=reason, now=clock.now())
        except ValidationError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("Revoked. The public page and the revocation list now say so.", "success")
        return redirect(request.path)
    course, course_awards, certificates = awards.list_course_awards(current_user, course_slug)
    return render_template("tutor/awards.html", course=course, awards=course_awards, certificates=certificates, form=form)
