"""Running the site from the browser, under /admin: accounts and roles, course staff, the audit
log, site settings. Everything here is for administrators only: anyone else, signed in or not,
gets 404, before any form is read, so the pages do not reveal that they exist. Destructive
actions (taking a role away, deactivating) first show a page that asks to confirm."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from lms.accounts import services as accounts
from lms.admin.forms import AuditFilterForm, DeactivateForm, RunForm, SettingsForm, StaffForm, TutorForm, TwoFactorOffForm
from lms.admin.services import audit_log, settings, staff as course_staff, users
from lms.admin.services import courses as admin_courses
from lms.core import clock
from lms.core.errors import TooManyAttempts, ValidationError
from lms.core.extensions import db
from lms.core.forms import ActionForm, show_field_error
from lms.core.i18n import gettext, ngettext
from lms.core.keyset import Cursor
from lms.core.spreadsheet import MEDIA_TYPE, attachment
from lms.core.urls import external_url

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

USER = "/users/<int:user_id>"


@bp.before_request
def administrators_only():
    """404, not 403: to anyone else these pages do not exist."""
    if not (current_user.is_authenticated and current_user.is_admin):
        abort(404)


def _search() -> str:
    return "".join(character for character in request.args.get("q", "") if character.isprintable())[:200]


@bp.get("/")
def home():
    return render_template("admin/home.html")


@bp.get("/users")
def user_list():
    search = _search()
    found = users.search_users(search, Cursor.from_args(request.args))
    return render_template("admin/users.html", found=found, search=search)


def _user_page(user_id: int, *, tutor: TutorForm | None = None, status: int = 200):
    detail = users.user_detail(user_id)
    tutor = tutor or TutorForm()
    taught = {course.id for course in detail.teaches}
    tutor.course.choices = [("", gettext("Choose a course"))] + [
        (str(course.id), course.title, {"lang": course.language})
        for course in course_staff.all_courses() if course.id not in taught]
    return render_template("admin/user.html", detail=detail, user=detail.user, tutor=tutor, action=ActionForm(),
                           is_self=detail.user.id == current_user.id), status


@bp.get(USER)
def user(user_id: int):
    return _user_page(user_id)


def _done(user_id: int, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("admin.user", user_id=user_id))


def _refused(user_id: int, error: ValidationError):
    db.session.rollback()
    flash(str(error), "error")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post(USER + "/admin")
def grant_admin(user_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    users.set_admin(current_user, user_id, admin=True, now=clock.now())
    return _done(user_id, gettext("This account is now an administrator."))


@bp.route(USER + "/admin/remove", methods=["GET", "POST"])
def revoke_admin(user_id: int):
    detail, form = users.user_detail(user_id), ActionForm()
    if form.validate_on_submit():
        try:
            users.set_admin(current_user, user_id, admin=False, now=clock.now())
        except ValidationError as error:
            return _refused(user_id, error)
        return _done(user_id, gettext("This account is no longer an administrator."))
    return render_template("admin/confirm.html", form=form, user=detail.user, what="revoke_admin",
                           back=url_for("admin.user", user_id=user_id))


@bp.post(USER + "/tutor")
def grant_tutor(user_id: int):
    users.get_user(user_id)
    form = TutorForm()
    if not form.validate_on_submit():
        return _user_page(user_id, tutor=form, status=422)
    try:
        users.set_tutor(current_user, user_id, form.course_id() or 0, tutor=True, now=clock.now())
        db.session.commit()
    except ValidationError as error:
        db.session.rollback()
        show_field_error(form, error)
        return _user_page(user_id, tutor=form, status=422)
    except IntegrityError:  # a double click: the first one made them tutor
        db.session.rollback()
    flash(gettext("This person now tutors the course."), "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.route(USER + "/tutor/<int:course_id>/remove", methods=["GET", "POST"])
def revoke_tutor(user_id: int, course_id: int):
    detail, form = users.user_detail(user_id), ActionForm()
    course = course_staff.get_course(course_id)
    back = request.args.get("back") == "staff"
    if form.validate_on_submit():
        users.set_tutor(current_user, user_id, course_id, tutor=False, now=clock.now())
        db.session.commit()
        flash(gettext("%(name)s no longer tutors %(course)s.", name=detail.user.name, course=course.title), "success")
        return redirect(url_for("admin.staff", course_id=course_id) if back else url_for("admin.user", user_id=user_id))
    return render_template("admin/confirm.html", form=form, user=detail.user, course=course, what="revoke_tutor",
                           back=url_for("admin.staff", course_id=course_id) if back else url_for("admin.user", user_id=user_id))


@bp.route(USER + "/deactivate", methods=["GET", "POST"])
def deactivate(user_id: int):
    detail, form = users.user_detail(user_id), DeactivateForm()
    if form.validate_on_submit():
        try:
            users.deactivate(current_user, user_id, reason=form.reason.data or "", now=clock.now())
        except ValidationError as error:
            return _refused(user_id, error)
        return _done(user_id, gettext("The account is deactivated and its sessions are ended."))
    return render_template("admin/confirm.html", form=form, user=detail.user, what="deactivate",
                           back=url_for("admin.user", user_id=user_id)), 422 if form.errors else 200


@bp.post(USER + "/reactivate")
def reactivate(user_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    users.reactivate(current_user, user_id, now=clock.now())
    return _done(user_id, gettext("The account is active again."))


@bp.route(USER + "/two-factor/off", methods=["GET", "POST"])
def two_factor_off(user_id: int):
    detail, form = users.user_detail(user_id), TwoFactorOffForm()
    if form.validate_on_submit():
        try:
            user = users.turn_off_two_factor(current_user, user_id, reason=form.reason.data or "", now=clock.now())
        except ValidationError as error:
            db.session.rollback()
            show_field_error(form, error)
        else:
            db.session.commit()
            accounts.tell_two_factor_turned_off(user)
            flash(gettext("Two-factor sign-in is off for %(name)s, and their sessions are ended.", name=user.name), "success")
            return redirect(url_for("admin.user", user_id=user_id))
    return render_template("admin/confirm.html", form=form, user=detail.user, what="two_factor_off",
                           back=url_for("admin.user", user_id=user_id)), 422 if form.errors else 200


@bp.post(USER + "/password-reset")
def password_reset(user_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        user, token = users.start_password_reset(current_user, user_id, secret_key=current_app.config["SECRET_KEY"],
                                                 now=clock.now())
    except TooManyAttempts as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("admin.user", user_id=user_id))
    db.session.commit()
    accounts.send_reset_link(user, external_url("auth.reset_password", token=token),
                             max_age_seconds=current_app.config["PASSWORD_RESET_MAX_AGE_SECONDS"])
    flash(gettext("A link to choose a new password was sent to %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.get("/courses")
def courses():
    return render_template("admin/courses.html", courses=course_staff.courses_with_tutors(),
                           sync=admin_courses.sync_state(), action=ActionForm())


@bp.route("/courses/<int:course_id>/staff", methods=["GET", "POST"])
def staff(course_id: int):
    course, form = course_staff.get_course(course_id), StaffForm()
    if form.validate_on_submit():
        try:
            added = users.set_tutor_by_email(current_user, form.email.data, course.id, now=clock.now())
            db.session.commit()
        except ValidationError as error:
            db.session.rollback()
            show_field_error(form, error)
        except IntegrityError:  # a double click: the first one made them tutor
            db.session.rollback()
            return redirect(url_for("admin.staff", course_id=course.id))
        else:
            flash(gettext("%(name)s now tutors %(course)s.", name=added.name, course=course.title), "success")
            return redirect(url_for("admin.staff", course_id=course.id))
    return render_template("admin/staff.html", course=course, tutors=course_staff.tutors_of(course.id), form=form,
                           ), 422 if form.errors else 200


def _audit_filter() -> tuple[AuditFilterForm, audit_log.AuditFilter | None]:
    form = AuditFilterForm(request.args)
    if request.args and not form.validate():
        return form, None
    return form, audit_log.AuditFilter(action=form.action.data or "", actor=form.actor.data or "",
                                       subject=form.subject.data or "", since=getattr(form.since, "day", None),
                                       until=getattr(form.until, "day", None))


@bp.get("/audit")
def audit():
    form, chosen = _audit_filter()
    page = audit_log.audit_page(chosen, Cursor.from_args(request.args)) if chosen else audit_log.NO_ROWS
    return render_template("admin/audit.html", form=form, page=page, chosen=chosen), 422 if form.errors else 200


@bp.get("/audit.csv")
def audit_csv():
    form, chosen = _audit_filter()
    if chosen is None:
        abort(400)
    return Response(audit_log.audit_csv(chosen), content_type=MEDIA_TYPE,
                    headers={"Content-Disposition": attachment("audit.csv"),
                             "Cache-Control": "private, no-store"})  # names and addresses: kept by no cache


@bp.route("/settings", methods=["GET", "POST"])
def site_settings():
    form = SettingsForm(data=settings.current_settings()) if request.method == "GET" else SettingsForm()
    if form.validate_on_submit():
        changed = settings.save_settings(current_user, {"site_name": form.site_name.data,
                                                        "privacy_text": form.privacy_text.data or "",
                                                        "default_language": form.default_language.data}, now=clock.now())
        db.session.commit()
        flash(gettext("Settings saved.") if changed else gettext("Nothing changed."), "success")
        return redirect(url_for("admin.site_settings"))
    return render_template("admin/settings.html", form=form), 422 if form.errors else 200


# The course files' sync, a course's runs and problems, a new run.
@bp.post("/courses/sync")
def sync_courses():
    if not ActionForm().validate_on_submit():
        flash(gettext("The form expired: press the button again."), "error")
        return redirect(url_for("admin.courses"))
    try:
        record = admin_courses.run_sync(current_user, current_app.config, now=clock.now())
        db.session.commit()
    except IntegrityError:  # a second click while the first sync was importing: that one did the work
        db.session.rollback()
        return redirect(url_for("admin.courses"))
    if record.ok:
        changed = sum(record.changes.get(key, 0) for key in ("created", "updated", "archived"))
        flash(ngettext("The course files were imported: %(num)d change.",
                       "The course files were imported: %(num)d changes.", changed), "success")
    else:
        problems = len(record.problems.splitlines())
        flash(ngettext("Nothing was imported: the course files have %(num)d problem (listed below).",
                       "Nothing was imported: the course files have %(num)d problems (listed below).", problems), "error")
    return redirect(url_for("admin.courses"))


@bp.get("/courses/<int:course_id>")
def course(course_id: int):
    course = admin_courses.get_course(course_id)
    state = admin_courses.sync_state()
    return render_template("admin/course.html", course=course, runs=admin_courses.runs_of(course),
                           problems=admin_courses.problems_of(state, course))


@bp.route("/courses/<int:course_id>/runs/new", methods=["GET", "POST"])
def new_run(course_id: int):
    course = admin_courses.get_course(course_id)
    form = RunForm(data=admin_courses.run_defaults(course)) if not RunForm().is_submitted() else RunForm()
    if form.validate_on_submit():
        starts_at, ends_at = form.window()
        release = {name: getattr(form, name).data
                   for name in ("release_mode", "release_initial", "release_batch", "release_every_days")}
        try:
            run = admin_courses.create_run(current_user, course, slug=form.slug.data, title=form.title.data,
                                           timezone=form.timezone.data, starts_at=starts_at, ends_at=ends_at,
                                           release=release, now=clock.now())
            db.session.commit()
        except ValidationError as error:
            db.session.rollback()
            show_field_error(form, error)
        except IntegrityError:  # a double click: the first one made the run
            db.session.rollback()
            return redirect(url_for("admin.course", course_id=course.id))
        else:
            flash(gettext("The run “%(title)s” was created.", title=run.title), "success")
            return redirect(url_for("admin.course", course_id=course.id))
    return render_template("admin/run_new.html", course=course, form=form), 422 if form.errors else 200
