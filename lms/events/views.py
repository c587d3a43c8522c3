"""The pages of events (bp "events"): the list and each event's page for everyone; registering,
cancelling, the attendance code and feedback for people signed in; creating and editing events,
registrations (attendance, CSV), a message to everyone registered, the code to show and the
feedback results for organisers (administrators and tutors; anyone else gets 404)."""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.core import clock
from lms.core.errors import TooManyAttempts, ValidationError
from lms.core.extensions import db
from lms.core.forms import ActionForm, form_int, show_field_error
from lms.core.i18n import current_language, gettext, ngettext
from lms.core.render import render_markdown
from lms.core.spreadsheet import MEDIA_TYPE, attachment
from lms.events import services
from lms.events.forms import CodeForm, EventForm, FeedbackForm, MessageForm

bp = Blueprint("events", __name__, template_folder="templates")

def status_labels() -> dict[str, str]:
    return {"registered": gettext("Holds a place"), "waiting": gettext("On the waiting list"),
            "cancelled": gettext("Cancelled")}


@lru_cache(maxsize=256)
def _description(event_id: int, updated_at, text: str) -> str:
    return render_markdown(text, media=False)


def _user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def _organiser() -> bool:
    """What the header knows already (the session's user row says admin or tutor): no query."""
    return current_user.is_authenticated and bool(current_user.is_admin or current_user.is_tutor_anywhere)


def _organiser_event(ref: str):
    services.check_organiser(current_user if current_user.is_authenticated else None)
    return services.find_event(ref)


@bp.get("/events")
def index():
    past = request.args.get("when") == "past"
    listing = services.list_events(kind=request.args.get("kind"), past=past, page=form_int(request.args.get("page")) or 1,
                                   now=clock.now())
    return render_template("events/index.html", listing=listing, kinds=services.KIND_LABELS,
                           organiser=_organiser())


def _event_page(event, *, code_form=None, feedback_form=None, status: int = 200):
    now = clock.now()
    user_id = _user_id()
    standing = services.standing(event, user_id)
    page = {
        "event": event, "standing": standing, "now": now, "kinds": services.KIND_LABELS,
        "state": services.registration_state(event, now=now), "taken": services.places_taken([event.id]).get(event.id, 0),
        "description": _description(event.id, event.updated_at, event.description or ""),
        "code_open": services.code_open(event, now=now), "action": ActionForm(),
        "code_form": code_form or CodeForm(), "feedback_form": feedback_form or FeedbackForm(),
        "can_give_feedback": services.can_give_feedback(event, user_id, now=now),
        "organiser": _organiser(),
    }
    return render_template("events/event.html", **page), status


@bp.get("/events/<ref>")
def event(ref: str):
    return _event_page(services.find_event(ref))


@bp.post("/events/<ref>/register")
@login_required
def register(ref: str):
    event = services.find_event(ref)
    if not ActionForm().validate_on_submit():
        return _event_page(event, status=400)
    standing = services.register(event, current_user.id, now=clock.now())
    db.session.commit()
    if standing.registered:
        flash(gettext("You have a place. The invitation for your calendar is on its way by e-mail."), "success")
    else:
        flash(gettext("The event is full: you are number %(num)d on the waiting list.", num=standing.position or 1), "info")
    return redirect(url_for("events.event", ref=event.slug))


@bp.post("/events/<ref>/cancel")
@login_required
def cancel(ref: str):
    event = services.find_event(ref)
    if not ActionForm().validate_on_submit():
        return _event_page(event, status=400)
    services.cancel(event, current_user.id, now=clock.now())
    db.session.commit()
    flash(gettext("Your registration is cancelled."), "success")
    return redirect(url_for("events.event", ref=event.slug))


@bp.post("/events/<ref>/code")
@login_required
def code(ref: str):
    event = services.find_event(ref)
    form = CodeForm()
    if not form.validate_on_submit():
        return _event_page(event, code_form=form, status=422)
    try:
        services.enter_code(event, current_user.id, form.code.data, now=clock.now())
    except (ValidationError, TooManyAttempts) as error:
        db.session.commit()  # a wrong code is counted
        form.code.errors = [*form.code.errors, str(error)]
        return _event_page(event, code_form=form, status=429 if isinstance(error, TooManyAttempts) else 422)
    db.session.commit()
    flash(gettext("Thank you: your attendance is recorded."), "success")
    return redirect(url_for("events.event", ref=event.slug))


