"""The learner's professional learning record: /my/record and its entries, tags and exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, send_file, \
    send_from_directory, url_for
from flask_login import current_user, login_required

from lms.core import clock
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.forms import ActionForm, form_int, show_field_error
from lms.core.i18n import formatting_locale, gettext
from lms.core.site_settings import site_setting
from lms.core.spreadsheet import MEDIA_TYPE, attachment
from lms.record import services as record
from lms.record.forms import EntryForm, SettingsForm, TagForm

bp = Blueprint("record", __name__, template_folder="templates")
PRIVATE = {"Cache-Control": "private, no-store"}


@bp.app_template_filter("record_day")
def record_day(value: date) -> str:
    """A calendar day as it was typed ('25 September 2026', '25 septembre 2026'): no zone to convert."""
    return format_date(value, "long", locale=formatting_locale())


@bp.before_request
@login_required
def require_login():
    """Every page here is one person's own."""


def _upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "record"


def _today() -> date:
    return clock.now().astimezone(ZoneInfo(current_user.timezone)).date()


def _settings_form(page: record.RecordPage) -> SettingsForm:
    form = SettingsForm(data={"include_reflections": page.settings.include_reflections,
                              "framework": str(page.settings.framework.id) if page.settings.framework else ""})
    form.framework.choices = [("", gettext("No framework"))] + [(str(f.id), f.title) for f in page.frameworks]
    return form


@bp.get("/my/record")
def index():
    page = record.get_record(current_user.id, page=form_int(request.args.get("page"), digits=5) or 1,
                             standard_id=form_int(request.args.get("standard")))
    return render_template("record/index.html", record=page, form=_settings_form(page), kinds=record.kind_names())


@bp.post("/my/record/settings")
def settings():
    form = SettingsForm()
    form.framework.choices = [("", "")] + [(str(f.id), f.title) for f in record.list_frameworks()]
    if form.validate_on_submit():
        try:
            record.save_settings(current_user.id, include_reflections=bool(form.include_reflections.data),
                                 framework_id=form_int(form.framework.data))
        except ValidationError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(gettext("Your record's settings are saved."), "success")
    else:
        flash(gettext("The form has expired: try again."), "error")
    return redirect(url_for(".index"))


def _upload(form: EntryForm) -> record.Upload | None:
    file = form.file.data
    if not file or not getattr(file, "filename", ""):
        return None
    try:
        return record.Upload(file.filename, file.read())
    finally:
        file.close()  # a large upload waits in a temporary file: let it go now


def _entry_input(form: EntryForm) -> record.EntryInput:
    return record.EntryInput(title=form.title.data or "", provider=form.provider.data or "",
                             started_on=form.started_on.data or "", ended_on=form.ended_on.data or "",
                             hours=form.hours.data or "", note=form.note.data or "")


def _save(form: EntryForm, save) -> Response | None:
    """Validate and save; None (the form keeps its errors and what was typed) when it cannot be saved."""
    if not form.validate_on_submit():
        return None
    try:
        done = save()
    except ValidationError as error:
        db.session.rollback()
        show_field_error(form, error)
        return None
    db.session.commit()
    if isinstance(done, tuple) and done[1] is not None:
        done[1].unlink(missing_ok=True)  # the file the entry no longer has, once the change is committed
    return redirect(url_for(".index"))


@bp.route("/my/record/entries/new", methods=["GET", "POST"])
def new_entry():
    form = EntryForm()
    if request.method == "POST":
        answer = _save(form, lambda: record.add_entry(
            current_user.id, form.form_token.data or "", _entry_input(form), upload=_upload(form),
            upload_dir=_upload_dir(), max_bytes=current_app.config["MAX_ATTACHMENT_BYTES"], today=_today(),
            now=clock.now()))
        if answer is not None:
            flash(gettext("Added to your record."), "success")
            return answer
    return render_template("record/entry.html", form=form, entry=None), 422 if form.errors else 200


