"""Pages that bring several features together for one person: the learner's dashboard,
the account page (profile, password, e-mail choices, calendar) and the tutor's
teaching home."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user

from lms.accounts import services as accounts
from lms.accounts.forms import ChangePasswordForm, ProfileForm
from lms.awards import services as awards
from lms.cohort.services import announcements as tutors_announcements
from lms.core import clock, conditional
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.forms import ActionForm, show_field_error
from lms.core.i18n import gettext, in_language
from lms.core.urls import external_url
from lms.courses.services import content, staffing
from lms.discussions import services as discussions
from lms.discussions.forms.following import DiscussionSettingsForm
from lms.learning import services as learning
from lms.notifications import services as notifications
from lms.notifications.forms import EmailPreferencesForm
from lms.wallets.services import provider as wallets

bp = Blueprint("home", __name__, template_folder="templates")


@bp.get("/dashboard")
@login_required
def dashboard():
    courses = learning.list_my_courses(current_user, now=clock.now())
    certificates = awards.certificate_uids([item.place.enrolment.id for item in courses if item.completed])
    announcements = tutors_announcements.latest_received(current_user.id, [item.place.run.id for item in courses])
    version = (tuple(item.version for item in courses), tuple(sorted(certificates.items())),
               tuple(item.id for received in announcements.values() for item in received))
    return conditional.page(version, lambda: render_template("home/dashboard.html", courses=courses, certificates=certificates,
                                                             announcements=announcements))


@bp.get("/tutor/")
@login_required
def teaching():
    taught = staffing.list_taught_runs(current_user)
    assignments = content.list_assignments([course.id for course, _ in taught])
    return render_template("home/teaching.html", taught=taught, assignments=assignments)


def _save_discussion_settings(user, talk: DiscussionSettingsForm) -> bool:
    """How discussions name this person and send them replies; False with the field's error."""
    try:
        discussions.set_discussion_settings(user, professional_role=talk.professional_role.data, country=talk.country.data,
                                            discussion_email=talk.discussion_email.data)
    except ValidationError as error:
        show_field_error(talk, error)
        return False
    db.session.commit()
    flash(gettext("Your discussion settings are saved."), "success")
    return True


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    user = accounts.get_user(current_user.id)  # the account itself: current_user is read-only
    profile = ProfileForm(obj=user, prefix="profile")
    password = ChangePasswordForm(prefix="password")
    emails = EmailPreferencesForm(prefix="emails")
    calendar = ActionForm(prefix="calendar")
    talk = DiscussionSettingsForm(obj=user, prefix="discussions")
    status = 200
    if request.method == "GET":
        emails.wanted.data = notifications.email_choices(user)
    if "discussions-submitted" in request.form and talk.validate_on_submit() and _save_discussion_settings(user, talk):
        return redirect(url_for("home.account") + "#discussion-settings")
    if "emails-submitted" in request.form and emails.validate_on_submit():
        notifications.set_email_preferences(user, wanted=emails.wanted.data or [])
        db.session.commit()
        flash(gettext("Your e-mail choices are saved."), "success")
        return redirect(url_for("home.account") + "#email-preferences")
    if "calendar-reset" in request.form and calendar.validate_on_submit():
        accounts.reset_calendar_token(user)
        db.session.commit()
        flash(gettext("Your calendar has a new address; the old one no longer works."), "success")
        return redirect(url_for("home.account") + "#calendar")
    if "profile-name" in request.form and profile.validate_on_submit():
        try:
            accounts.update_profile(user, name=profile.name.data, timezone=profile.timezone.data, language=profile.language.data,
                                    reads_languages=profile.reads_languages.data or [])
        except ValidationError as error:
            show_field_error(profile, error)
            status = 422
        else:
            db.session.commit()
            with in_language(user.language):  # the next page is drawn in it
                flash(gettext("Your profile is saved."), "success")
            return redirect(url_for("home.account"))
    elif "password-current_password" in request.form and password.validate_on_submit():
        try:
            accounts.change_password(user, current=password.current_password.data, new=password.password.data)
        except ValidationError as error:
            show_field_error(password, error)
            status = 422
        else:
            accounts.close_other_sessions(user, session.get("login"), now=clock.now())
            db.session.commit()
            login_user(user)  # the user id in the cookie changed with the password
            flash(gettext("Your password is changed. Other devices have been logged out."), "success")
            return redirect(url_for("home.account"))
    if profile.errors or password.errors or talk.errors:
        status = 422
    calendar_url = external_url("learn.calendar_feed", token=user.calendar_token)
    return render_template(
        "home/account.html", profile=profile, password=password, emails=emails, calendar=calendar, calendar_url=calendar_url,
        talk=talk, wallets=wallets.connected_wallets(user.id, now=clock.now()),
    ), status
