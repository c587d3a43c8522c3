"""Absolute links for e-mails, feeds and badges, built from LMS_BASE_URL, with or without a request."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import current_app, request, url_for


def external_url(endpoint: str, _anchor: str | None = None, **values) -> str:
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{quote(_anchor)}" if _anchor else url


def back_on_this_site(fallback_endpoint: str = "home.dashboard") -> str:
    """The page that sent the form, if it is a page of this site; otherwise the fallback, so that
    a form posted from elsewhere cannot send the person on to another site."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.scheme in ("http", "https") and referrer.path.startswith("/"):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return url_for(fallback_endpoint)
