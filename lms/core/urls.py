"""Absolute links for e-mails, feeds and badges, built from LMS_BASE_URL, with or without a request."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import current_app


def external_url(endpoint: str, _anchor: str | None = None, **values) -> str:
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{quote(_anchor)}" if _anchor else url
