"""A run's learners for its tutors: the list (search, filters, sort, pages) and a learner's page."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from lms.cohort.services import learner as learner_service
from lms.cohort.services import learners as learners_service
from lms.cohort.views import bp
from lms.core import clock
from lms.core.keyset import Cursor


@bp.get("/tutor/courses/<course_slug>/runs/<run_slug>/learners")
@login_required
def learners(course_slug: str, run_slug: str):
    found = learners_service.list_learners(
        current_user, course_slug, run_slug, learner_filter=learners_service.LearnerFilter.from_args(request.args),
        sort=learners_service.LearnerSort.from_args(request.args), cursor=Cursor.from_args(request.args), now=clock.now(),
    )
    return render_template("cohort/learners.html", found=found, course=found.course, run=found.run,
                           statuses=learners_service.STATUSES, row_statuses=learners_service.ROW_STATUSES,
                           sorts=learners_service.SORT_NAMES)


@bp.get("/tutor/courses/<course_slug>/runs/<run_slug>/learners/<int:user_id>")
@login_required
def learner(course_slug: str, run_slug: str, user_id: int):
    page = learner_service.learner_page(current_user, course_slug, run_slug, user_id, now=clock.now())
    return render_template("cohort/learner.html", page=page, course=page.course, run=page.run,
                           row_statuses=learners_service.ROW_STATUSES)
