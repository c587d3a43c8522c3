"""Markdown to safe HTML, done once at sync time; pages serve the stored result."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import parse_qs, urlparse

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from lms.core.sanitise import sanitise_html

# Bump when rendering or sanitising changes, so the next sync re-renders everything.
RENDERER_VERSION = "3"

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")
# At most three spaces in front: four or more make an indented code block (or a list item's text).
_VIDEO_LINE = re.compile(r"^ {0,3}(?:\[(?P<title>[^\]]+)\]\((?P<url1>https?://\S+)\)|<?(?P<url2>https?://\S+?)>?)\s*$")


def video_embed_url(url: str) -> str | None:
    """The privacy-friendly embed address of a YouTube or Vimeo link, if it is one."""
    parsed = urlparse(url)
    host = parsed.netloc.lower().removeprefix("www.").removeprefix("m.")
    video_id = None
    if host == "youtube.com" and parsed.path == "/watch":
        video_id = parse_qs(parsed.query).get("v", [None])[0]
    elif host == "youtu.be":
        video_id = parsed.path.lstrip("/")
    elif host == "vimeo.com" and parsed.path.strip("/").isdigit():
        return f"https://player.vimeo.com/video/{parsed.path.strip('/')}"
    if video_id and re.fullmatch(r"[A-Za-z0-9_-]{6,20}", video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    return None


def _ends_paragraph(line: str | None) -> bool:
    """Whether ``line`` (``None``: the start or end of the text) separates paragraphs."""
    return line is None or not line.strip() or bool(_HEADING.match(line))


def _embed_videos(text: str) -> str:
    """A paragraph that is only a video link becomes an embedded player; a link on
    its own line in the middle of a paragraph stays part of that paragraph."""
    lines = text.split("\n")
    out, in_fence = [], False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        alone = _ends_paragraph(lines[index - 1] if index else None) and _ends_paragraph(
            lines[index + 1] if index + 1 < len(lines) else None
        )
        match = _VIDEO_LINE.match(line) if alone and not in_fence else None
        embed = video_embed_url(match.group("url1") or match.group("url2")) if match else None
        if embed:
            title = escape(match.group("title") or "Embedded video")
            line = (
                f'<div class="video"><iframe src="{embed}" title="{title}" '
                f'loading="lazy" allowfullscreen></iframe></div>'
            )
        out.append(line)
    return "\n".join(out)


class _AssetUrls(Treeprocessor):
    def __init__(self, md, asset_base: str):
        super().__init__(md)
        self.asset_base = asset_base

    def run(self, root):
        for img in root.iter("img"):
            src = img.get("src", "")
            if src and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^#", src):
                img.set("src", self.asset_base + src.removeprefix("./"))
            img.set("loading", "lazy")


class _AssetExtension(Extension):
    def __init__(self, asset_base: str):
        super().__init__()
        self.asset_base = asset_base

    def extendMarkdown(self, md):
        md.treeprocessors.register(_AssetUrls(md, self.asset_base), "lms_assets", 0)


def render_markdown(text: str, *, asset_base: str = "", media: bool = True) -> str:
    """Render Markdown (tables, fenced code, heading anchors, images, video links) and sanitise it.

    ``media=False`` (learners' own writing) drops images and embeds: a remote image in a
    submission would tell its author who opened it, and when."""
    md = markdown.Markdown(
        extensions=[
            "tables",
            "fenced_code",
            "sane_lists",
            "toc",
            _AssetExtension(asset_base),
        ],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    if not media:
        return sanitise_html(md.convert(text), media=False)
    return sanitise_html(md.convert(_embed_videos(text)))
