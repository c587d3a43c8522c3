"""Searching a run's discussions with the database's own full-text engine (SQLite FTS5, PostgreSQL
tsvector with GIN indexes): ranked, the matched words marked in an excerpt, and only what the
searcher may read (their run; no deleted posts; hidden ones for tutors alone; no module's forum
before it opens for the learner).

What people type is read here, as a web search box reads it: words are all required, a quoted
phrase is one, ``or`` between words offers alternatives, ``-word`` leaves posts with it out.
Anything else (stray quotes, ``*``, ``NEAR(``, ``AND``) is a word like any other: the query
helpers quote every word in the engine's syntax, so odd input finds nothing rather than fails."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from lms.core.keyset import Page
from lms.core.text import as_one_line
from lms.discussions.queries import search as queries
from lms.discussions.queries.search import START, STOP, Group
from lms.discussions.services.access import Forum, open_forum, readable_modules
from lms.discussions.services.threads import Author, plain_slug

if TYPE_CHECKING:
    from lms.courses.models import Module

MAX_CHARACTERS = 200  # what is searched of the query (the form says so beyond it)
MAX_WORDS = 16
MIN_LETTERS = 2
PER_PAGE = 20
MAX_PAGES = 50  # ranked results: past the thousandth, adding a word serves better than paging

# A quoted phrase (its closing quote may be missing), or a run of anything else but spaces and quotes.
_PIECE = re.compile(r'(-?)"([^"]*)"?|([^\s"]+)')
_LETTER = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class SearchHit:
    """One post found: where it is, who wrote it and when, and its excerpt with the searched
    words marked (escaped first: the post is its author's text, never HTML)."""

    post_id: int
    thread_id: int
    thread_title: str
    module: Module | None  # its forum: a module's, or the course-wide one (None)
    author: Author
    created_at: datetime
    edited_at: datetime | None
    hidden: bool  # hidden by a tutor (only tutors find it)
    language: str | None
    excerpt: Markup


@dataclass(frozen=True)
class SearchResults:
    forum: Forum
    query: str  # as searched: on one line, at most MAX_CHARACTERS
    shortened: bool  # the query was longer than what is searched
    problem: str | None  # "empty", "too_short", "only_excluded": nothing was searched
    page: Page[SearchHit]
    capped: bool  # more matches than the pages show

    @property
    def searched(self) -> bool:
        return self.problem is None

    @property
    def most_shown(self) -> int:
        return MAX_PAGES * PER_PAGE


def parse_terms(text: str) -> tuple[list[Group], str | None]:
    """The groups a query asks for (any of them; in each, every word and none of the excluded
    ones) or why there is nothing to search: "empty", "too_short", "only_excluded"."""
    if not text.strip():
        return [], "empty"
    groups: list[Group] = []
    words: list[str] = []
    excluded: list[str] = []
    count, any_excluded = 0, False
    for match in _PIECE.finditer(text):
        minus, phrase, bare = match.groups()
        if bare is not None and bare.lower() == "or":
            _close(groups, words, excluded)
            words, excluded = [], []
            continue
        if bare is not None and bare.startswith("-"):
            minus, bare = "-", bare[1:]
        word = " ".join((phrase if bare is None else bare).split())
        if not _LETTER.search(word) or count >= MAX_WORDS:
            continue
        count += 1
        any_excluded = any_excluded or bool(minus)
        (excluded if minus else words).append(word)
    _close(groups, words, excluded)
    if not groups:
        return [], "only_excluded" if any_excluded else "too_short"
    if sum(len(_LETTER.findall(word)) for group in groups for word in group.words) < MIN_LETTERS:
        return [], "too_short"
    return groups, None


def _close(groups: list[Group], words: list[str], excluded: list[str]) -> None:
    if words:  # a group of excluded words alone would find nearly everything: left out
        groups.append(Group(tuple(words), tuple(excluded)))


def marked(excerpt: str) -> Markup:
    """The excerpt escaped, then the engine's markers made <mark> elements (always paired: a
    marker the author typed themselves can only close or open one)."""
    out, open_ = [], False
    for piece in re.split(f"([{START}{STOP}])", excerpt or ""):
        if piece == START:
            out.append("" if open_ else "<mark>")
            open_ = True
        elif piece == STOP:
            out.append("</mark>" if open_ else "")
            open_ = False
        else:
            out.append(str(escape(re.sub(r"\s+", " ", piece))))
    return Markup("".join(out) + ("</mark>" if open_ else ""))


def _hit(row, modules: dict[int, Module]) -> SearchHit:
    return SearchHit(row.id, row.thread_id, row.thread_title, modules.get(row.module_id),
                     Author(row.author_id, row.author_name, row.author_role, row.author_country), row.created_at,
                     row.edited_at, row.hidden_at is not None or row.thread_hidden_at is not None, row.language,
                     marked(row.excerpt))


def search_posts(user, course_slug: str, text: str, *, run_slug: str | None = None, page: int = 1, now: datetime) -> SearchResults:
    """A page of the run's posts matching ``text`` that ``user`` may read, best first (PER_PAGE a
    page, at most MAX_PAGES pages). A fixed number of statements: the reader's context, the
    run's overrides (a learner's), one for the page (two when a page past the end is asked for:
    the first page comes instead)."""
    forum = open_forum(user, course_slug, plain_slug(run_slug), now=now)
    query = as_one_line(text or "")
    shortened = len(query) > MAX_CHARACTERS
    query = query[:MAX_CHARACTERS]
    terms, problem = parse_terms(query)
    if problem:
        return SearchResults(forum, query, shortened, problem, Page([], 1, 0, None, None), False)
    modules = {module.id: module for module in readable_modules(forum, now)[0]}
    number = min(max(page, 1), MAX_PAGES)

    def fetch(number: int):
        return queries.find_posts(forum.run.id, terms, moderates=forum.moderates, module_ids=list(modules),
                                  limit=PER_PAGE, offset=(number - 1) * PER_PAGE)

    rows = fetch(number)
    if not rows and number > 1:
        number, rows = 1, fetch(1)
    total = rows[0].total if rows else 0
    pages = min(math.ceil(total / PER_PAGE), MAX_PAGES)
    previous = None if number == 1 else ({} if number == 2 else {"page": number - 1})
    following = {"page": number + 1} if number < pages else None
    hits = [_hit(row, modules) for row in rows]
    return SearchResults(forum, query, shortened, None, Page(hits, (number - 1) * PER_PAGE + 1, total, previous, following),
                         total > MAX_PAGES * PER_PAGE)
