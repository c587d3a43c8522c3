"""The run's exports: a page naming them, and each CSV streamed as it is read from the database.
A download changes nothing, so it is a plain GET (a link or a button of a GET form)."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_login import current_user, login_required

from lms.cohort.services import exports
from lms.cohort.views import bp
from lms.core import clock
from lms.core.spreadsheet import MEDIA_TYPE, attachment

RUN = "/tutor/courses/<course_slug>/runs/<run_slug>"


@bp.get(f"{RUN}/exports")
@login_required
def exports_page(course_slug: str, run_slug: str):
    page = exports.exports_page(current_user, course_slug, run_slug,
                                learner_filter=exports.LearnerFilter.from_args(request.args))
    return render_template("cohort/exports.html", page=page, course=page.course, run=page.run)


@bp.get(f"{RUN}/exports/progress.csv", defaults={"kind": "progress"})
@bp.get(f"{RUN}/exports/quizzes.csv", defaults={"kind": "quizzes"})
@bp.get(f"{RUN}/exports/reviews.csv", defaults={"kind": "reviews"})
@bp.get(f"{RUN}/exports/badges.csv", defaults={"kind": "badges"})
@login_required
def export_csv(course_slug: str, run_slug: str, kind: str):
    """The file, written while it is sent: the first bytes leave before the last rows are read."""
    export = exports.open_export(current_user, course_slug, run_slug, kind,
                                 layout=exports.choose_layout(request.args.get("separator")), now=clock.now(),
                                 learner_filter=exports.LearnerFilter.from_args(request.args))
    return Response(export.chunks(), content_type=MEDIA_TYPE, headers={
        "Content-Disposition": attachment(export.filename),
        "Cache-Control": "private, no-store",  # learners' names and results: kept by no cache
    })
