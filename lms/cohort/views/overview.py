"""A run at a glance for its tutors: the overview (figures, completion funnel, weekly activity),
the modules table and a quiz's item analysis. Read-only pages; their figures are kept for the
minute (the services), and a page asked for again in that minute is served as drawn
(core.conditional), so a tutor's reloads cost the log-in and the right to see the run."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from lms.cohort import charts
from lms.cohort.services import items as items_service
from lms.cohort.services import overview as overview_service
from lms.cohort.views import bp
from lms.core import clock, conditional

RUN = "/tutor/courses/<course_slug>/runs/<run_slug>/"


@bp.get(RUN)
@login_required
def overview(course_slug: str, run_slug: str):
    page = overview_service.run_overview(current_user, course_slug, run_slug, now=clock.now())
    return conditional.page(page.version, lambda: _draw_overview(page))


def _draw_overview(page: overview_service.Overview) -> str:
    figures = page.figures
    weeks = figures.weeks
    funnel = charts.funnel([step.count for step in figures.funnel])
    window = (weeks[0].starts, weeks[-1].ends) if weeks else None
    openings = [(opening.position, opening.opens_at) for week in weeks for opening in week.openings]
    weekly = charts.weekly([(week.number, week.active, week.completions) for week in weeks], window, openings)
    return render_template("cohort/overview.html", page=page, course=page.course, run=page.run, figures=figures,
                           funnel=funnel, funnel_rows=list(zip(figures.funnel, funnel.bars)),
                           weekly=weekly, week_rows=list(zip(weeks, weekly.weeks)), short=charts.short,
                           active_days=overview_service.ACTIVE_DAYS)


@bp.get(RUN + "modules")
@login_required
def modules(course_slug: str, run_slug: str):
    table = overview_service.modules_table(current_user, course_slug, run_slug, now=clock.now())
    return conditional.page(table.version, lambda: render_template(
        "cohort/modules.html", table=table, course=table.course, run=table.run))


@bp.get(RUN + "quizzes/<int:activity_id>")
@login_required
def quiz_items(course_slug: str, run_slug: str, activity_id: int):
    every = request.args.get("attempts") == "all"  # anything else: first attempts
    analysis = items_service.quiz_items(current_user, course_slug, run_slug, activity_id, first_only=not every,
                                        now=clock.now())
    return conditional.page(analysis.version, lambda: render_template(
        "cohort/items.html", analysis=analysis, course=analysis.course, run=analysis.run))
