"""A run's enrolments for its tutors, under /tutor/courses/<course>/runs/<run>/enrolments, and the
page an invitation's link opens (/invitations/<token>, for someone who may have no account yet).

Each tutor's route asks the services first, so a tutor of another course gets 404 before any
form is looked at; then the view parses the form, calls one service, commits once, renders."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user

from lms.core import clock
from lms.core.errors import ValidationError
from lms.core.extensions import db, login_manager
from lms.core.forms import ActionForm, show_field_error
from lms.core.i18n import gettext
from lms.core.keyset import Cursor
from lms.roster import services
from lms.roster.forms import DeadlineForm, InvitationForm, MoveForm, UploadForm

bp = Blueprint("roster", __name__, template_folder="templates")

RUN = "/tutor/courses/<course_slug>/runs/<run_slug>/enrolments"
LEARNER = RUN + "/<int:user_id>"


@bp.before_request
def require_login():
    """Every tutor's page needs a log-in; the services check the course. An invitation is opened
    by people who may have no account yet."""
    if request.endpoint != "roster.invitation" and not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def _search() -> str:
    return "".join(character for character in request.args.get("q", "") if character.isprintable())


def _roster_page(course_slug: str, run_slug: str, form: UploadForm, status: int = 200):
    page = services.roster_page(current_user, course_slug, run_slug, now=clock.now(), search=_search(),
                                people=Cursor.from_args(request.args, "p_"), invitations=Cursor.from_args(request.args, "i_"))
    return render_template("roster/index.html", page=page, form=form, course=page.taught.course, run=page.taught.run,
                           max_attempts=services.MAX_ATTEMPTS), status


@bp.get(RUN)
def index(course_slug: str, run_slug: str):
    return _roster_page(course_slug, run_slug, UploadForm())


@bp.post(RUN + "/upload")
def upload(course_slug: str, run_slug: str):
    services.taught_run(current_user, course_slug, run_slug)
    form = UploadForm()
    if not form.validate_on_submit():
        return _roster_page(course_slug, run_slug, form, 422)
    try:
        data = form.file.data.stream.read(services.MAX_BYTES + 1)
    finally:
        form.file.data.close()  # a large upload sits in a temporary file: let it go at once
    try:
        result = services.enrol_from_file(current_user, course_slug, run_slug, data, now=clock.now())
    except ValidationError as error:
        db.session.rollback()
        show_field_error(form, error)
        return _roster_page(course_slug, run_slug, form, 422)
    db.session.commit()
    return render_template("roster/result.html", result=result, course=result.taught.course, run=result.taught.run)


def _learner_page(found, *, deadline: DeadlineForm | None = None, move: MoveForm | None = None, status: int = 200):
    language, window = found.taught.course.language, found.deadline_window
    move = move or MoveForm()
    move.run.choices = [(other.slug, other.title, {"lang": language}) for other in found.destinations]
    if deadline is None:
        deadline = DeadlineForm(day=window.given.isoformat() if window.given else None)
    if window.first:
        deadline.day.description = gettext("The end of that day on the run's clock (%(zone)s): a day after the run ends, "
                                           "within a year.", zone=window.zone)
        deadline.day.render_kw = {"type": "date", "min": window.first.isoformat(), "max": window.last.isoformat()}
    return render_template("roster/learner.html", found=found, course=found.taught.course, run=found.taught.run,
                           deadline=deadline, move=move, action=ActionForm()), status


def _to_learner(course_slug: str, run_slug: str, user_id: int):
    return redirect(url_for(".learner", course_slug=course_slug, run_slug=run_slug, user_id=user_id))


@bp.get(LEARNER)
def learner(course_slug: str, run_slug: str, user_id: int):
    return _learner_page(services.learner_enrolment(current_user, course_slug, run_slug, user_id))


@bp.route(LEARNER + "/unenrol", methods=["GET", "POST"])
def unenrol(course_slug: str, run_slug: str, user_id: int):
    """GET asks to confirm; the POST of that page unenrols."""
    found = services.learner_enrolment(current_user, course_slug, run_slug, user_id)
    form = ActionForm()
    if not form.validate_on_submit():
        return render_template("roster/unenrol.html", found=found, course=found.taught.course, run=found.taught.run,
                               form=form)
    found, changed = services.unenrol_learner(current_user, course_slug, run_slug, user_id, now=clock.now())
    db.session.commit()
    flash(gettext("%(name)s is no longer enrolled in this run. Their work is kept: enrol them again to give it back.",
                  name=found.learner.name) if changed else gettext("%(name)s was not enrolled in this run.", name=found.learner.name),
          "success" if changed else "info")
    return _to_learner(course_slug, run_slug, user_id)


@bp.post(LEARNER + "/reenrol")
def reenrol(course_slug: str, run_slug: str, user_id: int):
    services.learner_enrolment(current_user, course_slug, run_slug, user_id)
    if ActionForm().validate_on_submit():
        found, changed = services.reenrol_learner(current_user, course_slug, run_slug, user_id, now=clock.now())
        db.session.commit()
        flash(gettext("%(name)s is enrolled again, with all their work.", name=found.learner.name) if changed
              else gettext("%(name)s is already enrolled in this run.", name=found.learner.name), "success" if changed else "info")
    return _to_learner(course_slug, run_slug, user_id)


@bp.post(LEARNER + "/deadline")
def deadline(course_slug: str, run_slug: str, user_id: int):
    found = services.learner_enrolment(current_user, course_slug, run_slug, user_id)
    form = DeadlineForm()
    removing = request.form.get("action") == "remove"
    if not removing and not form.validate_on_submit():
        return _learner_page(found, deadline=form, status=422)
    if removing and not ActionForm().validate_on_submit():
        return _to_learner(course_slug, run_slug, user_id)
    try:
        found, changed = services.give_deadline(current_user, course_slug, run_slug, user_id,
                                                day=None if removing else form.day.day, now=clock.now())
    except ValidationError as error:
        db.session.rollback()
        show_field_error(form, error)
        return _learner_page(found, deadline=form, status=422)
    db.session.commit()
    if removing:
        flash(gettext("%(name)s has no personal deadline now: the run's end applies.", name=found.learner.name), "success")
    else:
        flash(gettext("%(name)s may go on working until their personal deadline.", name=found.learner.name) if changed
              else gettext("Nothing changed."), "success" if changed else "info")
    return _to_learner(course_slug, run_slug, user_id)


@bp.post(LEARNER + "/move")
def move(course_slug: str, run_slug: str, user_id: int):
    found = services.learner_enrolment(current_user, course_slug, run_slug, user_id)
    form = MoveForm()
    if not form.validate_on_submit():
        return _learner_page(found, move=form, status=422)
    try:
        found, target = services.move_learner(current_user, course_slug, run_slug, user_id, to_run=form.run.data,
                                              now=clock.now())
    except ValidationError as error:
        db.session.rollback()
        show_field_error(form, error)
        return _learner_page(found, move=form, status=422)
    db.session.commit()
    flash(gettext("%(name)s is now in the run %(run)s, with their progress and work.", name=found.learner.name,
                  run=target.title), "success")
    return _to_learner(course_slug, target.slug, user_id)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """The link of an invitation e-mail: create the account and join, or join with the account
    that has the address. A link not ours, used or expired gets its own page (404, 410)."""
    now = clock.now()
    opened = services.open_invitation(token, now=now)
    if current_user.is_authenticated:
        join = ActionForm()
        if opened.is_for(current_user) and join.validate_on_submit():
            opened = services.accept_as(current_user, token, now=now)
            db.session.commit()
            flash(gettext("You are enrolled. Welcome to the course!"), "success")
            return redirect(url_for("catalog.course", course_slug=opened.course.slug))
        return render_template("roster/invitation.html", opened=opened, join=join, form=None)
    form = InvitationForm()
    if not opened.account_exists and form.validate_on_submit():
        try:
            user, opened, login_token = services.accept_with_new_account(
                token, name=form.name.data, password=form.password.data, timezone=form.timezone.data,
                language=form.language.data, now=now)
        except ValidationError as error:
            db.session.rollback()
            show_field_error(form, error)
        else:
            db.session.commit()
            session["login"] = login_token
            login_user(user)
            flash(gettext("Welcome, %(name)s! You are enrolled in the course.", name=user.name), "success")
            return redirect(url_for("catalog.course", course_slug=opened.course.slug))
    return render_template("roster/invitation.html", opened=opened, form=form, join=None,
                           guess_timezone=not form.is_submitted()), 422 if form.errors else 200

