"""The library's search page: what people type read as a web search box reads it (words all
required, a quoted phrase is one, ``or`` offers alternatives, ``-word`` leaves out), every word
quoted for the engine so odd input finds nothing rather than fails; facets that combine; four
sort orders; pages of PER_PAGE."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from lms.core.keyset import Page
from lms.core.text import as_one_line, language_name
from lms.resources.services import search_sql as sql
from lms.resources.services.search_sql import START, STOP, Filters, Group
from lms.resources.services.vocabulary import AUDIENCES, FACETS, KINDS, SUBJECTS, kind_label

MAX_CHARACTERS = 200
MAX_WORDS = 16
PER_PAGE = 20
SORTS = ("relevance", "newest", "title", "rating")
_PIECE = re.compile(r'(-?)"([^"]*)"?|([^\s"]+)')
_LETTER = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Hit:
    slug: str
    title: Markup  # escaped, the matched words in <mark>
    summary: Markup
    kind: str
    kind_label: str
    language: str
    author: str
    published_on: date
    average: float | None
    ratings: int


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Results:
    query: str
    searched: bool  # words were searched (not only filters)
    filters: Filters
    sort: str  # the order the hits are in
    sort_choice: str  # what the form shows chosen ("relevance" reads as newest first until words are searched)
    listing: Page[Hit]  # the hits, where they sit among the matches, Previous/Next (?page=)
    number: int
    facets: dict[str, list[FacetValue]]

    @property
    def hits(self) -> list[Hit]:
        return self.listing.rows

    @property
    def total(self) -> int:
        return self.listing.total


def parse_terms(text: str) -> list[Group]:
    """The groups a query asks for (any of them); none when it has no word to search."""
    groups: list[Group] = []
    words: list[str] = []
    excluded: list[str] = []
    count = 0
    for match in _PIECE.finditer(text):
        minus, phrase, bare = match.groups()
        if bare is not None and bare.lower() == "or":
            if words:
                groups.append(Group(tuple(words), tuple(excluded)))
            words, excluded = [], []
            continue
        if bare is not None and bare.startswith("-"):
            minus, bare = "-", bare[1:]
        word = " ".join((phrase if bare is None else bare).split())
        if not _LETTER.search(word) or count >= MAX_WORDS:
            continue
        count += 1
        (excluded if minus else words).append(word)
    if words:
        groups.append(Group(tuple(words), tuple(excluded)))
    return groups


def marked(text: str | None) -> Markup:
    """The text escaped, then the engine's markers made <mark> elements (always paired)."""
    out, open_ = [], False
    for piece in re.split(f"([{START}{STOP}])", text or ""):
        if piece == START:
            out.append("" if open_ else "<mark>")
            open_ = True
        elif piece == STOP:
            out.append("</mark>" if open_ else "")
            open_ = False
        else:
            out.append(str(escape(piece)))
    return Markup("".join(out) + ("</mark>" if open_ else ""))


def clean_filters(kind=None, audience=None, subject=None, language=None) -> Filters:
    """Only values a facet can have; anything else is no filter."""
    return Filters(kind if kind in KINDS else None, audience if audience in AUDIENCES else None,
                   subject if subject in SUBJECTS else None,
                   language if isinstance(language, str) and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language) else None)


def _hit(row) -> Hit:
    average = row.rating_total / row.rating_count if row.rating_count else None
    return Hit(row.slug, marked(row.title_marked), marked(row.summary_marked), row.kind, kind_label(row.kind), row.language,
               row.author, row.published_on, average, row.rating_count)


def _facets(groups, filters: Filters, reader_language: str | None) -> dict[str, list[FacetValue]]:
    labels = {"kind": lambda v: kind_label(v), "audience": lambda v: str(AUDIENCES.get(v, v)),
              "subject": lambda v: str(SUBJECTS.get(v, v)), "language": lambda v: language_name(v, reader_language)}
    order = {"kind": list(KINDS), "audience": list(AUDIENCES), "subject": list(SUBJECTS)}
    facets: dict[str, list[FacetValue]] = {facet: [] for facet in FACETS}
    for facet, value, count in sql.facet_counts(groups, filters):
        facets[facet].append(FacetValue(value, labels[facet](value), count, getattr(filters, facet) == value))
    for facet, values in facets.items():
        known = order.get(facet)
        values.sort(key=(lambda v: known.index(v.value) if v.value in known else len(known)) if known else (lambda v: v.label))
    return facets


def search_resources(text: str, filters: Filters, *, sort: str | None = None, page: int = 1,
                     reader_language: str | None = None) -> Results:
    """A page of resources matching ``text`` and ``filters``, sorted (by relevance when words are
    searched, newest first otherwise), with the facets' counts. Two statements (three when a page
    past the end is asked for: the last page comes instead)."""
    query = as_one_line((text or "").replace("\x00", " "))[:MAX_CHARACTERS]
    groups = parse_terms(query)
    choice = sort if sort in SORTS else "relevance"
    sort = "newest" if choice == "relevance" and not groups else choice
    number = max(page, 1)
    rows = sql.find_page(groups, filters, sort, PER_PAGE, (number - 1) * PER_PAGE)
    total = rows[0].total if rows else 0
    if not rows and number > 1:
        number = 1
        rows = sql.find_page(groups, filters, sort, PER_PAGE, 0)
        total = rows[0].total if rows else 0
    pages = math.ceil(total / PER_PAGE)
    previous = None if number == 1 else {"page": number - 1}
    following = {"page": number + 1} if number < pages else None
    listing = Page([_hit(row) for row in rows], (number - 1) * PER_PAGE + 1, total, previous, following)
    return Results(query, bool(groups), filters, sort, choice, listing, number, _facets(groups, filters, reader_language))
