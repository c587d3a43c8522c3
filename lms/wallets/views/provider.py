"""Provider side routes: a wallet discovers the Open Badges 3.0 API here, registers, sends the learner
to the consent page, exchanges the code for tokens, revokes them, and reads the learner's credentials
and profile. Machine endpoints are exempt from CSRF (they authenticate with the client's secret or the
bearer token), answer JSON, and registration, token and revocation are limited per client address.
Each view turns the request into an ``HttpCall`` with the address the public sees (the site's base
URL: behind a proxy the request's own scheme may say http), calls a service, commits once, answers."""

from __future__ import annotations

import json

from flask import Response, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_limiter import Limiter
from flask_login import current_user, login_required

from lms.accounts import services as accounts
from lms.core import clock
from lms.core.extensions import csrf, db
from lms.core.i18n import gettext
from lms.core.security import csp_with_form_targets
from lms.core.urls import external_url
from lms.wallets.forms import ConsentForm, DisconnectForm
from lms.wallets.services import provider, provider_api as api, provider_oauth as oauth
from lms.wallets.views import bp

# Counted per client as log-ins are (accounts.client_key): an IPv6 client by its /64, which it holds whole.
limiter = Limiter(lambda: accounts.client_key(request.remote_addr), strategy="moving-window",
                  in_memory_fallback_enabled=True)
LIMITS = {  # per client address; LMS_WALLET_*_LIMIT_PER_ADDRESS changes them
    "WALLET_REGISTER_LIMIT_PER_ADDRESS": "10 per minute; 100 per day",
    "WALLET_TOKEN_LIMIT_PER_ADDRESS": "60 per minute; 1000 per hour",
    "WALLET_DISCOVERY_LIMIT_PER_ADDRESS": "60 per minute",
}
REALM = "ims/ob/v3p0"


def _limit(name: str):
    return lambda: current_app.config.get(name, LIMITS[name])


def _too_many(_limit) -> Response:
    return Response(json.dumps({"error": "too_many_requests", "error_description": "too many requests from this address"}),
                    429, {"Content-Type": "application/json", "Retry-After": "60", "Cache-Control": "no-store"})


def _call(endpoint: str, *, query: bool, form: bool) -> oauth.HttpCall:
    return oauth.HttpCall(request.method, external_url(endpoint), dict(request.headers),
                          query=request.args.to_dict(flat=False) if query else {},
                          form=request.form.to_dict(flat=False) if form else {})


def _respond(answer: oauth.Answer) -> Response:
    body = json.dumps(answer.body) if isinstance(answer.body, dict) else answer.body
    return Response(body, status=answer.status, headers=answer.headers)


@bp.get("/ims/ob/v3p0/discovery")
@limiter.limit(_limit("WALLET_DISCOVERY_LIMIT_PER_ADDRESS"), on_breach=_too_many)
def discovery():
    """The Service Description Document (OpenAPI 3.0), unprotected as the specification requires."""
    response = jsonify(provider.discovery_document())
    response.cache_control.public, response.cache_control.max_age = True, 3600
    return response


@bp.post("/oauth/register")
@csrf.exempt
@limiter.limit(_limit("WALLET_REGISTER_LIMIT_PER_ADDRESS"), on_breach=_too_many)
def register():
    """RFC 7591 dynamic client registration (no initial access token); the body is read up to its limit."""
    if (request.content_length or 0) > oauth.REGISTRATION_MAX_BYTES:  # refused unread, in the endpoint's own terms
        return _respond(oauth.registration_too_large())
    body = request.stream.read(oauth.REGISTRATION_MAX_BYTES + 1)
    answer = oauth.register_wallet(body, url=external_url("wallets.register"), headers=dict(request.headers),
                                   now=clock.now())
    db.session.commit()
    return _respond(answer)


