"""Turn a notification into words: an e-mail (subject, text, HTML) in the
recipient's language and time zone. English is the fallback language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from flask import render_template
from jinja2 import TemplateNotFound
from markupsafe import Markup, escape

from lms.core.filters import localtime
from lms.core.urls import external_url
from lms.notifications.models import Notification

if TYPE_CHECKING:
    from lms.accounts.models import User

SUBJECTS = {
    "en": {
        "module_opened": "“{module_title}” is now open",
        "schedule_changed": "New dates in {course_title}",
        "window_closing": "{course_title} closes in 7 days",
        "inactivity": "Your course is waiting for you: {course_title}",
        "review_received": "A peer has reviewed your work: {activity_title}",
        "claim_expiring": "Your review of “{activity_title}” expires soon",
        "review_duties": "Peer review still open in {course_title}",
        "badge_awarded": "You earned a badge: {badge_title}",
        "badges_awarded": "You earned {count} badges",
        "work_hidden": "A tutor has hidden your work: {activity_title}",
        "work_restored": "A tutor has restored your work: {activity_title}",
        "result_overridden": "A tutor has set your result: {activity_title}",
    },
    "fr": {
        "module_opened": "« {module_title} » est maintenant ouvert",
        "schedule_changed": "Nouvelles dates dans {course_title}",
        "window_closing": "{course_title} ferme dans 7 jours",
        "inactivity": "Votre cours vous attend : {course_title}",
        "review_received": "Un pair a évalué votre travail : {activity_title}",
        "claim_expiring": "Votre évaluation de « {activity_title} » expire bientôt",
        "review_duties": "Évaluation par les pairs à terminer dans {course_title}",
        "badge_awarded": "Vous avez obtenu un badge : {badge_title}",
        "badges_awarded": "Vous avez obtenu {count} badges",
        "work_hidden": "Un tuteur a masqué votre travail : {activity_title}",
        "work_restored": "Un tuteur a rétabli votre travail : {activity_title}",
        "result_overridden": "Un tuteur a fixé votre résultat : {activity_title}",
    },
}


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str


def _when(value: str | None, user: User) -> str:
    return localtime(datetime.fromisoformat(value), user.timezone) if value else ""


def _links(payload: dict) -> dict[str, str]:
    links = {"course": external_url("catalog.course", course_slug=payload["course"]),
             "settings": external_url("home.account")}
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


def _render(name: str, language: str, **context) -> str:
    try:
        return render_template(f"email/{language}/{name}", **context)
    except TemplateNotFound:
        return render_template(f"email/en/{name}", **context)


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


def compose_email(notification: Notification, user: User) -> Email:
    language = user.language if user.language in SUBJECTS else "en"
    payload = notification.payload
    context = {
        "user": user,
        "payload": payload,
        "links": _links(payload),
        "when": lambda value: _when(value, user),
    }
    subject = SUBJECTS[language][notification.kind].format(**payload)
    text = _render(f"{notification.kind}.txt", language, **context)
    html = render_template("email/layout.html", subject=subject, language=language, body=html_from_text(text))
    return Email(to=user.email, subject=subject, text=text, html=html)


def compose_badges_email(notifications: list[Notification], user: User) -> Email:
    """Several badges earned in a burst, in one message."""
    language = user.language if user.language in SUBJECTS else "en"
    badges = [{"title": n.payload["badge_title"], "course_title": n.payload["course_title"],
               "link": _links(n.payload)["badge"]} for n in notifications]
    courses = list(dict.fromkeys(badge["course_title"] for badge in badges))
    context = {"user": user, "badges": badges, "courses": ", ".join(courses),
               "links": {"my_badges": external_url("badges.mine"), "settings": external_url("home.account")}}
    subject = SUBJECTS[language]["badges_awarded"].format(count=len(badges))
    text = _render("badges_awarded.txt", language, **context)
    html = render_template("email/layout.html", subject=subject, language=language, body=html_from_text(text))
    return Email(to=user.email, subject=subject, text=text, html=html)
