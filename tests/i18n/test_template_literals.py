"""No template holds words a person reads outside the translation functions: text between the
tags, the attributes people read (alt, title, aria-label, placeholder, an input button's value, a link
preview's meta content), and sentences written as string constants in expressions ({{ 'Update'
if x else 'Submit' }}, a macro's label) — each reported as template:line."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from tests.conftest import ROOT

LMS = ROOT / "lms"
TEMPLATES = sorted(path for path in LMS.glob("**/templates/**/*") if path.suffix in (".html", ".txt"))

# Words that are the same in every language, so they are not for translators. Kept short on purpose.
ALLOWED = {
    "STEM Academy",  # the platform's brand name, never translated
}

READ_ATTRIBUTES = {"alt", "title", "aria-label", "aria-description", "aria-roledescription", "aria-valuetext",
                   "placeholder", "label"}
BUTTON_TYPES = {"submit", "button", "reset"}
# <meta> whose content a person reads in a link preview or a search result.
READ_META = {"description", "og:title", "og:description", "og:site_name", "og:image:alt", "twitter:title",
             "twitter:description", "twitter:image:alt"}
HOLE = "\u27e8\u27e9"  # stands for what a {{ }} or {% %} draws: no letters, so never a finding by itself
GETTEXT = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
CODE_CALLS = {"url_for", "url", "cached"}  # their string arguments are endpoints (url: e-mails' external_url) and cache keys
# A string constant that reads as words: two words with a space or punctuation between them, or a
# capitalised word ('Submit') that is not a file name or an endpoint.
PROSE = re.compile(r"[^\W\d_]{2,}[ ,.;:!?'’]+[^\W\d_]|^[A-Z][a-z]+\b(?![./_-])")


def has_words(text: str) -> bool:
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    return any(character.isalpha() for character in text)


def literal_text(env: Environment, source: str) -> str:
    """The template's own text outside {% trans %} blocks, {{ }} and {% %}, each tag replaced by
    HOLE, on the same lines as in the source."""
    pieces, line, in_trans, after_block_begin = [], 1, False, False
    for lineno, kind, value in env.lex(source):
        if kind == "block_begin":
            after_block_begin = True
            continue
        if after_block_begin and kind == "name":
            after_block_begin = False
            if value in ("trans", "endtrans"):
                in_trans = value == "trans"
        if kind != "data" or in_trans:
            if not pieces or pieces[-1] != HOLE:
                pieces.append(HOLE)
            continue
        pieces.append("\n" * (lineno - line) + value)
        line = lineno + value.count("\n")
    return "".join(pieces)


class Reader(HTMLParser):
    """Collects (line, what) for every text node and read attribute with words in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping.append(tag)
        values = {name: value or "" for name, value in attrs}
        read = [name for name in values if name in READ_ATTRIBUTES]
        if tag == "input" and (values.get("type") or "").lower() in BUTTON_TYPES | {HOLE}:  # a <button>'s value is not shown
            read.append("value")
        if tag == "meta" and (values.get("name") or values.get("property")) in READ_META:
            read.append("content")
        for name in read:
            if has_words(values.get(name, "")):
                self.found.append((self.getpos()[0], f'<{tag} {name}="{values[name]}">'))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.skipping.pop()

    def handle_endtag(self, tag):
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()

    def handle_data(self, data):
        if self.skipping or not has_words(data):
            return
        first = next(index for index, character in enumerate(data) if character.isalpha())
        self.found.append((self.getpos()[0] + data.count("\n", 0, first), " ".join(data.split())))


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def text_findings(env: Environment, path: Path) -> list[str]:
    text = literal_text(env, path.read_text())
    if path.suffix == ".txt":  # e-mail text: every line of it is read
        found = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if has_words(line)]
    else:
        reader = Reader()
        reader.feed(text)
        reader.close()
        found = reader.found
    return [f"{_name(path)}:{line}: {what.replace(HOLE, '…')}" for line, what in found]


def constant_findings(env: Environment, path: Path) -> list[str]:
    """Sentences written as string constants in expressions, outside _()/ngettext()."""
    tree = env.parse(path.read_text(), path.name, str(path))
    code = set()
    for node in tree.find_all((nodes.Call, nodes.Compare, nodes.Test, nodes.Getitem, nodes.Include, nodes.Extends,
                               nodes.Import, nodes.FromImport)):
        if isinstance(node, nodes.Call) and not (isinstance(node.node, nodes.Name) and node.node.name in GETTEXT | CODE_CALLS):
            continue  # a macro's or a helper's arguments may well be shown
        code.update(id(constant) for constant in node.find_all(nodes.Const))
    return [
        f"{_name(path)}:{constant.lineno}: {constant.value!r} (a string constant: pass it through _())"
        for constant in tree.find_all(nodes.Const)
        if isinstance(constant.value, str) and id(constant) not in code and PROSE.search(constant.value)
        and constant.value not in ALLOWED
    ]


@pytest.fixture(scope="module")
def env():
    import config
    from lms import create_app

    return create_app(config.TestConfig, DATABASE_URL="sqlite://").jinja_env


def test_templates_are_found():
    assert len(TEMPLATES) > 40 and any(path.name == "base.html" for path in TEMPLATES)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(LMS)))
def test_template_holds_no_words_outside_the_translation_functions(env, path):
    findings = text_findings(env, path) + constant_findings(env, path)
    assert not findings, "words a person reads outside _() / {% trans %}:\n  " + "\n  ".join(findings)


SAMPLE = """{% extends "base.html" %}
{% block title %}{{ _("Fine") }}{% endblock %}
{% block content %}
<h1>{{ _("Translated") }}</h1>
{% trans link=url %}A <a href="{{ link }}">sentence</a>
  over two lines.{% endtrans %}
<p>{{ count }} · {{ when }} → 12 — {{ _("ok") }}</p>
<img src="{{ src }}" alt="A chart">
<input type="submit" value="Send">
<button type="submit" name="do" value="hide">{{ _("Hide") }}</button>
<a href="/x" title="{{ _('fine') }}" class="button primary">{{ 'Update' if x else _('Submit') }}</a>
<script>var hello = "world";</script>
{# a comment about words #}
<p>STEM Academy</p>
<p>
  Left over
</p>
{% endblock %}
"""


def test_the_check_finds_each_kind_of_literal_and_spares_translated_words(env, tmp_path):
    sample = tmp_path / "templates" / "sample.html"
    sample.parent.mkdir()
    sample.write_text(SAMPLE)
    findings = [line.split("/sample.html:", 1)[1] for line in text_findings(env, sample) + constant_findings(env, sample)]
    assert findings == [
        '8: <img alt="A chart">',
        '9: <input value="Send">',
        "16: Left over",
        "11: 'Update' (a string constant: pass it through _())",
    ]


def test_an_e_mail_text_template_is_read_line_by_line(env, tmp_path):
    sample = tmp_path / "templates" / "email" / "sample.txt"
    sample.parent.mkdir(parents=True)
    sample.write_text('{{ _("Hello %(name)s,", name=name) }}\n\n{% trans %}Fine{% endtrans %}\nSee you soon\n-- {{ url }}\n')
    assert [line.split("sample.txt:", 1)[1] for line in text_findings(env, sample)] == ["4: See you soon"]
