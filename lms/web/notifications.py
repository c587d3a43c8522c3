"""The bell: the in-app list of notifications, and the private calendar feed."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms import clock
from lms.extensions import db
from lms.ical import Event, calendar
from lms.services import calendar as calendar_service
from lms.services import notifications
from lms.urls import external_url
from lms.web.forms import ActionForm, form_int

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
@login_required
def index():
    items = notifications.list_notifications(current_user)
    return render_template("notifications/index.html", items=items, form=ActionForm())


@bp.post("/notifications/read")
@login_required
def mark_read():
    if not ActionForm().validate_on_submit():
        flash("That form had expired. Please try again.", "error")
        return redirect(url_for("notifications.index"))
    only = form_int(request.form.get("id"))
    ids = [only] if only is not None else None
    notifications.mark_read(current_user, ids, now=clock.now())
    db.session.commit()
    return redirect(url_for("notifications.index"))


@bp.get("/calendar/<token>.ics")
def feed(token: str):
    """Private by its secret URL: calendar apps cannot log in."""
    user = calendar_service.user_for_calendar(token)
    now = clock.now()
    events = [
        Event(
            uid=item.uid, start=item.start, summary=item.summary,
            url=external_url("learn.module", course_slug=item.course_slug, module_slug=item.module_slug)
            if item.module_slug else external_url("catalog.course", course_slug=item.course_slug),
        )
        for item in calendar_service.calendar_items(user, now=now)
    ]
    body = calendar(f"{user.name}: courses", events, now=now)
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, max-age=900"})
