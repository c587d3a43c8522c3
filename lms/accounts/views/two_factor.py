"""Two-factor sign-in: the code step of the log-in, enrolment and switching off on the security
page, and the rule that sends people whose role requires it to enrol before anything else."""

from __future__ import annotations

import json
from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from lms.accounts import services as accounts
from lms.accounts.forms import CodeForm, DisableTwoFactorForm, StartTwoFactorForm
from lms.accounts.services import two_factor
from lms.accounts.services.sealing import open_sealed, seal
from lms.accounts.views import _open_session, _remember, _safe_next, _setting, _wrong_credentials, bp, limiter
from lms.core import clock
from lms.core.errors import DomainError, InvalidCredentials, TooManyAttempts, ValidationError
from lms.core.extensions import db
from lms.core.forms import show_field_error
from lms.core.i18n import gettext

PENDING = "pending_login"
PENDING_PURPOSE = b"pending log-ins"
PENDING_SECONDS = 300  # the code must follow the password within five minutes


def start_code_step(user_id: int, *, next_url: str | None):
    """After the right password of an account with two-factor sign-in. (A wrong password is answered
    on the log-in page like any other, and counted there.) What the step needs is sealed in the
    (browser-readable) session cookie."""
    session[PENDING] = seal(json.dumps({"uid": user_id, "next": next_url}), purpose=PENDING_PURPOSE)
    return redirect(url_for("auth.login_code"))


def limits() -> dict:
    config = current_app.config
    return {"client": accounts.client_key(request.remote_addr), "max_failures": config["LOGIN_MAX_FAILURES"],
            "window": timedelta(seconds=config["LOGIN_FAILURE_WINDOW_SECONDS"]),
            "max_delay": timedelta(seconds=config["LOGIN_MAX_DELAY_SECONDS"])}


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_setting("LOGIN_LIMIT_PER_ADDRESS"), methods=["POST"], deduct_when=_wrong_credentials)
def login_code():
    opened = open_sealed(session.get(PENDING, ""), purpose=PENDING_PURPOSE, max_age=PENDING_SECONDS)
    if opened is None:
        flash(gettext("Log in again: the sign-in took too long."), "info")
        return redirect(url_for("auth.login"))
    pending = json.loads(opened)
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("auth/login_code.html", form=form), 422 if form.errors else 200
    user = accounts.get_user(pending["uid"])
    if user is None:  # removed meanwhile
        session.pop(PENDING, None)
        return redirect(url_for("auth.login"))
    try:
        two_factor.check_code(user, form.code.data, now=clock.now(), **limits())
    except TooManyAttempts as error:
        db.session.rollback()
        form.code.errors = [str(error)]
        return render_template("auth/login_code.html", form=form), 429, {"Retry-After": str(error.retry_after_seconds)}
    except InvalidCredentials:
        db.session.commit()  # the failure counts
        form.code.errors = [gettext("That code is not right. Check it, or log in again.")]
        return render_template("auth/login_code.html", form=form, again=True), 401
    session.pop(PENDING, None)
    try:
        token = _open_session(user)
    except accounts.AccountDeactivated as error:  # deactivated between the two steps
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("auth.login"))
    db.session.commit()
    _remember(user, token)
    return redirect(_safe_next(pending.get("next")))


@bp.post("/account/security/two-factor/start")
@login_required
def two_factor_start():
    form = StartTwoFactorForm(prefix="start")
    if form.validate_on_submit():
        try:
            two_factor.start_enrolment(accounts.get_user(current_user.id), password=form.password.data, now=clock.now())
        except ValidationError as error:
            show_field_error(form, error)
        except TooManyAttempts as error:
            form.password.errors = [str(error)]
        except DomainError as error:
            flash(str(error), "info")
            return redirect(url_for("auth.security") + "#two-factor")
        else:
            db.session.commit()
            return redirect(url_for("auth.security") + "#two-factor")
    db.session.rollback()
    from lms.accounts.views.security import security_page

    return security_page(start_form=form), 422


@bp.post("/account/security/two-factor/confirm")
@login_required
def two_factor_confirm():
    form = CodeForm()
    user = accounts.get_user(current_user.id)
    if form.validate_on_submit():
        try:
            codes = two_factor.confirm_enrolment(user, form.code.data, now=clock.now())
        except ValidationError as error:
            show_field_error(form, error)
        except DomainError as error:
            flash(str(error), "error")
            return redirect(url_for("auth.security") + "#two-factor")
        else:
            db.session.commit()
            # Shown this once, on this response: only their hashes are kept.
            return render_template("auth/recovery_codes.html", codes=codes)
    from lms.accounts.views.security import security_page

    return security_page(code_form=form), 422


@bp.post("/account/security/two-factor/recovery-codes")
@login_required
def two_factor_new_codes():
    """Also the way back to codes that were never seen (a double click shows the second answer)."""
    form = CodeForm(prefix="renew")
    if form.validate_on_submit():
        try:
            codes = two_factor.renew_recovery_codes(accounts.get_user(current_user.id), form.code.data,
                                                    now=clock.now(), **limits())
        except TooManyAttempts as error:
            db.session.rollback()
            form.code.errors = [str(error)]
        except InvalidCredentials as error:
            db.session.commit()  # the failure counts
            form.code.errors = [str(error)]
        except DomainError as error:
            flash(str(error), "info")
            return redirect(url_for("auth.security") + "#two-factor")
        else:
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=codes)
    from lms.accounts.views.security import security_page

    return security_page(renew_form=form), 422


@bp.post("/account/security/two-factor/off")
@login_required
def two_factor_off():
    form = DisableTwoFactorForm()
    user = accounts.get_user(current_user.id)
    if form.validate_on_submit():
        try:
            two_factor.disable(user, password=form.password.data, code=form.code.data, now=clock.now(), **limits())
        except ValidationError as error:
            show_field_error(form, error)
        except TooManyAttempts as error:
            db.session.rollback()
            form.code.errors = [str(error)]
        except InvalidCredentials as error:
            db.session.commit()  # the failure counts
            form.code.errors = [str(error)]
        else:
            db.session.commit()
            flash(gettext("Two-factor sign-in is off."), "success")
            return redirect(url_for("auth.security") + "#two-factor")
    from lms.accounts.views.security import security_page

    return security_page(off_form=form), 422


# What a person who must enrol may still open: the security page and its forms, log-out, files.
_OPEN_WHILE_ENROLLING = {"auth.security", "auth.two_factor_start", "auth.two_factor_confirm", "auth.logout",
                         "auth.end_session", "auth.end_other_sessions", "auth.switch_language", "static"}


@bp.before_app_request
def require_two_factor():
    """LMS_REQUIRE_2FA_FOR: a person in such a role without two-factor sign-in is sent to set it up."""
    roles = two_factor.required_roles(current_app.config.get("REQUIRE_2FA_FOR"))
    if not roles or request.endpoint in _OPEN_WHILE_ENROLLING or not current_user.is_authenticated:
        return None
    if two_factor.is_enabled(current_user) or not two_factor.is_required(current_user, roles):
        return None
    flash(gettext("Your role on this site requires two-factor sign-in. Set it up to continue."), "info")
    return redirect(url_for("auth.security") + "#two-factor")
