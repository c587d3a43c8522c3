"""The pages of programmes: the list, a programme with the learner's progress, enrolling, the
placement and its supervisor's sign-off page (no account), and the tutors' view of the learners."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.core import clock
from lms.core.errors import DomainError, ValidationError
from lms.core.extensions import db
from lms.core.filters import localdate
from lms.core.forms import ActionForm, show_field_error
from lms.core.i18n import gettext
from lms.core.keyset import Cursor
from lms.core.mail import send_mail_soon
from lms.learning.services.checklist import CLOSED, DONE, TODO, WAITING
from lms.programmes import services
from lms.programmes.forms import PlacementForm, SignOffForm, WorkshopForm

bp = Blueprint("programmes", __name__, template_folder="templates")


@bp.app_template_filter("programme_day")
def programme_day(value: date | None) -> str:
    """A calendar day (a workshop's, a placement's) in the reader's language."""
    if value is None:
        return ""
    return localdate(datetime(value.year, value.month, value.day, 12, tzinfo=UTC), "UTC")


@bp.context_processor
def checklist_states() -> dict:
    """The module checklist's states (learn/_checklist.html), by name: the programme's requirements use them."""
    return {"state": {"done": DONE, "todo": TODO, "waiting": WAITING, "closed": CLOSED}}


def _viewer():
    return current_user if current_user.is_authenticated else None


@bp.get("/programmes")
def index():
    return render_template("programmes/index.html", programmes=services.programme_cards())


@bp.get("/programmes/<slug>")
def programme(slug: str):
    page = services.get_programme_page(slug, _viewer(), now=clock.now())
    return render_template("programmes/programme.html", page=page, progress=page.progress, spec=page.spec,
                           form=ActionForm())


@bp.get("/programmes/<slug>/badge")
def badge_image(slug: str):
    _, spec = services.get_programme(slug)
    path = services.badge_image(spec)
    if not path.is_file():
        abort(404)
    response = Response(path.read_bytes(), mimetype="image/svg+xml" if path.suffix.lower() == ".svg" else "image/png")
    response.cache_control.max_age, response.cache_control.public = 3600, True
    return response


@bp.post("/programmes/<slug>/enrol")
def enrol(slug: str):
    if not current_user.is_authenticated:
        flash(gettext("Log in or create an account to enrol. You will come back here to confirm."), "info")
        return redirect(url_for("auth.login", next=url_for(".programme", slug=slug)))
    if not ActionForm().validate_on_submit():
        flash(gettext("That enrolment form was incomplete or had expired. Please try again."), "error")
        return redirect(url_for(".programme", slug=slug))
    result = services.enrol(current_user, slug, now=clock.now())
    db.session.commit()
    if result.new:
        flash(gettext("You are enrolled in the programme."), "success")
    else:
        flash(gettext("You are already enrolled in this programme."), "info")
    if result.enrolled:
        flash(gettext("Enrolled in the next run of: %(courses)s.", courses=", ".join(result.enrolled)), "success")
    if result.no_run:
        flash(gettext("No run is open yet for: %(courses)s. Enrol in it from this page once one opens.",
                      courses=", ".join(result.no_run)), "info")
    return redirect(url_for(".programme", slug=slug))


def _details(form: PlacementForm) -> services.PlacementDetails:
    return services.PlacementDetails(form.host.data or "", form.starts_on.data or "", form.ends_on.data or "",
                                     form.hours.data or "", form.report.data or "", form.supervisor_name.data or "",
                                     form.supervisor_email.data or "")


def _send_link(row, token: str) -> None:
    to, subject, text = services.supervisor_letter(row, token)
    send_mail_soon(to, subject, text)


@bp.route("/programmes/<slug>/placement", methods=["GET", "POST"])
@login_required
def placement(slug: str):
    page = services.get_programme_page(slug, current_user, now=clock.now())
    existing = page.progress.placement
    if page.spec.placement is None or page.progress.enrolment is None:
        abort(404)
    form = PlacementForm(obj=existing) if request.method == "GET" else PlacementForm()
    status = 200
    if existing is not None and existing.status == "signed_off":
        return render_template("programmes/placement.html", page=page, form=None, placement=existing)
    if form.validate_on_submit():
        try:
            row, token = services.save_placement(current_user, slug, _details(form), now=clock.now())
        except ValidationError as error:
            db.session.rollback()
            show_field_error(form, error)
            status = 422
        else:
            db.session.commit()
            _send_link(row, token)
            flash(gettext("Your placement is saved. We sent your supervisor a link to sign it off."), "success")
            return redirect(url_for(".programme", slug=slug) + "#placement")
    elif request.method == "POST":
        status = 422
    return render_template("programmes/placement.html", page=page, form=form, placement=existing), status


@bp.post("/programmes/<slug>/placement/resend")
@login_required
def resend(slug: str):
    if not ActionForm().validate_on_submit():
        flash(gettext("The form has expired: try again."), "error")
        return redirect(url_for(".programme", slug=slug) + "#placement")
    try:
        row, token = services.resend_link(current_user, slug, now=clock.now())
    except DomainError as error:
        if error.http_status == 404:
            raise
        flash(str(error), "info")
        return redirect(url_for(".programme", slug=slug) + "#placement")
    db.session.commit()
    _send_link(row, token)
    flash(gettext("We sent your supervisor a fresh link; the one sent before no longer works."), "success")
    return redirect(url_for(".programme", slug=slug) + "#placement")


@bp.route("/programmes/placements/sign/<token>", methods=["GET", "POST"])
def sign_off(token: str):
    """The supervisor's page, reached from their e-mail without an account."""
    now = clock.now()
    page = services.sign_off_page(token, now=now)
    form = SignOffForm()
    if page.state == services.OPEN and form.validate_on_submit():
        try:
            page = services.decide_placement(token, sign_off=bool(form.sign_off.data), comment=form.comment.data or "",
                                             now=now)
        except ValidationError as error:
            db.session.rollback()
            form.comment.errors = [*form.comment.errors, str(error)]
            return render_template("programmes/sign_off.html", page=page, form=form, done=False), 422
        db.session.commit()
        return render_template("programmes/sign_off.html", page=page, form=None, done=True)
    status = {services.OPEN: 200, services.USED: 410, services.EXPIRED: 410, services.UNKNOWN: 404}[page.state]
    if page.state == services.OPEN and request.method == "POST":
        status = 422
    return render_template("programmes/sign_off.html", page=page, form=form, done=False), status


@bp.get("/programmes/<slug>/learners")
@login_required
def learners(slug: str):
    view = services.list_learners(current_user, slug, Cursor.from_args(request.args))
    return render_template("programmes/learners.html", view=view)


@bp.route("/programmes/<slug>/learners/<int:learner_id>/workshop", methods=["GET", "POST"])
@login_required
def workshop(slug: str, learner_id: int):
    programme, _ = services.taught_programme(current_user, slug)
    form, status = WorkshopForm(), 200
    if form.validate_on_submit():
        try:
            new = services.confirm_workshop(current_user, slug, learner_id, title=form.title.data,
                                            attended_on=form.attended_on.data, now=clock.now())
        except ValidationError as error:
            db.session.rollback()
            show_field_error(form, error)
            status = 422
        else:
            db.session.commit()
            flash(gettext("The workshop is confirmed.") if new else gettext("That workshop was confirmed already."),
                  "success" if new else "info")
            return redirect(url_for(".learners", slug=slug))
    elif request.method == "POST":
        status = 422
    names = services.learner_name(programme, learner_id)
    return render_template("programmes/workshop.html", programme=programme, learner_name=names, form=form,
                           learner_id=learner_id), status
