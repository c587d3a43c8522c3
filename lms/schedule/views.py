"""The tutor's schedule page: see a run's release dates, preview a change, save it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, request
from flask_login import current_user, login_required

from lms.core import clock
from lms.core.extensions import db
from lms.core.forms import ActionForm
from lms.core.i18n import gettext, ngettext
from lms.schedule import services as schedule_service
from lms.schedule.services import RelockNotConfirmed, ScheduleInvalid, Shift

bp = Blueprint("schedule", __name__, url_prefix="/tutor", template_folder="templates")

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends


@bp.before_request
@login_required
def require_login():
    """Every page here needs a log-in; the services check the course."""


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
            errors[row.module.slug] = gettext("Enter a date and time such as 2017-10-09T09:00.")
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
            errors["shift_days"] = gettext("Enter a whole number of days up to 3650, e.g. 3 or -2.")
    return new_dates, shift, errors


@bp.route("/courses/<course_slug>/runs/<run_slug>/schedule", methods=["GET", "POST"])
def edit(course_slug: str, run_slug: str):
    now = clock.now()
    current = schedule_service.get_schedule(current_user, course_slug, run_slug, now=now)
    form = ActionForm()
    context = {"schedule": current, "form": form, "plan": None, "problems": [], "errors": {},
               "history": schedule_service.list_changes(current_user, course_slug, run_slug)}
    if request.method == "GET":
        return render_template("schedule/schedule.html", **context)
    if not form.validate_on_submit():
        flash(gettext("That form had expired. Please try again."), "error")
        return redirect(request.path)
    new_dates, shift, errors = _parse_request(current)
    context.update(errors=errors, submitted=request.form)
    if errors:
        return render_template("schedule/schedule.html", **context), 422
    try:
        if request.form.get("action") == "save":
            try:
                plan = schedule_service.apply_change(
                    current_user, course_slug, run_slug, new_dates=new_dates, shift=shift,
                    confirmed_relocks=request.form.get("confirm_relock", ""), now=now)
            except RelockNotConfirmed:
                db.session.rollback()
                errors["confirm_relock"] = gettext("Tick the box to confirm that these learners lose access until the new date.")
            else:
                db.session.commit()
                _flash_saved(plan)
                return redirect(request.path)
        context["plan"] = schedule_service.plan_change(current_user, course_slug, run_slug, new_dates=new_dates, shift=shift,
                                                       now=now)
    except ScheduleInvalid as error:
        context["problems"] = error.problems
        return render_template("schedule/schedule.html", **context), 422
    return render_template("schedule/schedule.html", **context), 422 if errors else 200


def _flash_saved(plan) -> None:
    if not plan.changes:
        flash(gettext("Nothing changed."), "info")
        return
    message = " ".join((ngettext("Saved %(num)d new date.", "Saved %(num)d new dates.", len(plan.changes)),
                        ngettext("%(num)d learner will get one message about it.",
                                 "%(num)d learners will get one message about it.", plan.affected_learners)))
    if plan.relocked:
        modules = ngettext("%(num)d module", "%(num)d modules", len(plan.relocked))
        message += " " + ngettext("%(num)d learner can no longer open %(modules)s until the new date.",
                                  "%(num)d learners can no longer open %(modules)s until the new date.",
                                  plan.learners_losing_access, modules=modules)
    flash(message, "success")
