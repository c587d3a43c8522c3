"""Turn notifications into e-mails (subject, text, HTML) in each recipient's language and time
zone: one set of templates (``email/*.txt``) and subjects, all through gettext, drawn inside
``in_language(recipient's language)``; a language that is not shipped reads the site's default.
``Composer`` makes what many recipients share once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from flask import render_template
from markupsafe import Markup, escape

from lms.core.filters import localtime
from lms.core.i18n import default_language, gettext, in_language, is_language, ngettext
from lms.core.mail import Letter, PreparedMessage, message_id
from lms.core.urls import external_url
from lms.notifications.models import Notification, NotificationText

if TYPE_CHECKING:
    from lms.accounts.models import User

NAME = "\x1fname\x1f"  # stands for the recipient's name in a rendering shared by many; names hold no control characters
BODY = "\x1fbody\x1f"  # where an announcement's own HTML goes in the HTML part (its Markdown is the text part)
CACHED_RENDERINGS = 1000  # a run's cache of renderings is emptied past this many


@dataclass(frozen=True)
class Words:
    """An e-mail's subject, text and HTML, with NAME where the recipient's name goes."""

    subject: str
    text: str
    html: str


class _Recipient:
    """The recipient while a shared rendering is drawn: only the name may differ between the
    recipients who share it (language and zone are part of its key), so a template asking for
    anything else about the person fails here instead of silently rendering someone else's."""

    name = NAME

    def __getattr__(self, attribute: str):
        raise LookupError(f"e-mail templates may use user.name only, not user.{attribute}")


def _when(value: str | None, zone: str | None) -> str:
    return localtime(datetime.fromisoformat(value), zone) if value else ""


def _links(payload: dict) -> dict[str, str]:
    links = {"settings": external_url("home.account")}
    if payload.get("course"):
        links["course"] = external_url("catalog.course", course_slug=payload["course"])
    if payload.get("module"):
        links["module"] = external_url("learn.module", course_slug=payload["course"], module_slug=payload["module"])
    if payload.get("activity"):
        links["activity"] = external_url("activities.activity", course_slug=payload["course"], module_slug=payload["module"],
                                         activity_slug=payload["activity"])
    if payload.get("assertion"):
        links["badge"] = external_url("badges.assertion", uid=payload["assertion"], fmt="")
        links["my_badges"] = external_url("badges.mine")
    if payload.get("review"):
        links["review"] = external_url("review.review", review_id=payload["review"])
    return links


def _render(name: str, **context) -> str:
    return render_template(f"email/{name}", **context)


# Each kind's subject, a whole sentence per msgid with named placeholders (payload values).
_SUBJECTS = {
    "module_opened": lambda p: gettext("“%(module)s” is now open", module=p["module_title"]),
    "schedule_changed": lambda p: gettext("New dates in %(course)s", course=p["course_title"]),
    "window_closing": lambda p: gettext("%(course)s closes in 7 days", course=p["course_title"]),
    "inactivity": lambda p: gettext("Your course is waiting for you: %(course)s", course=p["course_title"]),
    "review_received": lambda p: gettext("A peer has reviewed your work: %(activity)s", activity=p["activity_title"]),
    "claim_expiring": lambda p: gettext("Your review of “%(activity)s” expires soon", activity=p["activity_title"]),
    "review_duties": lambda p: gettext("Peer review still open in %(course)s", course=p["course_title"]),
    "badge_awarded": lambda p: gettext("You earned a badge: %(badge)s", badge=p["badge_title"]),
    "work_hidden": lambda p: gettext("A tutor has hidden your work: %(activity)s", activity=p["activity_title"]),
    "work_restored": lambda p: gettext("A tutor has restored your work: %(activity)s", activity=p["activity_title"]),
    "result_overridden": lambda p: gettext("A tutor has set your result: %(activity)s", activity=p["activity_title"]),
    "announcement": lambda p: p["subject"],  # the tutor's own words
    "discussion_reply": lambda p: gettext("New reply in “%(thread)s”", thread=p["title"]),
    "discussion_digest": lambda p: ngettext("%(num)d new reply in discussions you follow",
                                            "%(num)d new replies in discussions you follow", p["count"]),
    "post_hidden": lambda p: gettext("A tutor has hidden your post in “%(thread)s”", thread=p["thread_title"]),
    "data_export_ready": lambda p: gettext("Your data is ready to download"),
    "account_inactive": lambda p: gettext("Your account will be deleted unless you log in"),
    "event": lambda p: _render("event_subject.txt", payload=p).strip(),  # events' own words, by what happened
    "organisation_award": lambda p: gettext("A decision on %(organisation)s's application", organisation=p["organisation_name"]),
    "programme_completed": lambda p: gettext("You completed the programme “%(programme)s”", programme=p["title"]),
}


def subject_for(kind: str, payload: dict) -> str:
    """A notification's subject, in the language being drawn."""
    return _SUBJECTS[kind](payload)


_URL = re.compile(r"(https?://[^\s<]+)")


