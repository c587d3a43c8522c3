"""Markdown to the HTML a learner sees (lms.core.render), checked by parsing the output."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from lms.core.render import render_markdown

ASSETS = "/assets/demo/"
YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/"
VIMEO_EMBED = "https://player.vimeo.com/video/"


class Elements(HTMLParser):
    """Every start tag as (tag, {attribute: value}), plus the text, from an HTML string."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text_parts.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def one(self, tag: str) -> dict[str, str | None]:
        found = self.all(tag)
        assert len(found) == 1, f"expected one <{tag}>, found {len(found)}: {self.tags}"
        return found[0]

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())


def render(text: str) -> Elements:
    return Elements(render_markdown(text, asset_base=ASSETS))


def test_table_keeps_column_alignment_when_separator_row_sets_it():
    page = render(
        "| Item | Count | Cost |\n"
        "|:-----|:-----:|-----:|\n"
        "| Pens | 12    | 3.50 |\n"
    )

    assert len(page.all("table")) == 1
    assert [a.get("align") for a in page.all("th")] == ["left", "center", "right"]
    assert [a.get("align") for a in page.all("td")] == ["left", "center", "right"]
    assert "Pens 12 3.50" in page.text


def test_heading_gets_an_id_anchor_when_rendered():
    page = render("## Careers in the job market\n\ntext\n\n### What next?\n")

    assert page.one("h2")["id"] == "careers-in-the-job-market"
    assert page.one("h3")["id"] == "what-next"


def test_repeated_headings_get_distinct_anchors_when_titles_are_equal():
    page = render("## Summary\n\na\n\n## Summary\n\nb\n")

    ids = [a["id"] for a in page.all("h2")]
    assert len(ids) == 2 and len(set(ids)) == 2


@pytest.mark.parametrize("fence", ["```", "~~~"])
def test_fenced_code_keeps_its_language_class_when_fence_names_one(fence):
    page = render(f"{fence}python\nprint('<b>hi</b>')\n{fence}\n")

    assert page.one("code")["class"] == "language-python"
    assert len(page.all("pre")) == 1
    assert "print('<b>hi</b>')" in page.text  # shown as text, not turned into markup
    assert page.all("b") == []


@pytest.mark.parametrize(
    ("markdown", "src"),
    [
        ("![Map](images/map.png)", ASSETS + "images/map.png"),
        ("![Map](./map.png)", ASSETS + "map.png"),
        ("![Map](map%20big.png)", ASSETS + "map%20big.png"),
    ],
)
def test_image_gets_the_asset_base_when_its_path_is_relative(markdown, src):
    img = render(markdown).one("img")

    assert img["src"] == src
    assert img["alt"] == "Map"


@pytest.mark.parametrize(
    "src",
    ["https://cdn.example.org/map.png", "http://example.org/map.png", "/static/map.png"],
)
def test_image_src_is_kept_when_it_is_absolute(src):
    assert render(f"![Map]({src})").one("img")["src"] == src


@pytest.mark.parametrize(
    ("link", "player"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", YOUTUBE_EMBED + "dQw4w9WgXcQ"),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=30s", YOUTUBE_EMBED + "dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", YOUTUBE_EMBED + "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", YOUTUBE_EMBED + "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", VIMEO_EMBED + "76979871"),
        ("<https://youtu.be/dQw4w9WgXcQ>", YOUTUBE_EMBED + "dQw4w9WgXcQ"),
    ],
)
def test_video_link_becomes_a_privacy_friendly_player_when_it_is_a_paragraph_alone(link, player):
    page = render(f"Before the video.\n\n{link}\n\nAfter the video.")

    iframe = page.one("iframe")
    assert iframe["src"] == player
    assert "Before the video." in page.text and "After the video." in page.text
    assert page.all("a") == []


@pytest.mark.parametrize(
    ("link", "player"),
    [
        ("[Careers fair highlights](https://www.youtube.com/watch?v=dQw4w9WgXcQ)", YOUTUBE_EMBED + "dQw4w9WgXcQ"),
        ("[Careers fair highlights](https://youtu.be/dQw4w9WgXcQ)", YOUTUBE_EMBED + "dQw4w9WgXcQ"),
        ("[Careers fair highlights](https://vimeo.com/76979871)", VIMEO_EMBED + "76979871"),
    ],
)
def test_player_is_titled_with_the_link_text_when_the_link_has_text(link, player):
    iframe = render(link).one("iframe")

    assert iframe["src"] == player
    assert iframe["title"] == "Careers fair highlights"


