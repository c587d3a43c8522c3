"""The learner's path inside a course: continue, modules, units, marking pages done;
and the private calendar feed of their runs."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.accounts import services as accounts
from lms.core import clock, conditional
from lms.core.completion import announce_completions
from lms.core.errors import ModuleLocked, NotEnrolled
from lms.core.extensions import db
from lms.core.forms import ActionForm
from lms.core.i18n import gettext
from lms.learning import services as learning
from lms.resources import services as resources

bp = Blueprint("learn", __name__, template_folder="templates")


@bp.app_errorhandler(NotEnrolled)
def not_enrolled(error: NotEnrolled):
    flash(str(error), "info")
    return redirect(url_for("catalog.course", course_slug=error.course_slug))


@bp.app_errorhandler(ModuleLocked)
def module_locked(error: ModuleLocked):
    return render_template("learn/locked.html", error=error), 403


@bp.get("/courses/<course_slug>/continue")
@login_required
def resume(course_slug: str):
    target = learning.continue_target(current_user, course_slug, now=clock.now(), module_slug=request.args.get("module"))
    if target is None:
        flash(gettext("No module is open yet. The course page shows when each one opens."), "info")
        return redirect(url_for("catalog.course", course_slug=course_slug))
    module_slug, unit_slug = target
    return redirect(url_for("learn.unit", course_slug=course_slug, module_slug=module_slug, unit_slug=unit_slug))


@bp.get("/courses/<course_slug>/modules/<module_slug>/")
@login_required
def module(course_slug: str, module_slug: str):
    page = learning.get_module_page(current_user, course_slug, module_slug, now=clock.now())
    cards = resources.module_cards(course_slug, module_slug)  # a ```resources block's resources
    return conditional.page(page.version + resources.cards_version(cards),
                            lambda: render_template("learn/module.html", page=page, resource_cards=cards))


@bp.get("/courses/<course_slug>/modules/<module_slug>/<unit_slug>")
@login_required
def unit(course_slug: str, module_slug: str, unit_slug: str):
    page = learning.get_unit_page(current_user, course_slug, module_slug, unit_slug, now=clock.now())
    db.session.commit()  # remembers where to continue from
    return conditional.page(page.version, lambda: render_template("learn/unit.html", page=page, module_page=page.module_page))


@bp.post("/courses/<course_slug>/modules/<module_slug>/<unit_slug>/done")
@login_required
def complete(course_slug: str, module_slug: str, unit_slug: str):
    if not ActionForm().validate_on_submit():
        flash(gettext("That form had expired. Please press the button again."), "error")
        return redirect(url_for("learn.unit", course_slug=course_slug, module_slug=module_slug, unit_slug=unit_slug))
    page, result = learning.complete_unit(current_user, course_slug, module_slug, unit_slug, now=clock.now())
    db.session.commit()
    announce_completions(result)
    if page.next_unit:
        return redirect(url_for("learn.unit", course_slug=course_slug, module_slug=module_slug, unit_slug=page.next_unit.unit.slug))
    flash(gettext("You have finished the last page of “%(module)s”.", module=page.module_page.state.module.title), "success")
    return redirect(url_for("learn.module", course_slug=course_slug, module_slug=module_slug))


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str):
    """Private by its secret URL (calendar apps cannot log in), so it needs no log-in."""
    user = accounts.user_for_calendar(token)
    body = learning.calendar_feed(user, now=clock.now())
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, max-age=900"})
