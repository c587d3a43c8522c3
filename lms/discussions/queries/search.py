"""Read-only SQL for searching a run's posts with the database's own full-text engine: SQLite's
FTS5 index (``discussion_posts_fts``, BM25) or PostgreSQL's GIN index on the posts' stored words
(``search_words``: a first post's with its thread's title; ``ts_rank_cd``). Both are written in
lms/discussions/models.py.

The searched words arrive parsed (``Terms``: groups joined by OR, each of words all required and
words excluded) and are written here in each engine's own syntax, every word quoted: nothing the
searcher typed is ever read as query syntax. One statement per page of results: the matches the
searcher may read, ranked, a page of them with their excerpt (matched words between two
private-use characters, ``START`` and ``STOP``, for the caller to mark after escaping), and the
number of matches on every row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Float, Integer, Row, bindparam, func, literal, literal_column, or_, select
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.sql import Select, table

from lms.accounts.models import User
from lms.core.extensions import db
from lms.discussions.models import SEARCH_COLUMN, SEARCH_CONFIG, SEARCH_TABLE, Post, Thread

START, STOP = "\ue000", "\ue001"  # private-use characters: no tokenizer keeps them as words
ELLIPSIS = "…"
EXCERPT_WORDS = 32
TITLE_WEIGHT = 4.0  # SQLite's BM25 weight of a thread's title against its first post's text (1.0)


@dataclass(frozen=True)
class Group:
    """Posts with every one of ``words`` and none of ``excluded`` (each a word or a quoted phrase)."""

    words: tuple[str, ...]
    excluded: tuple[str, ...] = ()


Terms = Sequence[Group]  # any of the groups


def _quoted(word: str) -> str:
    """A word or phrase as an FTS5 string: its own tokens, in order, and nothing else."""
    return '"' + word.replace('"', '""') + '"'


def fts5_match(terms: Terms) -> str:
    """``("a" AND "b c" NOT "d") OR ("e")``."""
    groups = []
    for group in terms:
        expression = " AND ".join(map(_quoted, group.words))
        groups.append("(" + expression + "".join(f" NOT {_quoted(word)}" for word in group.excluded) + ")")
    return " OR ".join(groups)


def websearch_text(terms: Terms) -> str:
    """The same in websearch_to_tsquery's syntax: ``"a" "b c" -"d" or "e"`` (quotes dropped
    from the words: PostgreSQL's parser reads them as spaces anyway)."""
    def quoted(word: str) -> str:
        return '"' + word.replace('"', " ") + '"'

    return " or ".join(" ".join([*map(quoted, group.words), *("-" + quoted(w) for w in group.excluded)]) for group in terms)


_posts, _threads, _users = Post.__table__, Thread.__table__, User.__table__


def _readable(moderates: bool, module_ids: list[int]) -> list:
    """What this searcher may read of the run: posts not deleted, in the course-wide forum or a
    module's open for them; hidden posts and threads only for tutors."""
    where = [_posts.c.deleted_at.is_(None),
             or_(_posts.c.module_id.is_(None), _posts.c.module_id.in_(bindparam("module_ids", module_ids, expanding=True)))]
    if not moderates:
        where += [_posts.c.hidden_at.is_(None), _threads.c.hidden_at.is_(None)]
    return where


def _shown(hits, excerpt) -> Select:
    """A page of hits with what a result shows."""
    return (select(hits.c.total, _posts.c.id, _posts.c.thread_id, _threads.c.title.label("thread_title"), _posts.c.module_id,
                   _posts.c.author_id, _users.c.name.label("author_name"), _users.c.professional_role.label("author_role"),
                   _users.c.country.label("author_country"), _posts.c.created_at, _posts.c.edited_at, _posts.c.hidden_at,
                   _threads.c.hidden_at.label("thread_hidden_at"), _posts.c.language, excerpt.label("excerpt"))
            .select_from(hits).join(_posts, _posts.c.id == hits.c.id).join(_threads, _threads.c.id == _posts.c.thread_id)
            .join(_users, _users.c.id == _posts.c.author_id))


def _sqlite(run_id: int, terms: Terms, moderates: bool, module_ids: list[int], limit: int, offset: int) -> Select:
    fts = table(SEARCH_TABLE)
    name = literal_column(SEARCH_TABLE)
    rowid = literal_column(f"{SEARCH_TABLE}.rowid", Integer)
    matching = name.op("MATCH")(bindparam("match", fts5_match(terms)))
    score = func.bm25(name, TITLE_WEIGHT, 1.0, type_=Float)
    # The index is read once, first (materialised: joined the other way round, SQLite would run the
    # full-text query again for every post of the run), then the matches are kept to what this
    # searcher may read. FTS5's functions cannot share a SELECT with a window function: the count
    # is taken one level up.
    found = select(rowid.label("id"), score.label("score")).select_from(fts).where(matching).cte("found").prefix_with("MATERIALIZED")
    matches = (select(found.c.id, found.c.score)
               .join(_posts, _posts.c.id == found.c.id).join(_threads, _threads.c.id == _posts.c.thread_id)
               .where(_posts.c.run_id == run_id, *_readable(moderates, module_ids)).subquery("matches"))
    hits = (select(matches.c.id, matches.c.score, func.count().over().label("total"))
            .order_by(matches.c.score, matches.c.id.desc()).limit(limit).offset(offset).cte("hits"))
    # The excerpt again through the index (an auxiliary function needs its MATCH), for the page's rows only.
    excerpt = func.snippet(name, 1, START, STOP, ELLIPSIS, EXCERPT_WORDS)
    return (_shown(hits, excerpt).join(fts, rowid == hits.c.id).where(matching)
            .order_by(hits.c.score, hits.c.id.desc()))


def _postgresql(run_id: int, terms: Terms, moderates: bool, module_ids: list[int], limit: int, offset: int) -> Select:
    config = literal_column(f"'{SEARCH_CONFIG}'::regconfig")
    query = func.websearch_to_tsquery(config, bindparam("words", websearch_text(terms)))
    words = literal_column(f"{_posts.name}.{SEARCH_COLUMN}", TSVECTOR)  # a first post's title weighted A, its text D
    score = func.ts_rank_cd(words, query, type_=Float)  # the stored words: no text parsed again to rank
    hits = (select(_posts.c.id, score.label("score"), func.count().over().label("total"))
            .join(_threads, _threads.c.id == _posts.c.thread_id)
            .where(_posts.c.run_id == run_id, words.bool_op("@@")(query), *_readable(moderates, module_ids))
            .order_by(literal_column("score").desc(), _posts.c.id.desc()).limit(limit).offset(offset).cte("hits"))
    options = f'StartSel={START}, StopSel={STOP}, MaxWords={EXCERPT_WORDS}, MinWords=12, MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "'
    excerpt = func.ts_headline(config, _posts.c.text, query, literal(options))  # the page's rows only
    return _shown(hits, excerpt).order_by(hits.c.score.desc(), hits.c.id.desc())


def find_posts(run_id: int, terms: Terms, *, moderates: bool, module_ids: list[int], limit: int, offset: int) -> list[Row]:
    """A page of the run's posts matching ``terms`` that the searcher may read, best first, each
    with its thread's title, author, dates, excerpt and the number of matches (``total``). One
    statement; the bound values are the same few whatever the run's size."""
    build = _postgresql if db.session.get_bind().dialect.name == "postgresql" else _sqlite
    return list(db.session.execute(build(run_id, terms, moderates, module_ids, limit, offset)))