def html_from_text(text: str) -> Markup:
    """The HTML part mirrors the text part: paragraphs, "- " lists, and live links."""
    html = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [_URL.sub(r'<a href="\1">\1</a>', str(escape(line))) for line in block.splitlines() if line.strip()]
        if lines and lines[0] == "--":
            html.append('<p style="color:#4d5566;font-size:.9em">' + "<br>".join(lines[1:]) + "</p>")
            continue
        prose = [line for line in lines if not line.startswith("- ")]
        items = [line[2:] for line in lines if line.startswith("- ")]
        if prose:
            html.append("<p>" + "<br>".join(prose) + "</p>")
        if items:
            html.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
    return Markup("\n".join(html))


def recipient_language(user: User) -> str:
    """The language a person's e-mail is written in: their saved choice if it is shipped, else the site's default."""
    return user.language if is_language(user.language) else default_language()


def _page(subject: str, text: str, language: str, body: Markup | None = None) -> Words:
    html = render_template("email/layout.html", subject=subject, language=language, body=body or html_from_text(text))
    return Words(subject, text, html)


def words_for(kind: str, payload: dict, *, language: str, zone: str | None, text: NotificationText | None = None) -> Words:
    """One notification's e-mail in a language and time zone, for whoever stands at NAME; ``text``:
    the words its payload names (older payloads carry ``text`` and ``html`` themselves)."""
    if text is not None:
        payload = {**payload, "text": text.text, "html": text.html}
    with in_language(language):
        context = {"user": _Recipient(), "payload": payload, "links": _links(payload), "url": external_url,
                   "courses": payload.get("course_title", ""), "when": lambda value: _when(value, zone)}
        text = _render(f"{kind}.txt", **context)
        if kind != "announcement":
            return _page(subject_for(kind, payload), text, language)
        # A tutor's announcement: the HTML part shows its sanitised HTML where the text part has its Markdown.
        marked = html_from_text(_render(f"{kind}.txt", **context, body=BODY))
        own = f'<div lang="{escape(payload["language"])}">{payload["html"]}</div>'
        body = Markup(str(marked).replace(f"<p>{BODY}</p>", own))
        return _page(subject_for(kind, payload), text, language, body)


def words_for_badges(payloads: list[dict], *, language: str) -> Words:
    """Several badges earned in a burst, in one message."""
    badges = [{"title": p["badge_title"], "course_title": p["course_title"], "link": _links(p)["badge"]} for p in payloads]
    with in_language(language):
        context = {"user": _Recipient(), "badges": badges,
                   "courses": ", ".join(dict.fromkeys(badge["course_title"] for badge in badges)),
                   "links": {"my_badges": external_url("badges.mine"), "settings": external_url("home.account")}}
        subject = ngettext("You earned %(num)d badge", "You earned %(num)d badges", len(badges))
        return _page(subject, _render("badges_awarded.txt", **context), language)


class Composer:
    """Writes the e-mails of one delivery run. Many recipients share a message (a module opening
    for a whole run), so what they share is made once per run: the words per (kind, payload,
    language, time zone) and the MIME structure per subject. Per recipient only the name, To
    and Message-ID change."""

    def __init__(self, *, sender: str, date: datetime):
        self.sender, self.date = sender, date
        self._words: dict[tuple, Words] = {}
        self._prepared: dict[tuple[str, str], PreparedMessage] = {}

    def letter(self, notifications: list[Notification], user: User, text: NotificationText | None = None) -> Letter:
        """The e-mail for these notifications (one, or a recipient's badges together), in the
        recipient's language and zone, with a Message-ID that is the same if it is ever sent again;
        ``text``: the words a single notification names by ``text_id``."""
        language = recipient_language(user)
        words = self._shared_words(notifications, language, user.timezone, text)
        first = min(notifications, key=lambda notification: notification.id)
        identifier = message_id(f"{first.created_at:%Y%m%d%H%M%S}.notification-{first.id}")
        text = words.text.replace(NAME, user.name)
        html = words.html.replace(NAME, str(escape(user.name)))
        return self._prepared_for(words.subject, language).letter(user.email, text, html, message_id=identifier)

    def _shared_words(self, notifications: list[Notification], language: str, zone: str | None,
                      text: NotificationText | None) -> Words:
        payloads = [notification.payload for notification in notifications]
        kind = notifications[0].kind if len(notifications) == 1 else "badges_awarded"
        key = (kind, json.dumps(payloads, sort_keys=True), language, zone)  # a payload names its words by id
        if key not in self._words:
            if len(self._words) >= CACHED_RENDERINGS:
                self._words.clear()
            self._words[key] = (words_for(kind, payloads[0], language=language, zone=zone, text=text) if len(payloads) == 1
                                else words_for_badges(payloads, language=language))
        return self._words[key]

    def _prepared_for(self, subject: str, language: str) -> PreparedMessage:
        key = (subject, language)
        if key not in self._prepared:
            if len(self._prepared) >= CACHED_RENDERINGS:
                self._prepared.clear()
            self._prepared[key] = PreparedMessage(subject, sender=self.sender, date=self.date, language=language)
        return self._prepared[key]