@bp.route("/oauth/authorize", methods=["GET", "POST"])
@login_required
def authorize():
    """The consent page (GET), and the learner's Allow or Deny (POST, to the same address: the wallet's
    request rides in the query string and is checked again)."""
    call = _call("wallets.authorize", query=True, form=False)
    form = ConsentForm()
    if form.validate_on_submit() and form.decision.data in ("allow", "deny"):
        answer = oauth.decide(call, current_user.id, allowed=form.decision.data == "allow", now=clock.now())
        db.session.commit()
        return _unaccepted(answer) if isinstance(answer, oauth.Unaccepted) else _respond(answer)
    consent = oauth.ask_consent(call, current_user.id, now=clock.now())
    if isinstance(consent, oauth.Answer):
        return _respond(consent)
    if isinstance(consent, oauth.Unaccepted):
        return _unaccepted(consent)
    response = Response(render_template("wallets/consent.html", consent=consent, form=form),
                        400 if request.method == "POST" else 200)
    # Allow and Deny answer with a redirect to the wallet, which form-action 'self' would stop.
    response.headers["Content-Security-Policy"] = csp_with_form_targets(consent.redirect_origin)
    response.headers["Cache-Control"] = "no-store"
    return response


def _unaccepted(unaccepted: oauth.Unaccepted) -> Response:
    """A wallet's request in error, said to the learner, with a link back to the wallet they may follow."""
    response = Response(render_template("wallets/consent_unaccepted.html", unaccepted=unaccepted), 400)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/oauth/token")
@csrf.exempt
@limiter.limit(_limit("WALLET_TOKEN_LIMIT_PER_ADDRESS"), on_breach=_too_many)
def token():
    """authorization_code (with the PKCE verifier) or refresh_token; HTTP Basic client authentication."""
    answer = oauth.exchange(_call("wallets.token", query=False, form=True), now=clock.now())
    db.session.commit()  # a token issued, or a reused code's tokens revoked
    return _respond(answer)


@bp.post("/oauth/revoke")
@csrf.exempt
@limiter.limit(_limit("WALLET_TOKEN_LIMIT_PER_ADDRESS"), on_breach=_too_many)
def revoke():
    """RFC 7009 token revocation."""
    answer = oauth.revoke(_call("wallets.revoke", query=False, form=True), now=clock.now())
    db.session.commit()
    return _respond(answer)


def _api_error(error: api.ApiError) -> Response:
    response = jsonify(error.body)
    response.status_code = error.status
    if error.challenge:
        response.headers["WWW-Authenticate"] = error.challenge
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/ims/ob/v3p0/credentials")
def api_credentials():
    """getCredentials: the token owner's live credentials, paged (limit, offset, since)."""
    try:
        access = api.authorise(request.headers.get("Authorization"), provider.CREDENTIAL_READ, realm=REALM,
                               now=clock.now())
        page = api.credentials_page(access, limit=request.args.get("limit"), offset=request.args.get("offset"),
                                    since=request.args.get("since"))
    except api.ApiError as error:
        return _api_error(error)
    kept = {"since": page.since} if page.since else {}
    response = Response(page.body, mimetype="application/json")
    response.headers["X-Total-Count"] = str(page.total)
    response.headers["Link"] = api.page_links(page, lambda **values: external_url("wallets.api_credentials",
                                                                                  **values, **kept))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/ims/ob/v3p0/profile")
def api_profile():
    """getProfile: the token owner's name and e-mail as an OB Profile."""
    try:
        access = api.authorise(request.headers.get("Authorization"), provider.PROFILE_READ, realm=REALM, now=clock.now())
        document = api.profile_document(access, base_url=current_app.config["BASE_URL"])
    except api.ApiError as error:
        return _api_error(error)
    response = jsonify(document)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/ims/ob/v3p0/credentials", methods=["POST"], endpoint="api_upsert")
@bp.route("/ims/ob/v3p0/profile", methods=["PUT"], endpoint="api_profile_update")
@csrf.exempt
def api_not_offered():
    """upsertCredential and putProfile: this platform issues badges, it does not keep others' (405, as specified)."""
    response = _api_error(api.ApiError(405, "not_allowed", "This provider offers getCredentials and getProfile only."))
    response.headers["Allow"] = "GET"
    return response


@bp.post("/account/wallets/<int:wallet_id>/disconnect")
@login_required
def disconnect(wallet_id: int):
    """The account page's Disconnect: the wallet's tokens stop working at once."""
    if not DisconnectForm().validate_on_submit():
        return redirect(url_for("home.account", _anchor="connected-wallets"))
    name = provider.disconnect_wallet(current_user.id, wallet_id, now=clock.now())
    db.session.commit()
    flash(gettext("%(wallet)s is disconnected: it can no longer read your badges or your profile.", wallet=name),
          "success")
    return redirect(url_for("home.account", _anchor="connected-wallets"))
