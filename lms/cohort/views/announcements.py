"""A run's announcements for its tutors: the list, writing one, its preview (rendered, with the number
of recipients), sending it now or at a time, changing or cancelling it before it goes."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.cohort.forms.announcements import AnnouncementForm, ScheduleForm
from lms.cohort.services import announcements as service
from lms.cohort.services.access import taught_run
from lms.cohort.services.learners import STATUSES, LearnerFilter
from lms.cohort.views import bp
from lms.core import clock
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.filters import localinput, localtime
from lms.core.forms import ActionForm, show_field_error
from lms.core.i18n import gettext, is_language, ngettext
from lms.core.keyset import Cursor

BASE = "/tutor/courses/<course_slug>/runs/<run_slug>/announcements"
ONE = BASE + "/<int:announcement_id>"


def _to(course_slug: str, run_slug: str, announcement_id: int | None = None):
    if announcement_id is None:
        return redirect(url_for("cohort.announcements", course_slug=course_slug, run_slug=run_slug))
    return redirect(url_for("cohort.announcement", course_slug=course_slug, run_slug=run_slug, announcement_id=announcement_id))


@bp.get(BASE)
@login_required
def announcements(course_slug: str, run_slug: str):
    found = service.list_announcements(current_user, course_slug, run_slug, cursor=Cursor.from_args(request.args))
    return render_template("cohort/announcements.html", found=found, course=found.taught.course, run=found.taught.run,
                           statuses=STATUSES)


@bp.route(BASE + "/new", methods=["GET", "POST"])
@login_required
def new_announcement(course_slug: str, run_slug: str):
    taught = taught_run(current_user, course_slug, run_slug)
    form = AnnouncementForm()
    if request.method == "GET":  # "write to these learners" from the learner list keeps its filter
        chosen = LearnerFilter.from_args(request.args)
        form.status.data, form.search.data = chosen.status, chosen.search
        if is_language(taught.course.language):  # tutors mostly write in the course's language
            form.language.data = taught.course.language
    elif form.validate_on_submit():
        try:
            announcement_id = service.save_new(current_user, course_slug, run_slug, token=form.token.data or "",
                                               draft=form.draft(), now=clock.now())
        except ValidationError as error:
            db.session.rollback()
            _show_error(form, error)
        except service.AlreadySent as error:
            db.session.rollback()
            flash(str(error), "error")
            return _to(course_slug, run_slug, error.announcement_id)
        else:
            db.session.commit()
            return _to(course_slug, run_slug, announcement_id)
    else:
        _said_if_expired(form)
    status = 422 if request.method == "POST" else 200
    return render_template("cohort/announcement_form.html", form=form, course=taught.course, run=taught.run,
                           announcement=None), status


def _show_error(form: AnnouncementForm, error: ValidationError) -> None:
    """A field's complaint next to it; the hidden token's on top of the page, the form keeping what
    was typed with a fresh token, so that pressing the button again works."""
    if error.field == "token":
        form.token.data = form.token.default()
        flash(str(error), "error")
    else:
        show_field_error(form, error)


def _said_if_expired(form: AnnouncementForm) -> None:
    """A refused form whose only faults are in its hidden fields (a page left open too long, a mangled
    token): said on top, with a fresh token."""
    if request.method == "POST" and form.errors and set(form.errors) <= {"csrf_token", "token"}:
        form.token.data = form.token.default()
        flash(gettext("That form had expired. Please try again."), "error")


@bp.route(ONE + "/edit", methods=["GET", "POST"])
@login_required
def edit_announcement(course_slug: str, run_slug: str, announcement_id: int):
    page = service.get_announcement(current_user, course_slug, run_slug, announcement_id, now=clock.now())
    if page.state == "sent":
        flash(gettext("This announcement has already been sent: it can no longer be changed."), "info")
        return _to(course_slug, run_slug, announcement_id)
    form = AnnouncementForm()
    if request.method == "GET":
        form.fill(page.announcement)
    elif form.validate_on_submit():
        try:
            service.update_draft(current_user, course_slug, run_slug, announcement_id, draft=form.draft(), now=clock.now())
        except ValidationError as error:
            db.session.rollback()
            show_field_error(form, error)
        except service.AlreadySent as error:
            db.session.rollback()
            flash(str(error), "info")
            return _to(course_slug, run_slug, announcement_id)
        else:
            db.session.commit()
            flash(gettext("Your changes are saved. Check the preview before it goes."), "success")
            return _to(course_slug, run_slug, announcement_id)
    else:
        _said_if_expired(form)
    status = 422 if request.method == "POST" else 200
    return render_template("cohort/announcement_form.html", form=form, course=page.taught.course, run=page.taught.run,
                           announcement=page.announcement), status


@bp.get(ONE)
@login_required
def announcement(course_slug: str, run_slug: str, announcement_id: int):
    return _preview(course_slug, run_slug, announcement_id, ScheduleForm())


def _preview(course_slug: str, run_slug: str, announcement_id: int, schedule_form: ScheduleForm, status: int = 200):
    page = service.get_announcement(current_user, course_slug, run_slug, announcement_id, now=clock.now())
    if page.announcement.scheduled_for and not schedule_form.send_at.data:
        schedule_form.send_at.data = localinput(page.announcement.scheduled_for)
    return render_template("cohort/announcement.html", page=page, course=page.taught.course, run=page.taught.run,
                           schedule_form=schedule_form, action=ActionForm(), statuses=STATUSES), status


def _expired(course_slug: str, run_slug: str, announcement_id: int):
    """A button whose form had expired: nothing done (a wrong tutor still learns nothing: 404)."""
    service.get_announcement(current_user, course_slug, run_slug, announcement_id, now=clock.now())
    flash(gettext("That form had expired. Please try again."), "error")
    return _to(course_slug, run_slug, announcement_id)


@bp.post(ONE + "/send")
@login_required
def send_announcement(course_slug: str, run_slug: str, announcement_id: int):
    if not ActionForm().validate_on_submit():
        return _expired(course_slug, run_slug, announcement_id)
    recipients = service.send_now(current_user, course_slug, run_slug, announcement_id, now=clock.now())
    db.session.commit()
    if recipients is None:
        flash(gettext("This announcement had already been sent; it was not sent again."), "info")
    else:
        flash(ngettext("Sent to %(num)d learner.", "Sent to %(num)d learners.", recipients), "success")
    return _to(course_slug, run_slug, announcement_id)


@bp.post(ONE + "/schedule")
@login_required
def schedule_announcement(course_slug: str, run_slug: str, announcement_id: int):
    form = ScheduleForm()
    at = form.when(current_user.timezone) if form.validate_on_submit() else None
    if at is None:
        if not form.errors:  # the CSRF token alone was wrong
            return _expired(course_slug, run_slug, announcement_id)
        return _preview(course_slug, run_slug, announcement_id, form, 422)
    try:
        service.schedule(current_user, course_slug, run_slug, announcement_id, at=at, now=clock.now())
    except ValidationError as error:
        db.session.rollback()
        show_field_error(form, error)
        return _preview(course_slug, run_slug, announcement_id, form, 422)
    except service.AlreadySent as error:
        db.session.rollback()
        flash(str(error), "info")
        return _to(course_slug, run_slug, announcement_id)
    db.session.commit()
    flash(gettext("Scheduled: it goes on %(when)s to the learners who match then.", when=localtime(at)), "success")
    return _to(course_slug, run_slug, announcement_id)


@bp.post(ONE + "/cancel")
@login_required
def cancel_announcement(course_slug: str, run_slug: str, announcement_id: int):
    if not ActionForm().validate_on_submit():
        return _expired(course_slug, run_slug, announcement_id)
    try:
        service.cancel_schedule(current_user, course_slug, run_slug, announcement_id, now=clock.now())
    except service.AlreadySent as error:
        db.session.rollback()
        flash(str(error), "info")
        return _to(course_slug, run_slug, announcement_id)
    db.session.commit()
    flash(gettext("No longer scheduled: it is a draft again, sent only if you send it."), "success")
    return _to(course_slug, run_slug, announcement_id)


@bp.post(ONE + "/delete")
@login_required
def delete_announcement(course_slug: str, run_slug: str, announcement_id: int):
    if not ActionForm().validate_on_submit():
        return _expired(course_slug, run_slug, announcement_id)
    try:
        service.delete_draft(current_user, course_slug, run_slug, announcement_id)
    except service.AlreadySent as error:
        db.session.rollback()
        flash(str(error), "info")
        return _to(course_slug, run_slug, announcement_id)
    db.session.commit()
    flash(gettext("The draft is deleted."), "success")
    return _to(course_slug, run_slug)
