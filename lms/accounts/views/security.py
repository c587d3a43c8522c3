"""The account-security page: the person's sessions (sign out one or all others) and two-factor sign-in."""

from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required

from lms.accounts.forms import CodeForm, DisableTwoFactorForm, StartTwoFactorForm
from lms.accounts.services import sessions as login_sessions
from lms.accounts.services import two_factor
from lms.accounts.views import bp
from lms.core import clock
from lms.core.extensions import db
from lms.core.forms import ActionForm
from lms.core.i18n import gettext
from lms.core.site_settings import site_setting


@bp.get("/account/security")
@login_required
def security():
    return security_page()


def security_page(*, code_form: CodeForm | None = None, off_form: DisableTwoFactorForm | None = None,
                  renew_form: CodeForm | None = None, start_form: StartTwoFactorForm | None = None) -> str:
    """The page, with a refused two-factor form's errors and what was typed when there is one."""
    rows = login_sessions.list_sessions(current_user.id, current_token=session.get("login"))
    secret = two_factor.pending_secret(current_user)
    issuer = site_setting("site_name") or "LMS"
    return render_template(
        "auth/security.html", sessions=rows, action=ActionForm(), enabled=two_factor.is_enabled(current_user),
        secret=secret, qr=two_factor.qr_code(current_user, secret, issuer=issuer) if secret else None,
        code_form=code_form or CodeForm(), off_form=off_form or DisableTwoFactorForm(),
        renew_form=renew_form or CodeForm(prefix="renew"), start_form=start_form or StartTwoFactorForm(prefix="start"),
        codes_left=two_factor.recovery_codes_left(current_user.id) if two_factor.is_enabled(current_user) else None,
    )


@bp.post("/account/security/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    if ActionForm().validate_on_submit():
        if login_sessions.end_session(current_user.id, session_id, now=clock.now()):
            db.session.commit()
            flash(gettext("That session is signed out."), "success")
        else:
            flash(gettext("That session had ended already."), "info")
    return redirect(url_for("auth.security") + "#sessions")


@bp.post("/account/security/sessions/end-others")
@login_required
def end_other_sessions():
    if ActionForm().validate_on_submit():
        login_sessions.close_other_sessions(current_user, session.get("login"), now=clock.now())
        db.session.commit()
        flash(gettext("Every other session is signed out."), "success")
    return redirect(url_for("auth.security") + "#sessions")
