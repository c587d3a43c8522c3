"""Discussions: a thread's page, replying (quoting), changing and removing one's post, its history."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.core import clock
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.forms import ActionForm, form_int, show_field_error
from lms.core.i18n import gettext
from lms.core.keyset import TOP, Cursor
from lms.discussions.forms.posting import EditFirstPostForm, EditForm, ReplyForm
from lms.discussions.services import moderation, posting, threads
from lms.discussions.views import bp
from lms.discussions.views.forums import BASE, posted_message, said_if_expired, to_post

THREAD = BASE + "/threads/<int:thread_id>"
POST = BASE + "/posts/<int:post_id>"


def _thread_page(page: threads.ThreadPage, form: ReplyForm, status: int = 200, cursor: Cursor = TOP):
    return render_template(
        "discussions/thread.html", page=page, thread=page.thread, forum=page.forum, course=page.forum.course,
        board=page.board, form=form, action=ActionForm(), mine_helpful=page.mine_helpful, reported=page.reported, following=page.following,
        cursor_args=cursor.args()), status


@bp.get(THREAD)
@login_required
def thread(course_slug: str, thread_id: int):
    cursor = Cursor.from_args(request.args)
    page = threads.get_thread_page(current_user, course_slug, thread_id, cursor=cursor,
                                   quote_id=form_int(request.args.get("quote")), now=clock.now())
    db.session.commit()  # the read mark
    form = ReplyForm()
    if page.quote:
        form.body.data, form.quoted_post_id.data = page.quote["text"], str(page.quote["id"])
    return _thread_page(page, form, cursor=cursor)


@bp.post(THREAD + "/reply")
@login_required
def reply(course_slug: str, thread_id: int):
    form = ReplyForm()
    message, status = None, 422
    if form.validate_on_submit():
        try:
            posted = posting.reply(current_user, thread_id, text=form.body.data or "", token=form.token.data or "",
                                   quoted_post_id=form.quoted(), now=clock.now(), course_slug=course_slug)
        except ValidationError as error:
            db.session.rollback()
            if error.field == "token":
                form.fresh_token()
                message = str(error)
            else:
                show_field_error(form, error)
        except (posting.CannotWrite, moderation.PostingLimit) as error:  # the text stays in the form
            db.session.rollback()
            form.fresh_token()
            message, status = str(error), error.http_status
        else:
            db.session.commit()
            posted_message(posted)
            return redirect(to_post(course_slug, posted.post))
    else:
        said_if_expired(form)
    # Refused: the thread again with the reply form holding what was typed, and why.
    page = threads.get_thread_page(current_user, course_slug, thread_id, cursor=TOP, now=clock.now())
    db.session.commit()
    if message:
        flash(message, "error")
    return _thread_page(page, form, status)


def _back_to(course_slug: str, post) -> str:
    return url_for("discussions.thread", course_slug=course_slug, thread_id=post.thread_id, after=post.id - 1,
                   _anchor=f"post-{post.id}")


@bp.route(POST + "/edit", methods=["GET", "POST"])
@login_required
def edit_post(course_slug: str, post_id: int):
    now = clock.now()
    try:
        found = posting.editable_post(current_user, post_id, now=now, course_slug=course_slug)
    except (posting.CannotWrite, posting.EditWindowClosed) as error:
        flash(str(error), "error")
        if request.method == "GET":
            _, _, post = posting.post_forum(current_user, post_id, now=now)
            return redirect(_back_to(course_slug, post))
        # Refused meanwhile (the window ran out, the thread was locked): the typed text stays on the page.
        found = posting.own_post(current_user, post_id, now=now, course_slug=course_slug)
        form = EditFirstPostForm() if found.first else EditForm()
        return render_template("discussions/edit_post.html", found=found, form=form, forum=found.forum, course=found.forum.course,
                               thread=found.thread, post=found.post, edit_window=threads.edit_window()), 409
    form = EditFirstPostForm() if found.first else EditForm()
    if request.method == "GET":
        form.body.data = found.post.text
        if found.first:
            form.title.data = found.thread.title
    elif form.validate_on_submit():
        try:
            post = posting.edit_post(current_user, post_id, text=form.body.data or "", now=now, course_slug=course_slug,
                                     title=form.title.data if found.first else None)
        except ValidationError as error:
            db.session.rollback()
            show_field_error(form, error)
        except (posting.CannotWrite, posting.EditWindowClosed) as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(gettext("Your changes are saved."), "success")
            return redirect(_back_to(course_slug, post))
    else:
        said_if_expired(form)
    status = 422 if request.method == "POST" else 200
    return render_template("discussions/edit_post.html", found=found, form=form, forum=found.forum, course=found.forum.course,
                           thread=found.thread, post=found.post, edit_window=threads.edit_window()), status


@bp.post(POST + "/delete")
@login_required
def delete_post(course_slug: str, post_id: int):
    if not ActionForm().validate_on_submit():
        _, _, post = posting.post_forum(current_user, post_id, now=clock.now())  # a stranger still learns nothing: 404
        flash(gettext("That form had expired. Please try again."), "error")
        return redirect(_back_to(course_slug, post))
    try:
        post = posting.delete_post(current_user, post_id, clock.now(), course_slug=course_slug)
    except posting.CannotWrite as refusal:
        _, _, post = posting.post_forum(current_user, post_id, now=clock.now())
        flash(str(refusal), "error")
        return redirect(_back_to(course_slug, post))
    db.session.commit()
    flash(gettext("Your post is removed. Replies to it stay."), "success")
    return redirect(_back_to(course_slug, post))


@bp.get(POST + "/history")
@login_required
def post_history(course_slug: str, post_id: int):
    found = posting.post_history(current_user, post_id, now=clock.now(), course_slug=course_slug)
    return render_template("discussions/history.html", found=found, forum=found.forum, course=found.forum.course,
                           thread=found.thread, post=found.post)
