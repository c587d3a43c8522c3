"""Discussions: a run's forums, a forum's threads, starting a thread."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.core import clock
from lms.core.completion import announce_completions
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.forms import show_field_error
from lms.core.i18n import gettext
from lms.core.keyset import Cursor
from lms.discussions.forms.posting import ThreadForm
from lms.discussions.services import moderation, posting, threads
from lms.discussions.views import bp

BASE = "/courses/<course_slug>/discussions"


def to_post(course_slug: str, post) -> str:
    """The thread's page that ends with this post, scrolled to it."""
    return url_for("discussions.thread", course_slug=course_slug, thread_id=post.thread_id, before=post.id + 1,
                   _anchor=f"post-{post.id}")


def posted_message(posted: posting.Posted) -> None:
    """Said after a new thread or reply (or the same form sent again), with what it completed."""
    if posted.again:
        flash(gettext("This was already posted: here it is."), "info")
    else:
        flash(gettext("Your post is published."), "success")
        announce_completions(posted.progress)


@bp.get(BASE)
@login_required
def index(course_slug: str):
    found = threads.list_forums(current_user, course_slug, run_slug=request.args.get("run"), now=clock.now())
    return render_template("discussions/index.html", found=found, forum=found.forum, course=found.forum.course)


@bp.get(BASE + "/forums/<forum>")
@login_required
def forum(course_slug: str, forum: str):
    found = threads.list_threads(current_user, course_slug, forum, run_slug=request.args.get("run"),
                                 cursor=Cursor.from_args(request.args), now=clock.now())
    return render_template("discussions/forum.html", found=found, forum=found.forum, course=found.forum.course,
                           board=found.board)


@bp.route(BASE + "/forums/<forum>/new", methods=["GET", "POST"])
@login_required
def new_thread(course_slug: str, forum: str):
    run_slug, prompt_slug = request.args.get("run"), request.args.get("prompt")
    found = threads.new_thread(current_user, course_slug, forum, run_slug=run_slug, prompt_slug=prompt_slug, now=clock.now())
    form = ThreadForm()
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            try:
                posted = posting.start_thread(current_user, course_slug, forum, title=form.title.data or "",
                                              text=form.body.data or "", token=form.token.data or "",
                                              prompt_slug=prompt_slug, run_slug=run_slug, now=clock.now())
            except ValidationError as error:
                db.session.rollback()
                _refused(form, error)
            except (posting.CannotWrite, moderation.PostingLimit) as error:  # the text stays in the form
                db.session.rollback()
                flash(str(error), "error")
                status = error.http_status
            else:
                db.session.commit()
                posted_message(posted)
                return redirect(to_post(course_slug, posted.post))
        else:
            said_if_expired(form)
    return render_template("discussions/new_thread.html", found=found, form=form, forum=found.forum,
                           course=found.forum.course, board=found.board), status


def _refused(form, error: ValidationError) -> None:
    """A field's complaint next to it; an expired token's on top, with a fresh token."""
    if error.field == "token":
        form.fresh_token()
        flash(str(error), "error")
    else:
        show_field_error(form, error)


def said_if_expired(form) -> None:
    """A refused form whose only faults are in its hidden fields (a page left open too long, a mangled
    token): said on top, with a fresh token; what was typed stays."""
    if form.errors and set(form.errors) <= {"csrf_token", "token"}:
        if hasattr(form, "fresh_token"):
            form.fresh_token()
        flash(gettext("That form had expired. Please try again."), "error")
