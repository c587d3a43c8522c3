"""Client side routes: Send to my wallet. The badge's page asks for the wallet's address and sends the
learner to their wallet's consent; the wallet sends them back to our callback, which hands the credential
over and shows the outcome on My badges. Each learner may send that form only so often
(WALLET_PUSH_LIMIT_PER_USER): each one costs this site requests to another."""

from __future__ import annotations

import math

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_limiter import Limiter, RequestLimit
from flask_login import current_user, login_required

from lms.core import clock
from lms.core.extensions import db
from lms.core.i18n import gettext, ngettext
from lms.core.security import csp_with_form_targets
from lms.wallets.forms import SendToWalletForm
from lms.wallets.services import push as pushes
from lms.wallets.views import bp

# Counted per learner (not per address: learners behind one school network share one), in
# RATELIMIT_STORAGE_URI as the other limits are; set up for each app the blueprint is registered on.
limiter = Limiter(lambda: f"user:{current_user.get_id()}", strategy="moving-window", in_memory_fallback_enabled=True)
bp.record_once(lambda state: limiter.init_app(state.app))


def _push_limit() -> str:
    return current_app.config["WALLET_PUSH_LIMIT_PER_USER"]


def _too_many_pushes(breached: RequestLimit) -> Response:
    """Over the limit: the same page, what the learner typed kept, the wait said (429, Retry-After)."""
    seconds = max(1, math.ceil(breached.reset_at - clock.real_now().timestamp()))
    form = SendToWalletForm()
    form.wallet.errors = [ngettext("You have sent badges to wallets many times in a short while. "
                                   "Try again in %(num)d minute.",
                                   "You have sent badges to wallets many times in a short while. "
                                   "Try again in %(num)d minutes.", math.ceil(seconds / 60))]
    response = _page(pushes.sendable(current_user, request.view_args["uid"]), form, 429)
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.route("/my/badges/<uid>/wallet", methods=["GET", "POST"])
@login_required
@limiter.limit(_push_limit, methods=["POST"], on_breach=_too_many_pushes)
def send(uid: str):
    """The wallet's address for this badge; the learner's earlier sends of it below."""
    credential = pushes.sendable(current_user, uid)
    form = SendToWalletForm()
    if form.validate_on_submit():
        try:
            started = pushes.start_push(current_user, uid, form.wallet.data, form.token.data or "", now=clock.now())
        except pushes.WalletFailed as failed:  # nothing was kept: the address stays in the field to correct
            form.wallet.errors.append(pushes.reason(failed.code))
        else:
            db.session.commit()
            if started.authorization_url:
                return redirect(started.authorization_url, 303)
            return _back_to_my_badges(pushes.outcome_of(started.push, credential))  # this form was used already
    return _page(credential, form, 400 if form.errors else 200)


def _page(credential, form: SendToWalletForm, status: int) -> Response:
    response = Response(render_template("wallets/send.html", form=form, credential=credential,
                                        pushes=pushes.list_pushes(current_user, credential), reason=pushes.reason),
                        status)
    # The form answers with a redirect to the learner's wallet, on a site known only once it is typed:
    # any https site (http too where outbound http is allowed, as in the tests).
    schemes = ("https:", "http:") if current_app.config["OUTBOUND_ALLOW_HTTP"] else ("https:",)
    response.headers["Content-Security-Policy"] = csp_with_form_targets(*schemes)
    return response


@bp.get("/my/wallet/callback")
@login_required
def callback():
    """Where the wallet sends the learner back: ?code=&state= once they allowed it, ?error=&state= if not."""
    outcome = pushes.finish_push(current_user, request.args.get("state", ""), code=request.args.get("code", ""),
                                 error=request.args.get("error", ""), now=clock.now())
    db.session.commit()
    return _back_to_my_badges(outcome)


def _back_to_my_badges(outcome: pushes.PushOutcome):
    if outcome.status == "sent":
        flash(gettext("“%(badge)s” is now in your wallet (%(wallet)s).", badge=outcome.badge_name,
                      wallet=outcome.wallet_name), "success")
    elif outcome.status == "failed":
        flash(gettext("“%(badge)s” was not sent to your wallet (%(wallet)s): %(reason)s", badge=outcome.badge_name,
                      wallet=outcome.wallet_name, reason=pushes.reason(outcome.failure)), "error")
    else:
        flash(gettext("“%(badge)s” is waiting for your permission at your wallet (%(wallet)s).",
                      badge=outcome.badge_name, wallet=outcome.wallet_name), "info")
    return redirect(url_for("badges.mine", _anchor=f"badge-{outcome.uid}"))
