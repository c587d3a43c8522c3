"""Conditional GET for pages that show one person's state: a reload of an unchanged page is
a 304, answered after the service's checks but without drawing the page again; and the same
page asked for again without the browser's copy (another tab, a back-and-forth) is served as
drawn last time, from a bounded per-process memory of the last pages by ETag.

The ETag is a digest of the page's ``version`` (what the service computed that the page shows
beyond the course's content hash: progress, opening times, the run ...), the page's address,
who is looking and how (their log-in, zone, language, bell count and tutor link), this release
of the code and templates, and the log-in's form token with the half-hour it was issued in: a
page kept by the browser (or by us) is only reused while the forms in it still work. A page that
shows a flashed message is never kept (no ETag), never answered with a 304, never reused."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from flask import Flask, Response, current_app, make_response, request, session
from flask_login import current_user

from lms.core import clock
from lms.core.fragments import LRU
from lms.core.i18n import current_language

DEFAULT_SIZE = 512  # pages of 5-15 KB: a few MB per process

LMS = Path(__file__).resolve().parents[1]


@cache
def release() -> str:
    """A digest of the code, templates and catalogues this process serves: a deployment (or a
    translation) changes every ETag."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(LMS.rglob("*")):
        if path.suffix in (".py", ".html", ".txt", ".po"):
            digest.update(str(path.relative_to(LMS)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _token_period() -> tuple[str, int]:
    """The log-in's raw form token (its digest) and the half of its lifetime we are in: a kept
    page's token is at least half a lifetime from expiring when it is reused."""
    raw = session.get("csrf_token")
    limit = current_app.config.get("WTF_CSRF_TIME_LIMIT", 3600)
    period = int(clock.real_now().timestamp() // (limit / 2)) if limit else 0
    return (hashlib.blake2b(raw.encode(), digest_size=8).hexdigest() if raw else ""), period


def _viewer() -> tuple:
    user = current_user._get_current_object()
    if not user.is_authenticated:
        return ("visitor", current_app.config["DEFAULT_TIMEZONE"], current_language())
    return (user.get_id(), user.timezone, current_language(), user.unread_count, user.is_tutor_anywhere)


def etag(version: tuple, token: tuple[str, int]) -> str:
    text = repr((release(), request.path, version, _viewer(), token))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def page(version: tuple, render: Callable[[], str]) -> Response:
    """``render()`` as the response, or a 304 when the browser holds this very page."""
    if session.get("_flashes"):  # the message shows once: this page is not to be kept
        response = make_response(render())
        response.cache_control.no_store = True
        return response
    token = _token_period()
    tag = etag(version, token)
    drawn: LRU = current_app.extensions["drawn_pages"]
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    elif (body := drawn.get(tag)) is not None:
        response = make_response(body)
    else:
        response = make_response(body := render())
        if _token_period() != token:  # drawing the page issued the log-in's first form token
            tag = etag(version, _token_period())
        drawn.put(tag, body)
    response.set_etag(tag)
    response.cache_control.private = True
    response.cache_control.no_cache = True  # kept, but asked about on every use
    response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    app.extensions["drawn_pages"] = LRU(app.config.get("DRAWN_PAGES_KEPT", DEFAULT_SIZE))
