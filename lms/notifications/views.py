"""The bell: the in-app list of notifications."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.core import clock
from lms.core.extensions import db
from lms.core.forms import ActionForm, form_int
from lms.core.i18n import gettext
from lms.notifications import services as notifications

bp = Blueprint("notifications", __name__, template_folder="templates")


@bp.get("/notifications")
@login_required
def index():
    items = notifications.list_notifications(current_user)
    return render_template("notifications/index.html", items=items, form=ActionForm())


@bp.post("/notifications/read")
@login_required
def mark_read():
    if not ActionForm().validate_on_submit():
        flash(gettext("That form had expired. Please try again."), "error")
        return redirect(url_for("notifications.index"))
    only = form_int(request.form.get("id"))
    ids = [only] if only is not None else None
    notifications.mark_read(current_user, ids, now=clock.now())
    db.session.commit()
    return redirect(url_for("notifications.index"))
