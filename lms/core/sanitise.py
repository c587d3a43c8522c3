"""The one place that decides which HTML may reach a page (nh3, an allow-list)."""

from __future__ import annotations

import re

import nh3

VIDEO_EMBED_PREFIXES = (
    "https://www.youtube-nocookie.com/embed/",
    "https://player.vimeo.com/video/",
)

_TAGS = (set(nh3.ALLOWED_TAGS) | {"iframe", "figure", "figcaption"}) - {"map", "area"}
_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "iframe": {"src", "title", "allowfullscreen", "loading", "width", "height"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "code": {"class"},
    "div": {"class"},
    "*": {"id", "lang", "title"},
}
_SAFE_CLASS = re.compile(r"^(language-[A-Za-z0-9_+-]+|video|codehilite)$")


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "iframe" and attribute == "src":
        return value if value.startswith(VIDEO_EMBED_PREFIXES) else None
    if attribute == "class":
        return value if _SAFE_CLASS.match(value) else None
    return value


# An iframe in nh3's output. nh3 escapes "<", ">" and '"' inside attribute values, and an
# iframe's content is raw text that ends at the first "</iframe", so this cannot misfire.
_IFRAME = re.compile(r"<iframe\b([^>]*)>.*?</iframe>", re.DOTALL)


def _tidy_iframe(match: re.Match) -> str:
    """Drop an iframe whose address ``_filter`` refused (it would show as an empty box),
    and the raw text inside any iframe: nh3 copies it out verbatim, so ``<iframe><script>``
    comes out with a ``<script>`` in it that is inert only where iframe content is raw text."""
    attributes = match.group(1)
    return f"<iframe{attributes}></iframe>" if ' src="' in attributes else ""


def sanitise_html(html: str, *, media: bool = True) -> str:
    """Strip scripts, event handlers, ``javascript:`` URLs and unknown tags (and, with
    ``media=False``, images and iframes)."""
    cleaned = nh3.clean(
        html,
        tags=_TAGS if media else _TAGS - {"img", "iframe"},
        attributes=_ATTRIBUTES,
        attribute_filter=_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _IFRAME.sub(_tidy_iframe, cleaned)