@bp.post("/events/<ref>/feedback")
@login_required
def feedback(ref: str):
    event = services.find_event(ref)
    form = FeedbackForm()
    if not form.validate_on_submit():
        return _event_page(event, feedback_form=form, status=422)
    try:
        services.give_feedback(event, current_user.id, rating=form_int(form.rating.data), liked=form.liked.data or "",
                               improve=form.improve.data or "", now=clock.now())
    except ValidationError as error:
        show_field_error(form, error)
        return _event_page(event, feedback_form=form, status=422)
    db.session.commit()
    flash(gettext("Thank you for your feedback."), "success")
    return redirect(url_for("events.event", ref=event.slug))


# Organisers


def _save(form: EventForm, event=None):
    data = form.to_input()
    try:
        if event is None:
            event = services.create_event(current_user.id, data, now=clock.now())
        else:
            services.lock_event(event)
            services.update_event(event, data, now=clock.now())
            services.fill_places(event, now=clock.now())  # more places let people in from the waiting list
    except ValidationError as error:
        db.session.rollback()
        show_field_error(form, error)
        return None
    db.session.commit()
    return event


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def new():
    services.check_organiser(current_user)
    form = EventForm()
    if form.validate_on_submit() and (event := _save(form)) is not None:
        flash(gettext("The event is published."), "success")
        return redirect(url_for("events.event", ref=event.slug))
    return render_template("events/form.html", form=form, event=None), 422 if form.is_submitted() else 200


@bp.route("/events/<ref>/edit", methods=["GET", "POST"])
@login_required
def edit(ref: str):
    event = _organiser_event(ref)
    form = EventForm()
    if not form.is_submitted():
        form.fill(services.as_input(event))
    elif form.validate_on_submit() and _save(form, event) is not None:
        flash(gettext("The event is saved."), "success")
        return redirect(url_for("events.event", ref=event.slug))
    return render_template("events/form.html", form=form, event=event), 422 if form.is_submitted() else 200


@bp.get("/events/<ref>/registrations")
@login_required
def registrations(ref: str):
    event = _organiser_event(ref)
    status = request.args.get("status", "registered")
    page = services.registrations_page(event, status=status, args=request.args)
    return render_template("events/registrations.html", event=event, rows=page, status=status if status in
                           status_labels() else "registered", labels=status_labels(), counts=services.counts(event),
                           wrong_codes=services.wrong_codes(event), form=ActionForm())


@bp.post("/events/<ref>/attendance")
@login_required
def attendance(ref: str):
    event = _organiser_event(ref)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("events.registrations", ref=event.slug))
    shown = [number for raw in request.form.getlist("shown")[:100] if (number := form_int(raw)) is not None]
    present = {number for raw in request.form.getlist("present")[:100] if (number := form_int(raw)) is not None}
    try:
        marked, unmarked = services.set_attendance(event, shown=shown, present=present, now=clock.now())
    except ValidationError as error:
        flash(str(error), "error")
        return redirect(url_for("events.registrations", ref=event.slug))
    db.session.commit()
    flash(gettext("Attendance saved: %(marked)d marked present, %(unmarked)d unmarked.", marked=marked, unmarked=unmarked),
          "success")
    return redirect(url_for("events.registrations", ref=event.slug, **request.args))


@bp.get("/events/<ref>/registrations.csv")
@login_required
def registrations_csv(ref: str):
    event = _organiser_event(ref)
    chunks = services.registrations_csv(event, labels={key: str(label) for key, label in status_labels().items()})
    return Response(chunks, mimetype=MEDIA_TYPE,
                    headers={"Content-Disposition": attachment(f"{event.slug}-registrations.csv"), "Cache-Control": "no-store"})


@bp.route("/events/<ref>/message", methods=["GET", "POST"])
@login_required
def message(ref: str):
    event = _organiser_event(ref)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            told = services.send_message(event, author_id=current_user.id, author_name=current_user.name,
                                         token=form.token.data or "", subject=form.subject.data, body=form.body.data,
                                         language=current_language(), now=clock.now())
        except ValidationError as error:
            show_field_error(form, error)
        else:
            db.session.commit()
            if told is None:
                flash(gettext("This message was sent already."), "info")
            else:
                flash(ngettext("Your message is on its way to %(num)d person.", "Your message is on its way to %(num)d people.",
                               told), "success")
            return redirect(url_for("events.message", ref=event.slug))
    return render_template("events/message.html", event=event, form=form, sent=services.messages_of(event),
                           holders=services.counts(event).registered), 422 if form.is_submitted() else 200


@bp.get("/events/<ref>/code")
@login_required
def show_code(ref: str):
    event = _organiser_event(ref)
    opens, closes = services.code_window(event)
    return render_template("events/code.html", event=event, opens=opens, closes=closes)


@bp.get("/events/<ref>/feedback")
@login_required
def results(ref: str):
    event = _organiser_event(ref)
    figures = services.results(event)
    return render_template("events/results.html", event=event, figures=figures, chart=services.chart(figures.counts))
