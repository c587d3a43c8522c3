"""English left on a page drawn in another language, outside user and course content.

A page's readable text is its text nodes and the attributes people read (alt, title, aria-label,
placeholder, an input button's value), without <script>/<style> and without any element whose
``lang`` names another language than the page's (a course written in English on a French page,
a language's own name in the footer's switch); where such content is quoted in an attribute or
the <title>, which cannot carry a lang, it is left out there too. Two rules find English in it:

- the catalogue: each msgid's English text (tags and placeholders cut out) in pieces; a piece of
  two words or more found in the text, or a one-word piece that is a whole text (a button, a
  table heading), is English a translation should have replaced — unless the language's own
  translations contain that very piece (German "Quiz", French "Badge"), when the words are
  the same in both languages;
- words nobody marked: a text holding two or more English function words ("the", "your",
  "with" ...) that no other shipped language writes, which no catalogue can know about."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

from tests.i18n.catalogues import catalogue, english_texts, extract_from_code, messages, translations_of, where

READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIP = {"script", "style", "template"}
# English words that are not words of French, German, Spanish or Italian ("was", "will", "has",
# "in", "an", "on", "or", "so", "no", "per" ... are, so they are left out).
FUNCTION_WORDS = frozenset("""the your you and with this is are of to for have from what when which who been yet
than them their there not can be by it that its our my we they were would should could into only here now
after before about any each every how why where""".split())
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
SEPARATOR = "\x00"


@dataclass(frozen=True)
class Text:
    what: str  # the text, whitespace collapsed
    where: str  # "text", "<title>" or the attribute, e.g. 'aria-label'


class PageText(HTMLParser):
    """The readable texts of a page in its own language (see the module's docstring)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.language, self.texts, self.foreign = None, [], set()
        self._open: list[str] = []  # element names, innermost last
        self._foreign_at: int | None = None  # depth of the element in another language we are inside
        self._skip_at: int | None = None
        self.feed(page)
        self.close()

    def _hidden(self) -> bool:
        return self._foreign_at is not None or self._skip_at is not None

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.language = values.get("lang")
            return
        foreign = "lang" in values and values["lang"].split("-")[0].lower() != (self.language or "").split("-")[0].lower()
        if tag not in VOID:
            self._open.append(tag)
            if foreign and self._foreign_at is None:
                self._foreign_at = len(self._open)
            if tag in SKIP and self._skip_at is None:
                self._skip_at = len(self._open)
        if self._hidden() or (foreign and tag in VOID):
            return
        for name in READ_ATTRIBUTES:
            if values.get(name, "").strip():
                self._add(values[name], name)
        if tag == "input" and values.get("type", "").lower() in ("submit", "button", "reset") and values.get("value"):
            self._add(values["value"], "value")

    def handle_endtag(self, tag):
        if tag not in self._open:
            return
        while self._open:  # close what the author left open (<li>, <p> ...) up to this element
            closed = self._open.pop()
            depth = len(self._open) + 1
            if self._foreign_at == depth:
                self._foreign_at = None
            if self._skip_at == depth:
                self._skip_at = None
            if closed == tag:
                break

    def handle_data(self, data):
        if self._foreign_at is not None and self._skip_at is None and len(data.strip()) >= 3:
            self.foreign.add(" ".join(data.split()))  # content in another language, maybe quoted elsewhere
        if not self._hidden() and data.strip():
            self._add(data, "<title>" if self._open and self._open[-1] == "title" else "text")

    def _add(self, text: str, where: str) -> None:
        self.texts.append(Text(" ".join(text.split()), where))


PUNCTUATION = " .,:;!?()[]«»“”\"'‘’·—–-"


def _pieces(english: str) -> list[str]:
    """The words of a msgid as a page shows them: tags and placeholders cut the text, and the
    punctuation around each piece is left out (French writes "Moodle :" for "Moodle:")."""
    text = re.sub(r"<[^>]*>", SEPARATOR, english)
    text = PLACEHOLDER.sub(SEPARATOR, text).replace("%%", "%")
    return [" ".join(html.unescape(piece).split()).strip(PUNCTUATION) for piece in text.split(SEPARATOR)]


@dataclass(frozen=True)
class Piece:
    text: str
    msgid: str
    source: str  # file:line of the msgid


@cache
def english_pieces(language: str) -> tuple[dict[str, Piece], dict[str, Piece]]:
    """(pieces of two words or more, one-word pieces) of every msgid, by their text, leaving out
    the pieces that the language's own translations contain."""
    translated = "\n".join(form for message in messages(catalogue(language)).values()
                           for form in translations_of(message) if form)
    long, short = {}, {}
    for message in messages(extract_from_code()).values():
        msgid = english_texts(message)[0]
        for english in english_texts(message):
            for text in _pieces(english):
                words = WORD.findall(text)
                if not words or text in translated:
                    continue
                piece = Piece(text, msgid, where(message))
                if len(words) >= 2:
                    long.setdefault(text, piece)
                elif len(words[0]) >= 3:
                    short.setdefault(text, piece)
    return long, short


@cache
def _long_pattern(language: str) -> re.Pattern:
    long, _ = english_pieces(language)
    alternatives = sorted(long, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")


@dataclass(frozen=True)
class Finding:
    url: str  # or the page's name
    text: str  # the English found
    msgid: str | None  # None: words nobody marked
    source: str  # where the msgid is, or where on the page

    def __str__(self) -> str:
        if self.msgid is None:
            return f"{self.url}: unmarked English {self.text!r} ({self.source})"
        return f"{self.url}: {self.text!r} from {self.msgid!r} ({self.source})"


def _without(texts: list[Text], foreign: set[str]) -> list[Text]:
    """The texts without the content the page marks as another language elsewhere: a course's
    title inside an aria-label or the <title> cannot carry its own lang."""
    longest_first = sorted(foreign, key=len, reverse=True)
    cleaned = []
    for text in texts:
        what = text.what
        if text.where != "text":
            for content in longest_first:
                what = what.replace(content, " ")
        cleaned.append(Text(" ".join(what.split()), text.where))
    return cleaned


def english_leftovers(url: str, page: str, language: str) -> list[Finding]:
    parsed = PageText(page)
    assert parsed.language == language, f"{url}: drawn in {parsed.language!r}, not {language!r}"
    long, short = english_pieces(language)
    pattern = _long_pattern(language)
    found: dict[tuple, Finding] = {}
    for text in _without(parsed.texts, parsed.foreign):
        for match in pattern.finditer(text.what):
            piece = long[match.group(0)]
            found.setdefault((piece.msgid, piece.text), Finding(url, piece.text, piece.msgid, piece.source))
        for part in re.split(r"\s+[·|—–:]\s+|\s*[·|]\s*", text.what):
            piece = short.get(part.strip(PUNCTUATION))
            if piece is not None:
                found.setdefault((piece.msgid, piece.text), Finding(url, part, piece.msgid, piece.source))
        if text.where != "<title>":  # a <title> holds course names too, and cannot mark their language
            words = {word.lower() for word in WORD.findall(text.what)} & FUNCTION_WORDS
            if len(words) >= 2 and not pattern.search(text.what):
                found.setdefault((None, text.what), Finding(url, text.what, None, text.where))
    return list(found.values())
