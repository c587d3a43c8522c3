"""Discussions: the buttons under a post and a thread. Helpful and report for readers; pin, lock,
endorse, hide and restore for the course's tutors. Each answers with the thread again, at the
post; a refused report or hide (no reason) shows its own small page, keeping what was typed."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from lms.core import clock
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.discussions.forms.moderation import HideForm, ReportForm, RestoreForm, SwitchForm
from lms.discussions.services import moderation, reactions
from lms.discussions.views import bp

POST = "/courses/<course_slug>/discussions/posts/<int:post_id>"
THREAD = "/courses/<course_slug>/discussions/threads/<int:thread_id>"
REFUSED = (ValidationError, moderation.DiscussionClosed)


def _to_thread(course_slug: str, thread_id: int, post_id: int | None = None):
    """Back to the thread: at its top, or on the page that starts with the post, at the post."""
    if post_id is None:
        return redirect(url_for("discussions.thread", course_slug=course_slug, thread_id=thread_id))
    return redirect(url_for("discussions.thread", course_slug=course_slug, thread_id=thread_id, after=post_id - 1,
                            _anchor=f"post-{post_id}"))


def _said(form) -> str:
    """Why a button's form was refused: a field's own words, or an expired page."""
    for name, errors in form.errors.items():
        if name != "csrf_token" and errors:
            return str(errors[0])
    return gettext("That form had expired. Please try again.")


def _expired_at_post(course_slug: str, post_id: int, form, *, tutors: bool = False):
    """A refused button: nothing done (someone who may not read the post, or use a tutor's
    button, still gets 404)."""
    find = moderation.moderated_post if tutors else moderation.find_post
    _, thread, _ = find(current_user, course_slug, post_id, now=clock.now())
    flash(_said(form), "error")
    return _to_thread(course_slug, thread.id, post_id)


def _refused(error: Exception, course_slug: str, post_id: int):
    db.session.rollback()
    flash(str(error), "error")
    _, thread, _ = moderation.find_post(current_user, course_slug, post_id, now=clock.now())
    return _to_thread(course_slug, thread.id, post_id)


@bp.post(POST + "/helpful")
@login_required
def helpful(course_slug: str, post_id: int):
    form = SwitchForm()
    if not form.validate_on_submit():
        return _expired_at_post(course_slug, post_id, form)
    try:
        outcome = reactions.mark_helpful(current_user, course_slug, post_id, helpful=form.wanted, now=clock.now())
    except REFUSED as error:
        return _refused(error, course_slug, post_id)
    db.session.commit()
    return _to_thread(course_slug, outcome.thread_id, post_id)


@bp.route(POST + "/report", methods=["GET", "POST"])
@login_required
def report(course_slug: str, post_id: int):
    form = ReportForm()
    forum, thread, post = moderation.writable_post(current_user, course_slug, post_id, now=clock.now())
    if form.validate_on_submit():
        try:
            outcome = moderation.report_post(current_user, course_slug, post_id, reason=form.reason.data or "",
                                             note=form.note.data or "", now=clock.now())
        except ValidationError as error:
            db.session.rollback()
            getattr(form, error.field, form.reason).errors.append(str(error))
        else:
            db.session.commit()
            if outcome.changed:
                flash(gettext("Thank you: the tutors will look at this post."), "success")
            else:
                flash(gettext("You had already reported this post: the tutors have your report."), "info")
            return _to_thread(course_slug, thread.id, post_id)
    status = 422 if form.is_submitted() else 200
    return render_template("discussions/report.html", form=form, forum=forum, thread=thread, post=post,
                           course=forum.course), status


def _switch(course_slug: str, thread_id: int, change, done: str, undone: str, again: str):
    form = SwitchForm()
    if not form.validate_on_submit():
        moderation.moderated_thread(current_user, course_slug, thread_id, now=clock.now())
        flash(_said(form), "error")
        return _to_thread(course_slug, thread_id)
    changed = change(current_user, course_slug, thread_id, form.wanted, clock.now())
    db.session.commit()
    flash((done if form.wanted else undone) if changed else again, "success" if changed else "info")
    return _to_thread(course_slug, thread_id)


@bp.post(THREAD + "/pin")
@login_required
def pin(course_slug: str, thread_id: int):
    return _switch(course_slug, thread_id,
                   lambda user, course, thread, on, now: moderation.set_pinned(user, course, thread, pinned=on, now=now),
                   gettext("The thread is pinned at the top of its forum."), gettext("The thread is no longer pinned."),
                   gettext("Nothing to change: it already was so."))


@bp.post(THREAD + "/lock")
@login_required
def lock(course_slug: str, thread_id: int):
    return _switch(course_slug, thread_id,
                   lambda user, course, thread, on, now: moderation.set_locked(user, course, thread, locked=on, now=now),
                   gettext("The thread is locked: it can be read, no longer replied to."),
                   gettext("The thread is open for replies again."), gettext("Nothing to change: it already was so."))


@bp.post(POST + "/endorse")
@login_required
def endorse(course_slug: str, post_id: int):
    form = SwitchForm()
    if not form.validate_on_submit():
        return _expired_at_post(course_slug, post_id, form, tutors=True)
    try:
        outcome = moderation.endorse(current_user, course_slug, post_id, endorsed=form.wanted, now=clock.now())
    except REFUSED as error:
        return _refused(error, course_slug, post_id)
    db.session.commit()
    if not outcome.changed:
        flash(gettext("Nothing to change: it already was so."), "info")
    elif form.wanted:
        flash(gettext("This reply is endorsed as the answer."), "success")
    else:
        flash(gettext("The endorsement is taken back."), "success")
    return _to_thread(course_slug, outcome.thread_id, post_id)


@bp.route(POST + "/hide", methods=["GET", "POST"])
@login_required
def hide_post(course_slug: str, post_id: int):
    form = HideForm()
    forum, thread, post = moderation.moderated_post(current_user, course_slug, post_id, now=clock.now())
    if form.validate_on_submit():
        outcome = moderation.hide_post(current_user, course_slug, post_id, reason=form.reason.data or "", now=clock.now())
        db.session.commit()
        if not outcome.changed:
            flash(gettext("This post was already hidden."), "info")
        elif outcome.author_told:
            flash(gettext("The post is hidden from learners; its author was told why."), "success")
        else:
            flash(gettext("The post is hidden from learners."), "success")
        return _to_thread(course_slug, outcome.thread_id, post_id)
    status = 422 if form.is_submitted() else 200
    return render_template("discussions/hide.html", form=form, forum=forum, thread=thread, post=post,
                           course=forum.course), status


@bp.post(POST + "/restore")
@login_required
def restore_post(course_slug: str, post_id: int):
    form = RestoreForm()
    if not form.validate_on_submit():
        return _expired_at_post(course_slug, post_id, form, tutors=True)
    outcome = moderation.restore_post(current_user, course_slug, post_id, reason=form.reason.data or "", now=clock.now())
    db.session.commit()
    if outcome.changed:
        flash(gettext("The post is visible to learners again."), "success")
    else:
        flash(gettext("This post was not hidden."), "info")
    return _to_thread(course_slug, outcome.thread_id, post_id)
