"""The run's one moderation queue for its tutors: discussion reports and peer review flags together,
the decisions on them, and the history of decisions."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.cohort.forms.moderation import DecisionForm
from lms.cohort.services import moderation as service
from lms.cohort.services.access import taught_run
from lms.cohort.views import bp
from lms.core import clock
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext, lazy_gettext
from lms.discussions.services.moderation import REPORT_REASONS
from lms.peer_review.services import FLAG_REASONS, MODERATED

BASE = "/tutor/courses/<course_slug>/runs/<run_slug>/moderation"

# What a decision did, one whole sentence per (action, what, was its writer told): peer review's
# own sentences for its flags, and the discussions' for posts.
_DONE = {
    **MODERATED,
    ("hide", "post", True): lazy_gettext("The post is hidden from learners; its author was told why."),
    ("hide", "post", False): lazy_gettext("The post is hidden from learners."),
    ("restore", "post", False): lazy_gettext("The post is visible to learners again."),
    ("dismiss", "post", False): lazy_gettext("The report is dismissed: the post stays as it is."),
    ("dismiss", "submission", False): lazy_gettext("The report is dismissed: the submission stays as it is."),
    ("dismiss", "review", False): lazy_gettext("The report is dismissed: the review stays as it is."),
}


def _said(outcome: service.Decided) -> tuple[str, str]:
    if not outcome.changed:
        if outcome.action == "restore":
            return gettext("Nothing to restore: it is not hidden."), "info"
        return gettext("This report was decided already; nothing was changed."), "info"
    words = _DONE.get((outcome.action, outcome.target, outcome.told)) or _DONE.get((outcome.action, outcome.target, False))
    return str(words or gettext("Done.")), "success"


def _page(course_slug: str, run_slug: str, form: DecisionForm, refused: dict | None = None, status: int = 200):
    page = service.moderation_page(current_user, course_slug, run_slug, cursors=service.Cursors.from_args(request.args))
    return render_template("cohort/moderation.html", page=page, course=page.taught.course, run=page.taught.run, form=form,
                           refused=refused or {}, report_reasons=REPORT_REASONS, flag_reasons=FLAG_REASONS), status


@bp.get(BASE)
@login_required
def moderation(course_slug: str, run_slug: str):
    return _page(course_slug, run_slug, DecisionForm(formdata=None))


@bp.post(BASE)
@login_required
def moderate(course_slug: str, run_slug: str):
    taught_run(current_user, course_slug, run_slug)  # anyone else: Not found, whatever they sent
    form = DecisionForm()
    back = redirect(url_for("cohort.moderation", course_slug=course_slug, run_slug=run_slug,
                            **service.Cursors.from_args(request.args).query()))
    if not form.validate_on_submit():
        flash(form.reason.errors[0] if form.reason.errors else gettext("That form had expired. Please try again."), "error")
        return back
    try:
        outcome = service.decide(current_user, course_slug, run_slug, item=form.item.data or "", action=form.action.data or "",
                                 reason=form.reason.data or "", now=clock.now())
    except ValidationError as error:
        db.session.rollback()
        if error.field != "reason":
            flash(str(error), "error")
            return back
        return _page(course_slug, run_slug, form, {"item": form.item.data, "message": str(error)}, 422)
    db.session.commit()
    flash(*_said(outcome))
    return back