def test_player_title_is_plain_text_when_link_text_contains_markup():
    iframe = render('[A "quoted" <b>talk</b>](https://youtu.be/dQw4w9WgXcQ)').one("iframe")

    assert iframe["title"] == 'A "quoted" <b>talk</b>'


def test_video_link_becomes_a_player_when_it_follows_a_heading_directly():
    page = render("## Watch this\nhttps://youtu.be/dQw4w9WgXcQ\n\nThen discuss.")

    assert page.one("iframe")["src"] == YOUTUBE_EMBED + "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "text",
    [
        "Watch https://www.youtube.com/watch?v=dQw4w9WgXcQ before the session.",
        "Watch [this talk](https://youtu.be/dQw4w9WgXcQ) before the session.",
        "Watch this talk\nhttps://youtu.be/dQw4w9WgXcQ\nbefore the session.",
        "Watch this talk:\nhttps://vimeo.com/76979871",
        "https://youtu.be/dQw4w9WgXcQ\nis the talk to watch before the session.",
    ],
    ids=["bare url in sentence", "link in sentence", "url line inside paragraph",
         "url line ends paragraph", "url line starts paragraph"],
)
def test_video_link_is_not_embedded_when_it_is_part_of_a_sentence(text):
    page = render(text)

    assert page.all("iframe") == []
    assert "before the session." in page.text or "Watch this talk:" in page.text
    assert len(page.all("p")) == 1  # the sentence is not cut in two around a player


@pytest.mark.parametrize(
    "text",
    [
        "```\nhttps://youtu.be/dQw4w9WgXcQ\n```",
        "~~~\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n~~~",
        "```markdown\n[Talk](https://vimeo.com/76979871)\n```",
        "An indented code block:\n\n    https://youtu.be/dQw4w9WgXcQ\n\nEnd.",
    ],
    ids=["backtick fence", "tilde fence with blank lines", "link in fence", "indented code block"],
)
def test_video_link_is_not_embedded_when_it_is_inside_code(text):
    page = render(text)

    assert page.all("iframe") == []
    assert len(page.all("code")) == 1
    assert "https://" in page.text


def test_video_link_in_a_list_item_stays_in_the_list_when_indented_under_it():
    page = render("- Before class\n\n    https://youtu.be/dQw4w9WgXcQ\n\n- After class\n")

    assert len(page.all("ul")) == 1  # the list is not split in two by a player
    assert len(page.all("li")) == 2


@pytest.mark.parametrize(
    "link",
    ["https://www.youtube.com/watch?v=x", "https://www.youtube.com/channel/UC123456", "https://vimeo.com/about",
     "https://example.org/watch?v=dQw4w9WgXcQ"],
)
def test_link_is_not_embedded_when_it_is_not_a_video(link):
    assert render(f"[Video]({link})").all("iframe") == []


@pytest.mark.parametrize(
    "text",
    ["[Careers service](https://example.org/careers)", "<https://example.org/careers>",
     '<a href="https://example.org/careers">Careers service</a>'],
)
def test_link_gets_rel_noopener_noreferrer_when_rendered(text):
    link = render(text).one("a")

    assert link["href"] == "https://example.org/careers"
    assert link["rel"] == "noopener noreferrer"


def test_author_rel_is_replaced_when_link_sets_its_own():
    link = render('<a href="https://example.org" rel="opener">x</a>').one("a")

    assert link["rel"] == "noopener noreferrer"


@pytest.mark.parametrize(
    "frame",
    [
        '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" allowfullscreen></iframe>',
        '<iframe src="https://evil.example/page"></iframe>',
        "<iframe></iframe>",
    ],
    ids=["youtube embed code", "other site", "no address"],
)
def test_iframe_disappears_when_its_address_is_not_allowed(frame):
    # Not an empty box on the page: the whole frame goes, the text around it stays.
    page = render(f"Before.\n\n{frame}\n\nAfter.")

    assert page.all("iframe") == []
    assert page.text == "Before. After."


def test_iframe_written_by_the_author_is_kept_when_its_address_is_allowed():
    page = render('<iframe src="https://player.vimeo.com/video/76979871" title="Talk"></iframe>')

    assert page.one("iframe") == {"src": "https://player.vimeo.com/video/76979871", "title": "Talk"}
