"""Register, log in and out, password reset. (The account page, which gathers
several features' settings, is in ``lms.home``.)"""

from __future__ import annotations

import math
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user, login_user, logout_user

from lms.accounts import services as accounts
from lms.accounts.forms import (
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    RegisterForm,
    ResendVerificationForm,
    ResetPasswordForm,
)
from lms.core import clock
from lms.core.errors import DomainError, InvalidCredentials, TooManyAttempts, ValidationError
from lms.core.extensions import db
from lms.core.forms import ActionForm, show_field_error
from lms.core.i18n import LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE, gettext
from lms.core.urls import external_url

bp = Blueprint("auth", __name__, template_folder="../templates")
# A browser that has logged in to an account before is spared the delay strangers cause it.
KNOWN_DEVICE_COOKIE = "lms_known_device"
KNOWN_DEVICE_SECONDS = 365 * 24 * 3600

# Counts per client address, across accounts, in RATELIMIT_STORAGE_URI (memory:// by default,
# per process; Redis shares it between workers). Set up for each app by accounts.init_app.
# The moving window has no burst at a window's edge. If Redis is unreachable, the limiter
# counts in memory rather than refuse every log-in.
limiter = Limiter(
    lambda: accounts.client_key(request.remote_addr), strategy="moving-window", in_memory_fallback_enabled=True
)


def _setting(name: str):
    """A limit read from the app's settings at each request (tests change them)."""
    return lambda: current_app.config[name]


def _safe_next(target: str | None, fallback: str = "home.dashboard") -> str:
    """Only paths on this site, so a crafted link cannot send people elsewhere after log-in.
    Browsers read a backslash as a slash, so "/\\evil.example" would leave the site too."""
    if (
        target and target.startswith("/") and not target.startswith("//") and "\\" not in target
        and not any(ord(c) < 32 for c in target) and not urlsplit(target).netloc and not urlsplit(target).scheme
    ):
        return target
    return url_for(fallback)


def _next_param() -> str | None:
    """The page to return to, carried on from link to link only when it is safe."""
    target = request.args.get("next")
    return target if target and _safe_next(target, "catalog.index") == target else None


def _open_session(user) -> str:
    """A log-in record with what the list of sessions shows about this browser."""
    return accounts.open_session(user, now=clock.now(), user_agent=request.user_agent.string,
                                 client=accounts.client_key(request.remote_addr))


def _remember(user, login_token: str) -> None:
    """Start the browser session tied to the server-side log-in record."""
    session["login"] = login_token
    login_user(user)


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(_safe_next(_next_param()))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register_user(
                email=form.email.data, name=form.name.data, password=form.password.data,
                timezone=form.timezone.data, language=form.language.data, now=clock.now(), verified=False,
            )
        except ValidationError as error:
            show_field_error(form, error)
        else:
            db.session.commit()
            send_verification_link(user, _next_param())
            session["verify_email"] = user.email
            return redirect(url_for("auth.check_inbox", next=_next_param()))
    # The browser's own time zone is offered (static/timezone.js) only on a fresh form: after
    # a refused submission the list shows what the person chose.
    return render_template("auth/register.html", form=form, next=_next_param(),
                           guess_timezone=not form.is_submitted()), 422 if form.errors else 200


def _wrong_credentials(response) -> bool:
    """What the per-address log-in limit counts: wrong e-mail/password pairs, not log-ins."""
    return response.status_code == 401


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_setting("LOGIN_LIMIT_PER_ADDRESS"), methods=["POST"], deduct_when=_wrong_credentials)
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(_next_param()))
    form = LoginForm()
    if not form.validate_on_submit():
        return _login_page(form), 422 if form.errors else 200
    config = current_app.config
    known_device = accounts.is_known_device(request.cookies.get(KNOWN_DEVICE_COOKIE), form.email.data,
                                            secret_key=config["SECRET_KEY"], max_age=KNOWN_DEVICE_SECONDS)
    try:
        user = accounts.authenticate(
            form.email.data, form.password.data, now=clock.now(), client=accounts.client_key(request.remote_addr),
            max_failures=config["LOGIN_MAX_FAILURES"],
            window=timedelta(seconds=config["LOGIN_FAILURE_WINDOW_SECONDS"]),
            max_delay=timedelta(seconds=config["LOGIN_MAX_DELAY_SECONDS"]),
            known_device=known_device,
        )
    except TooManyAttempts as error:
        return _limited(form, error)
    except InvalidCredentials as error:
        db.session.commit()  # the failed attempt must count
        form.password.errors = [str(error)]
        return _login_page(form), 401
    except accounts.AccountDeactivated as error:
        form.email.errors = [str(error)]
        return _login_page(form), 403
    except accounts.EmailNotVerified as error:
        form.email.errors = [str(error)]
        return _login_page(form, unverified=True), 403
    if user.totp_enabled_at is not None:
        db.session.commit()  # a rehashed password, this client's failures forgiven
        return start_code_step(user.id, next_url=_next_param())
    token = _open_session(user)
    db.session.commit()
    _remember(user, token)
    response = redirect(_safe_next(_next_param()))
    response.set_cookie(KNOWN_DEVICE_COOKIE, accounts.known_device_token(user, secret_key=config["SECRET_KEY"]),
                        max_age=KNOWN_DEVICE_SECONDS, httponly=True, samesite="Lax",
                        secure=config["SESSION_COOKIE_SECURE"])
    return response


