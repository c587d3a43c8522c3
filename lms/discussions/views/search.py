"""Discussions: searching a run's posts."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from lms.core import clock
from lms.discussions.forms.search import QUERY_LENGTH, SearchArgs
from lms.discussions.services import search as search_service
from lms.discussions.views import bp


@bp.get("/courses/<course_slug>/discussions/search")
@login_required
def search(course_slug: str):
    args = SearchArgs.from_args(request.args)
    found = search_service.search_posts(current_user, course_slug, args.text, run_slug=args.run, page=args.page,
                                        now=clock.now())
    return render_template("discussions/search.html", found=found, forum=found.forum, course=found.forum.course,
                           query_length=QUERY_LENGTH)
