"""Peer review pages: submit, get work to review, review, flag, rate, see results."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask_login import current_user, login_required

from lms.core import clock
from lms.core.completion import announce_completions
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.forms import ActionForm, form_int
from lms.core.i18n import gettext, is_language
from lms.core.keyset import Cursor
from lms.core.urls import back_on_this_site
from lms.peer_review import services as peer_review
from lms.peer_review.forms import HELPFULNESS, FlagForm, ModerationForm, OverrideForm, RateForm, SubmissionForm
from lms.peer_review.uploads import Upload

bp = Blueprint("review", __name__, template_folder="templates")


@bp.before_request
@login_required
def require_login():
    """Every page here belongs to a logged-in learner or tutor."""


def _upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


@bp.route("/courses/<course_slug>/modules/<module_slug>/assignments/<activity_slug>", methods=["GET", "POST"])
def assignment(course_slug: str, module_slug: str, activity_slug: str):
    view = peer_review.get_assignment_page(current_user, course_slug, module_slug, activity_slug, now=clock.now())
    form = SubmissionForm(obj=view.submission)
    if not form.language.data:  # work saved before it had a language, or a form posted without one
        form.language.data = current_user.language if is_language(current_user.language) else form.language.default()
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 422 if form.errors else 400
        else:
            file = form.attachment.data
            upload = Upload(file.filename or "", file.read()) if file and getattr(file, "filename", "") else None
            try:
                view = peer_review.save_submission(
                    current_user, course_slug, module_slug, activity_slug, text=form.text.data or "", upload=upload,
                    upload_dir=_upload_dir(), max_bytes=current_app.config["MAX_ATTACHMENT_BYTES"], now=clock.now(),
                    language=form.language.data)
            except ValidationError as error:
                db.session.rollback()
                getattr(form, error.field, form.text).errors = [str(error)]
                status = 422
            else:
                db.session.commit()
                flash(gettext("Your work is saved. You can change it until a peer starts reviewing it."), "success")
                return redirect(request.path)
    return render_template("review/assignment.html", view=view, form=form, action=ActionForm(), rate=RateForm(),
                           flag_form=FlagForm(), flag_reasons=peer_review.FLAG_REASONS, helpfulness=HELPFULNESS), status


@bp.post("/courses/<course_slug>/modules/<module_slug>/assignments/<activity_slug>/claim")
def claim(course_slug: str, module_slug: str, activity_slug: str):
    back = url_for(".assignment", course_slug=course_slug, module_slug=module_slug, activity_slug=activity_slug)
    if not ActionForm().validate_on_submit():
        flash(gettext("That form had expired. Please try again."), "error")
        return redirect(back)
    review, result = peer_review.claim_next(current_user, course_slug, module_slug, activity_slug, now=clock.now())
    db.session.commit()
    announce_completions(result)
    if review is None:
        flash(gettext("There is nothing left for you to review at the moment. Your part is done; thank you!"), "info")
        return redirect(back)
    return redirect(url_for(".review", review_id=review.id))


@bp.route("/reviews/<int:review_id>", methods=["GET", "POST"])
def review(review_id: int):
    page = peer_review.get_review(current_user, review_id, now=clock.now())
    form = ActionForm()
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST" and form.validate_on_submit():
        rubric = page.activity.spec["rubric"]
        comments = [request.form.get(f"comment-{i}", "") for i in range(len(rubric))]
        try:
            page, result = peer_review.submit_review(
                current_user, review_id, scores=[form_int(request.form.get(f"score-{i}"), digits=5) for i in range(len(rubric))], comments=comments,
                feedback=request.form.get("feedback", ""), now=clock.now())
        except ValidationError as error:
            db.session.rollback()
            errors[error.field] = str(error)
            status = 422
        else:
            db.session.commit()
            announce_completions(result)
            flash(gettext("Thank you: your review is in."), "success")
            if page.review.by_tutor:
                return redirect(url_for("review.tutor_submission", submission_id=page.submission.id))
            return redirect(url_for(".assignment", course_slug=page.course.slug, module_slug=page.module.slug,
                                    activity_slug=page.activity.slug))
    elif request.method == "POST":
        status = 400
    return render_template("review/review.html", page=page, form=form, errors=errors, submitted=request.form,
                           flag_form=FlagForm(), flag_reasons=peer_review.FLAG_REASONS,
                           attachment_name=peer_review.anonymous_attachment_name(page.submission)
                           if page.submission.attachment_key and not page.review.by_tutor else page.submission.attachment_name), status


@bp.post("/reviews/<int:review_id>/flag")
def flag(review_id: int):
    """``target=submission``: a reviewer reports the work; ``target=review``: an author reports a review."""
    form = FlagForm()
    if not form.validate_on_submit():
        flash(gettext("Choose a reason for the report."), "error")
        return redirect(back_on_this_site())
    peer_review.flag(current_user, review_id, target=request.form.get("target", ""), reason=form.reason.data,
                     note=form.note.data or "", now=clock.now())
    db.session.commit()
    flash(gettext("Thank you. A tutor will look at your report."), "success")
    return redirect(back_on_this_site())


@bp.post("/reviews/<int:review_id>/rate")
def rate(review_id: int):
    form = RateForm()
    if form.validate_on_submit():
        peer_review.rate_review(current_user, review_id, int(form.helpfulness.data))
        db.session.commit()
        flash(gettext("Thank you for rating this review."), "success")
    return redirect(back_on_this_site())


@bp.get("/submissions/<int:submission_id>/attachment")
def attachment(submission_id: int):
    submission, download_name = peer_review.attachment_for(current_user, submission_id)
    if not (_upload_dir() / submission.attachment_key).exists():
        abort(404)
    response = send_from_directory(
        _upload_dir(), submission.attachment_key, mimetype=submission.attachment_type, as_attachment=True,
        download_name=download_name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/tutor/courses/<course_slug>/runs/<run_slug>/assignments/<int:activity_id>")
def tutor_assignment(course_slug: str, run_slug: str, activity_id: int):
    cursors = peer_review.OverviewCursors(*(Cursor.from_args(request.args, f"{name}_") for name in ("submissions", "queue", "flags")))
    now = clock.now()
    overview = peer_review.assignment_overview(current_user, course_slug, run_slug, activity_id, now=now, cursors=cursors)
    return render_template("review/tutor_assignment.html", overview=overview, course=overview.course, run=overview.run,
                           activity=overview.activity, module=overview.module, now=now, form=ActionForm(),
                           flag_reasons=peer_review.FLAG_REASONS)


@bp.route("/tutor/submissions/<int:submission_id>", methods=["GET", "POST"])
def tutor_submission(submission_id: int):
    found, activity, module, course, author, reviews = peer_review.get_submission_for_tutor(current_user, submission_id)
    form = OverrideForm()
    errors, status = {}, 200
    if request.method == "POST" and not form.validate_on_submit():
        if form.reason.errors:
            errors["reason"], status = form.reason.errors[0], 422
        else:
            flash(gettext("That form had expired. Please try again."), "error")
            status = 400
    elif request.method == "POST":
        if request.form.get("action") == "review":
            claim = peer_review.claim_as_tutor(current_user, submission_id, now=clock.now())
            db.session.commit()
            return redirect(url_for("review.review", review_id=claim.id))
        rubric = activity.spec["rubric"]
        scores = [form_int(request.form.get(f"override-{i}"), digits=5) for i in range(len(rubric))]
        try:
            peer_review.override_result(current_user, submission_id, scores=scores, reason=form.reason.data or "",
                                        now=clock.now())
        except ValidationError as error:
            db.session.rollback()
            errors[error.field], status = str(error), 422
        else:
            db.session.commit()
            flash(gettext("The result is overridden; the learner was told why and sees your reason with the result."), "success")
            return redirect(request.path)
    counted = [r for r in reviews if r.status == "done" and r.hidden_at is None]
    results = peer_review.results_of(found, counted, activity.spec["rubric"])
    reviewers = peer_review.reviewer_names([r.reviewer_id for r in reviews])
    return render_template("review/tutor_submission.html", submission=found, activity=activity, module=module, course=course,
                           author=author, reviews=reviews, results=results, reviewers=reviewers, form=form,
                           errors=errors), status


@bp.post("/tutor/flags/<int:flag_id>")
def moderate(flag_id: int):
    place = peer_review.flag_place(current_user, flag_id)  # back there, whichever page posted the form
    back = url_for(".tutor_assignment", course_slug=place.course_slug, run_slug=place.run_slug, activity_id=place.activity_id)
    form = ModerationForm()
    if not form.validate_on_submit():
        flash(form.reason.errors[0] if form.reason.errors else gettext("That form had expired. Please try again."), "error")
        return redirect(back)
    action = request.form.get("action", "")
    try:
        outcome = peer_review.moderate(current_user, flag_id, action, reason=form.reason.data or "", now=clock.now())
    except ValidationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(back)
    db.session.commit()
    flash(_moderation_message(action, outcome.target, outcome.owner_told), "success")
    return redirect(back)


def _moderation_message(action: str, target: str, owner_told: bool) -> str:
    """Say what the tutor's click did."""
    if action == "dismiss":
        return gettext("The report is dismissed; nothing was hidden.")
    return str(peer_review.MODERATED[action, target, owner_told])
