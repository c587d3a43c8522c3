"""Discussions: following a thread (its button answers with the thread again), and how people
are named beside their posts (filters for the templates: a role's label and a country's name in
the reader's language)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user, login_required

from lms.core import clock
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.discussions.forms.following import FollowForm
from lms.discussions.services import following, names
from lms.discussions.views import bp


@bp.app_template_filter("professional_role")
def professional_role(code: str | None) -> str:
    return names.role_label(code)


@bp.app_template_filter("country_name")
def country_name(code: str | None) -> str:
    return names.country_name(code)


@bp.post("/courses/<course_slug>/discussions/threads/<int:thread_id>/follow")
@login_required
def follow(course_slug: str, thread_id: int):
    form, now = FollowForm(), clock.now()
    if form.validate_on_submit():
        following.set_following(current_user, course_slug, thread_id, follow=form.wanted, now=now)
        db.session.commit()
        flash(gettext("You follow this discussion: new replies reach you under Notifications, and by e-mail as you "
                      "chose in your account.") if form.wanted else gettext("You no longer follow this discussion."),
              "success")
    else:  # nothing done; someone who may not read the thread still gets Not found
        following.readable_thread(current_user, course_slug, thread_id, now=now)
        flash(gettext("That form had expired. Please try again."), "error")
    return redirect(url_for("discussions.thread", course_slug=course_slug, thread_id=thread_id, _anchor="follow"))
