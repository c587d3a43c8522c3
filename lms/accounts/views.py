"""Register, log in and out, password reset. (The account page, which gathers
several features' settings, is in ``lms.home``.)"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from lms.accounts import services as accounts
from lms.accounts.forms import (
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from lms.core import clock
from lms.core.errors import DomainError, InvalidCredentials, TooManyAttempts, ValidationError
from lms.core.extensions import db
from lms.core.forms import ActionForm, show_field_error
from lms.core.mail import send_mail_soon
from lms.core.urls import external_url

bp = Blueprint("auth", __name__, template_folder="templates")


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so a crafted link cannot send people elsewhere after log-in."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("home.dashboard")


def _remember(user, login_token: str) -> None:
    """Start the browser session tied to the server-side log-in record."""
    session["login"] = login_token
    login_user(user)


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("home.dashboard"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register_user(
                email=form.email.data, name=form.name.data, password=form.password.data,
                timezone=form.timezone.data, language=form.language.data, now=clock.now(),
            )
        except ValidationError as error:
            show_field_error(form, error)
        else:
            token = accounts.open_session(user, now=clock.now())
            db.session.commit()
            _remember(user, token)
            flash(f"Welcome, {user.name}! Choose a course to begin.", "success")
            return redirect(_safe_next(request.args.get("next")) if request.args.get("next") else url_for("catalog.index"))
    return render_template("auth/register.html", form=form), 422 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.dashboard"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        config = current_app.config
        try:
            user = accounts.authenticate(
                form.email.data, form.password.data, now=clock.now(),
                max_failures=config["LOGIN_MAX_FAILURES"],
                window=timedelta(seconds=config["LOGIN_FAILURE_WINDOW_SECONDS"]),
            )
        except (InvalidCredentials, TooManyAttempts) as error:
            db.session.commit()  # the failed attempt must count
            form.password.errors = [str(error)]
            status = error.http_status if isinstance(error, TooManyAttempts) else 401
        else:
            token = accounts.open_session(user, now=clock.now())
            db.session.commit()
            _remember(user, token)
            return redirect(_safe_next(request.args.get("next")))
    elif form.errors:
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    if ActionForm().validate_on_submit():
        accounts.close_session(session.get("login"), now=clock.now())  # a copied cookie stops working too
        db.session.commit()
        logout_user()
        session.pop("login", None)
        flash("You are logged out.", "info")
    return redirect(url_for("catalog.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            found = accounts.password_reset_token(
                form.email.data, secret_key=current_app.config["SECRET_KEY"], now=clock.now(),
                client=request.remote_addr or "unknown")
        except TooManyAttempts as error:
            db.session.rollback()
            form.email.errors = [str(error)]
            return render_template("auth/forgot.html", form=form), 429
        db.session.commit()
        if found:
            user, token = found
            link = external_url("auth.reset_password", token=token)
            minutes = current_app.config["PASSWORD_RESET_MAX_AGE_SECONDS"] // 60
            send_mail_soon(
                user.email,
                "Reset your password",
                f"Hello {user.name},\n\nTo choose a new password, open this link within {minutes} minutes:\n\n{link}\n\n"
                "If you did not ask for this, ignore this message: your password stays as it is.\n",
            )
        # The same answer either way, so the form does not reveal who has an account.
        flash("If an account uses that address, we have sent it a link to reset the password.", "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    form = ResetPasswordForm()
    if form.validate_on_submit():
        config = current_app.config
        try:
            user = accounts.reset_password(
                token, form.password.data, secret_key=config["SECRET_KEY"], max_age=config["PASSWORD_RESET_MAX_AGE_SECONDS"]
            )
        except ValidationError as error:
            show_field_error(form, error)
        except DomainError as error:
            flash(str(error), "error")
            return redirect(url_for("auth.forgot_password"))
        else:
            accounts.close_other_sessions(user, None, now=clock.now())
            login_token = accounts.open_session(user, now=clock.now())
            db.session.commit()
            _remember(user, login_token)
            flash("Your new password is set.", "success")
            return redirect(url_for("home.dashboard"))
    return render_template("auth/reset.html", form=form), 422 if form.errors else 200
