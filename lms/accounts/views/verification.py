"""E-mail links: the one that confirms a new account's address (and logs the person in), sending
it again, and the change of address (confirmed at the new one, the old one told)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required

from lms.accounts import services as accounts
from lms.accounts.forms import ChangeEmailForm, ResendVerificationForm
from lms.accounts.services import verification
from lms.accounts.views import _limited_resend, _next_param, _open_session, _remember, _safe_next, bp, limiter, _setting
from lms.core import clock
from lms.core.errors import DomainError, TooManyAttempts, ValidationError
from lms.core.extensions import db
from lms.core.forms import ActionForm, show_field_error
from lms.core.i18n import gettext, in_language, ngettext
from lms.core.mail import send_mail_soon
from lms.core.urls import external_url


def _max_age() -> int:
    return current_app.config.get("EMAIL_LINK_MAX_AGE_SECONDS", verification.DEFAULT_MAX_AGE)


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def send_verification_link(user, next_url: str | None = None) -> None:
    """In the account's own language."""
    link = external_url("auth.verify_email", token=verification.verification_token(user, secret_key=_secret()),
                        next=next_url)
    hours = _max_age() // 3600
    with in_language(user.language):
        subject = gettext("Confirm your e-mail address")
        text = "\n\n".join((
            gettext("Hello %(name)s,", name=user.name),
            ngettext("To confirm your address and start, open this link within %(num)d hour:",
                     "To confirm your address and start, open this link within %(num)d hours:", hours),
            link,
            gettext("If you did not create an account, ignore this message: nothing more will happen."),
        ))
    send_mail_soon(user.email, subject, text + "\n")


@bp.get("/register/check-inbox")
def check_inbox():
    form = ResendVerificationForm(data={"email": session.get("verify_email", "")})
    return render_template("auth/check_inbox.html", form=form, email=session.get("verify_email"), next=_next_param())


@bp.post("/email/resend")
@limiter.limit(_setting("RESET_LIMIT_PER_ADDRESS"))
def resend_verification():
    form = ResendVerificationForm()
    if not form.validate_on_submit():
        return render_template("auth/check_inbox.html", form=form, email=None, next=_next_param()), 422
    try:
        user = verification.resend_verification(form.email.data, now=clock.now())
    except TooManyAttempts as error:
        db.session.rollback()
        return _limited_resend(form, error)
    db.session.commit()
    if user is not None:
        send_verification_link(user, _next_param())
    # The same answer either way, so the form does not reveal who has an account.
    flash(gettext("If an account with that address is waiting for confirmation, we have sent the link again."), "info")
    session["verify_email"] = form.email.data
    return redirect(url_for("auth.check_inbox", next=_next_param()))


@bp.route("/email/verify/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    """The link shows a button rather than acting on GET: mail scanners open links too."""
    form = ActionForm()
    try:
        if form.validate_on_submit():
            user = verification.verify_email(token, secret_key=_secret(), max_age=_max_age(), now=clock.now())
            login_token = _open_session(user)
            db.session.commit()
            session.pop("verify_email", None)
            _remember(user, login_token)
            flash(gettext("Your address is confirmed."), "success")
            flash(gettext("Welcome, %(name)s!", name=user.name) if _next_param()
                  else gettext("Welcome, %(name)s! Choose a course to begin.", name=user.name), "success")
            return redirect(_safe_next(_next_param(), "catalog.index"))
        user = verification.check_verification(token, secret_key=_secret(), max_age=_max_age())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        flash(gettext("Log in if your address is already confirmed, or ask for a new link."), "info")
        return redirect(url_for("auth.login", next=_next_param()))
    return render_template("auth/confirm_link.html", form=form, email=user.email,
                           heading=gettext("Confirm your e-mail address"), button=gettext("Confirm and log in"))


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        user = accounts.get_user(current_user.id)
        try:
            token = verification.request_email_change(user, new_email=form.email.data, password=form.password.data,
                                                      secret_key=_secret(), now=clock.now())
        except ValidationError as error:
            db.session.rollback()
            show_field_error(form, error)
        else:
            _send_change_link(user, form.email.data, external_url("auth.confirm_email_change", token=token))
            flash(gettext("We have sent a link to %(email)s. Your address changes when you open it.",
                          email=accounts.normalise_email(form.email.data)), "info")
            return redirect(url_for("home.account"))
    return render_template("auth/change_email.html", form=form), 422 if form.errors else 200


def _send_change_link(user, new_email: str, link: str) -> None:
    with in_language(user.language):
        subject = gettext("Confirm your new e-mail address")
        text = "\n\n".join((
            gettext("Hello %(name)s,", name=user.name),
            gettext("To use this address for your account, open this link:"),
            link,
            gettext("If you did not ask for this, ignore this message: nothing changes."),
        ))
    send_mail_soon(accounts.normalise_email(new_email), subject, text + "\n")


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    form = ActionForm()
    try:
        if form.validate_on_submit():
            user, old = verification.confirm_email_change(token, secret_key=_secret(), max_age=_max_age(),
                                                          now=clock.now())
            db.session.commit()
            _send_change_notice(user, old)
            flash(gettext("Your e-mail address is now %(email)s.", email=user.email), "success")
            return redirect(url_for("home.account" if current_user.is_authenticated else "auth.login"))
        user, new_email = verification.check_email_change(token, secret_key=_secret(), max_age=_max_age())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("home.account" if current_user.is_authenticated else "auth.login"))
    return render_template("auth/confirm_link.html", form=form, email=new_email,
                           heading=gettext("Confirm your new e-mail address"), button=gettext("Use this address"))


def _send_change_notice(user, old_email: str) -> None:
    """To the old address: if someone else did this, the owner learns of it."""
    with in_language(user.language):
        subject = gettext("Your e-mail address was changed")
        text = "\n\n".join((
            gettext("Hello %(name)s,", name=user.name),
            gettext("The e-mail address of your account is now %(email)s. This address no longer receives its messages.",
                    email=user.email),
            gettext("If you did not do this, contact the site's team at once."),
        ))
    send_mail_soon(old_email, subject, text + "\n")