def _login_page(form: LoginForm, limited: TooManyAttempts | None = None, unverified: bool = False) -> str:
    resend = ResendVerificationForm(data={"email": form.email.data}) if unverified else None
    return render_template("auth/login.html", form=form, next=_next_param(), limited=limited, resend=resend)


def _limited(form, error: TooManyAttempts):
    """429 with Retry-After, on the form the person was using, what they typed kept."""
    page = _login_page(form, error) if isinstance(form, LoginForm) else \
        render_template("auth/forgot.html", form=form, limited=error)
    return page, 429, {"Retry-After": str(error.retry_after_seconds)}


def _limited_resend(form, error: TooManyAttempts):
    page = render_template("auth/check_inbox.html", form=form, email=None, next=_next_param(), limited=error)
    return page, 429, {"Retry-After": str(error.retry_after_seconds)}


@bp.errorhandler(RateLimitExceeded)
def address_limited(error: RateLimitExceeded):
    """Flask-Limiter refused this client address (before the view ran)."""
    breached = limiter.current_limit
    seconds = max(1, math.ceil(breached.window.reset_time - clock.real_now().timestamp())) if breached else 60
    if request.endpoint == "auth.resend_verification":
        return _limited_resend(ResendVerificationForm(), TooManyAttempts(seconds, gettext("Too many requests for this link. Wait a while, then try again.")))
    if request.endpoint == "auth.forgot_password":
        return _limited(ForgotPasswordForm(), TooManyAttempts(seconds, gettext("Too many password-reset requests from your network.")))
    return _limited(LoginForm(), TooManyAttempts(seconds, gettext("Too many failed log-ins from your network.")))


@bp.post("/logout")
def logout():
    if ActionForm().validate_on_submit():
        accounts.close_session(session.get("login"), now=clock.now())  # a copied cookie stops working too
        db.session.commit()
        logout_user()
        session.pop("login", None)
        flash(gettext("You are logged out."), "info")
    return redirect(url_for("catalog.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_setting("RESET_LIMIT_PER_ADDRESS"), methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            found = accounts.password_reset_token(
                form.email.data, secret_key=current_app.config["SECRET_KEY"], now=clock.now())
        except TooManyAttempts as error:
            db.session.rollback()
            return _limited(form, error)
        db.session.commit()
        if found:
            user, token = found
            accounts.send_reset_link(user, external_url("auth.reset_password", token=token, next=_next_param()),
                                     max_age_seconds=current_app.config["PASSWORD_RESET_MAX_AGE_SECONDS"])  # where they were going
        # The same answer either way, so the form does not reveal who has an account.
        flash(gettext("If an account uses that address, we have sent it a link to reset the password."), "info")
        return redirect(url_for("auth.login", next=_next_param()))
    return render_template("auth/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    form = ResetPasswordForm()
    config = current_app.config
    link = {"secret_key": config["SECRET_KEY"], "max_age": config["PASSWORD_RESET_MAX_AGE_SECONDS"]}
    if form.validate_on_submit():
        try:
            user = two_factor.reset_password(token, form.password.data, code=form.code.data, now=clock.now(), **link,
                                             **two_factor_limits())
        except ValidationError as error:
            show_field_error(form, error)
        except TooManyAttempts as error:
            db.session.rollback()
            form.code.errors = [str(error)]
            return _reset_page(form, token, link), 429, {"Retry-After": str(error.retry_after_seconds)}
        except InvalidCredentials as error:  # a wrong code: counted, nothing else changed
            db.session.commit()
            form.code.errors = [str(error)]
            return _reset_page(form, token, link), 422
        except DomainError as error:
            flash(str(error), "error")
            return redirect(url_for("auth.forgot_password"))
        else:
            accounts.close_other_sessions(user, None, now=clock.now())
            login_token = _open_session(user)
            db.session.commit()
            _remember(user, login_token)
            flash(gettext("Your new password is set."), "success")
            return redirect(_safe_next(_next_param()))
    return _reset_page(form, token, link), 422 if form.errors else 200


def _reset_page(form: ResetPasswordForm, token: str, link: dict) -> str:
    return render_template("auth/reset.html", form=form, needs_code=two_factor.reset_needs_code(token, **link))


@bp.route("/language", methods=["GET", "POST"])
def switch_language():
    """The footer's language switch: remembered in a cookie for everyone; a signed-in person's
    (a POST, with its form token) is also saved on their account, and their e-mails follow it."""
    values = request.form if request.method == "POST" else request.args
    back = redirect(_safe_next(values.get("next"), "catalog.index"))
    form = LanguageForm(formdata=values, meta={"csrf": request.method == "POST"})
    if not (form.validate() and values.get("language")):
        flash(gettext("Choose a language from the list."), "error")
        return back
    if request.method == "POST" and current_user.is_authenticated:
        accounts.set_language(accounts.get_user(current_user.id), form.language.data)
        db.session.commit()
    back.set_cookie(LANGUAGE_COOKIE, form.language.data, max_age=LANGUAGE_COOKIE_MAX_AGE, httponly=True,
                    samesite="Lax", secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return back


from lms.accounts.views import security  # noqa: E402,F401  (its routes join this blueprint)
from lms.accounts.views.verification import send_verification_link  # noqa: E402
from lms.accounts.views.two_factor import limits as two_factor_limits, start_code_step  # noqa: E402
from lms.accounts.services import two_factor  # noqa: E402
