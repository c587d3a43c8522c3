"""/verify for people (a form, CSRF-protected) and /verify.json for machines (no cookies read, no
CSRF token, limited per client address)."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from lms.core import clock
from lms.core.extensions import csrf
from lms.core.i18n import gettext
from lms.verifier import services as verifier
from lms.verifier.forms import VerifyForm

bp = Blueprint("verifier", __name__, template_folder="templates")
limiter = Limiter(get_remote_address, strategy="moving-window", in_memory_fallback_enabled=True)


def _run(form: VerifyForm) -> verifier.Outcome | str:
    upload = form.image.data
    if upload and getattr(upload, "filename", ""):
        image = upload.read(verifier.MAX_IMAGE + 1)
        if len(image) > verifier.MAX_IMAGE:
            return gettext("The image is larger than 2 MB.")
        return verifier.verify_badge(image=image, email=form.email.data, now=clock.now())
    if form.url.data:
        return verifier.verify_badge(url=form.url.data, email=form.email.data, now=clock.now())
    if form.credential.data:
        return verifier.verify_badge(text=form.credential.data, email=form.email.data, now=clock.now())
    return gettext("Paste a credential, choose a badge image, or give the badge's address.")


@bp.route("/verify", methods=["GET", "POST"])
def verify():
    form = VerifyForm()
    outcome, problem = None, None
    if form.validate_on_submit():
        result = _run(form)
        outcome, problem = (result, None) if isinstance(result, verifier.Outcome) else (None, result)
    status = 400 if request.method == "POST" and (form.errors or problem) else 200
    return render_template("verifier/verify.html", form=form, outcome=outcome, problem=problem,
                           sentence=verifier.sentence, title=verifier.title), status


def _limit() -> str:
    return current_app.config["VERIFIER_LIMIT_PER_ADDRESS"]


@bp.post("/verify.json")
@csrf.exempt
@limiter.limit(_limit)
def verify_json():
    """{"credential": ...} (a JSON object or text) or {"url": ...}, optional "email"; the checks as JSON."""
    body = request.get_json(silent=True, force=True)
    if not isinstance(body, dict):
        return jsonify(error="send a JSON object with credential or url"), 400
    credential, url, email = body.get("credential"), body.get("url"), body.get("email")
    if isinstance(credential, dict):
        credential = json.dumps(credential)
    if not (isinstance(credential, str) or isinstance(url, str)) or (email is not None and not isinstance(email, str)):
        return jsonify(error="credential (object or text) or url (text) is required; email is text"), 400
    outcome = verifier.verify_badge(text=credential if isinstance(credential, str) else None,
                                    url=None if isinstance(credential, str) else url, email=email, now=clock.now())
    return jsonify(ok=outcome.ok, version=outcome.version,
                   checks=[{"name": c.name, "ok": c.ok, "reason": c.reason} for c in outcome.checks])