@bp.route("/my/record/entries/<int:entry_id>/edit", methods=["GET", "POST"])
def edit_entry(entry_id: int):
    entry = record.get_entry(current_user.id, entry_id)
    form = EntryForm(obj=entry) if request.method == "GET" else EntryForm()
    if request.method == "GET":
        form.started_on.data = entry.started_on.isoformat()
        form.ended_on.data = entry.ended_on.isoformat() if entry.ended_on else ""
        form.hours.data = f"{entry.hours:g}" if entry.hours is not None else ""
    else:
        answer = _save(form, lambda: record.update_entry(
            current_user.id, entry_id, _entry_input(form), upload=_upload(form), remove_file=bool(form.remove_file.data),
            upload_dir=_upload_dir(), max_bytes=current_app.config["MAX_ATTACHMENT_BYTES"], today=_today(),
            now=clock.now()))
        if answer is not None:
            flash(gettext("Your entry is saved."), "success")
            return answer
    return render_template("record/entry.html", form=form, entry=entry), 422 if form.errors else 200


@bp.route("/my/record/entries/<int:entry_id>/delete", methods=["GET", "POST"])
def delete_entry(entry_id: int):
    entry = record.get_entry(current_user.id, entry_id)
    form = ActionForm()
    if form.validate_on_submit():
        doomed = record.delete_entry(current_user.id, entry_id, _upload_dir())
        db.session.commit()
        if doomed is not None:
            doomed.unlink(missing_ok=True)
        flash(gettext("The entry is deleted from your record."), "success")
        return redirect(url_for(".index"))
    return render_template("record/delete.html", form=form, entry=entry)


@bp.get("/my/record/entries/<int:entry_id>/file")
def entry_file(entry_id: int):
    entry = record.entry_file(current_user.id, entry_id)
    if not (_upload_dir() / entry.file_key).is_file():
        return Response(gettext("This file is no longer kept."), status=404, mimetype="text/plain")
    return send_from_directory(_upload_dir(), entry.file_key, mimetype=entry.file_type, as_attachment=True,
                               download_name=entry.file_name, max_age=0)


@bp.route("/my/record/tags", methods=["GET", "POST"])
def tags():
    key = request.values.get("entry", "")
    entry = record.find_entry(current_user.id, key)
    settings = record.get_settings(current_user.id)
    if settings.framework is None:
        flash(gettext("Choose a standards framework first, in your record's settings."), "error")
        return redirect(url_for(".index"))
    standards = record.framework_standards(settings.framework.id)
    form, status = TagForm(data={"entry": key}), 200
    if request.method == "POST" and form.validate_on_submit():
        chosen = [number for number in (form_int(raw) for raw in request.form.getlist("standard")) if number is not None]
        try:
            record.set_tags(current_user.id, key, settings.framework.id, chosen)
        except ValidationError as error:
            db.session.rollback()
            flash(str(error), "error")
            status = 422
        else:
            db.session.commit()
            flash(gettext("The standards of this entry are saved."), "success")
            return redirect(url_for(".index") + f"#entry-{entry.kind}-{entry.ref}")
    groups: list[tuple[str | None, list]] = []
    for standard in standards:  # the file's order, one fieldset per run of standards of a group
        if not groups or groups[-1][0] != standard.group_name:
            groups.append((standard.group_name, []))
        groups[-1][1].append(standard)
    tagged = {tag.standard_id for tag in entry.tags}
    return render_template("record/tags.html", form=form, entry=entry, framework=settings.framework,
                           groups=groups, tagged=tagged, kinds=record.kind_names()), status


@bp.get("/my/record/record.csv")
def export_csv():
    entries = record.entries_of(current_user.id)
    return Response(record.csv_file(entries, current_user.timezone), content_type=MEDIA_TYPE,
                    headers={"Content-Disposition": attachment(gettext("learning-record") + ".csv"), **PRIVATE})


@bp.get("/my/record/record.pdf")
def export_pdf():
    entries = record.entries_of(current_user.id)
    body = record.pdf_file(entries, name=current_user.name, zone=current_user.timezone,
                           site_name=site_setting("site_name"), now=clock.now())
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": attachment(gettext("learning-record") + ".pdf"), **PRIVATE})


@bp.get("/my/record/badges.zip")
def export_badges():
    archive, _ = record.badges_zip(current_user.id, name=current_user.name)
    response = send_file(archive, mimetype="application/zip", as_attachment=True,
                         download_name=gettext("my-badges") + ".zip", max_age=0)
    response.headers["Cache-Control"] = PRIVATE["Cache-Control"]
    return response
