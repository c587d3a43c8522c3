"""The administration's course pages: the course files' sync (state, problems, a button) and new
runs of a course. ``add_course_routes`` puts them on the administration's blueprint, whose
before_request keeps them 404 for anyone but administrators."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from lms.admin.course_forms import RunForm
from lms.admin.services import courses as admin_courses
from lms.core import clock
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.forms import ActionForm, show_field_error
from lms.core.i18n import gettext, ngettext


def add_course_routes(bp: Blueprint) -> None:
    bp.add_url_rule("/courses/sync", view_func=sync_courses, methods=["POST"])
    bp.add_url_rule("/courses/<int:course_id>", view_func=course)
    bp.add_url_rule("/courses/<int:course_id>/runs/new", view_func=new_run, methods=["GET", "POST"])


def sync_courses():
    if not ActionForm().validate_on_submit():
        flash(gettext("The form expired: press the button again."), "error")
        return redirect(url_for("admin.courses"))
    try:
        record = admin_courses.run_sync(current_user, current_app.config, now=clock.now())
        db.session.commit()
    except IntegrityError:  # a second click while the first sync was importing: that one did the work
        db.session.rollback()
        return redirect(url_for("admin.courses"))
    if record.ok:
        changed = sum(record.changes.get(key, 0) for key in ("created", "updated", "archived"))
        flash(ngettext("The course files were imported: %(num)d change.",
                       "The course files were imported: %(num)d changes.", changed), "success")
    else:
        problems = len(record.problems.splitlines())
        flash(ngettext("Nothing was imported: the course files have %(num)d problem (listed below).",
                       "Nothing was imported: the course files have %(num)d problems (listed below).", problems), "error")
    return redirect(url_for("admin.courses"))


def course(course_id: int):
    course = admin_courses.get_course(course_id)
    state = admin_courses.sync_state()
    return render_template("admin/course.html", course=course, runs=admin_courses.runs_of(course),
                           problems=admin_courses.problems_of(state, course))


def new_run(course_id: int):
    course = admin_courses.get_course(course_id)
    form = RunForm(data=admin_courses.run_defaults(course)) if not RunForm().is_submitted() else RunForm()
    if form.validate_on_submit():
        starts_at, ends_at = form.window()
        release = {name: getattr(form, name).data
                   for name in ("release_mode", "release_initial", "release_batch", "release_every_days")}
        try:
            run = admin_courses.create_run(current_user, course, slug=form.slug.data, title=form.title.data,
                                           timezone=form.timezone.data, starts_at=starts_at, ends_at=ends_at,
                                           release=release, now=clock.now())
            db.session.commit()
        except ValidationError as error:
            db.session.rollback()
            show_field_error(form, error)
        except IntegrityError:  # a double click: the first one made the run
            db.session.rollback()
            return redirect(url_for("admin.course", course_id=course.id))
        else:
            flash(gettext("The run “%(title)s” was created.", title=run.title), "success")
            return redirect(url_for("admin.course", course_id=course.id))
    return render_template("admin/run_new.html", course=course, form=form), 422 if form.errors else 200
