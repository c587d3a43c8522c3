"""The SQL of the library's search: the database's own full-text engine (SQLite's FTS5 table
``resources_fts``, BM25; PostgreSQL's stored words ``resources.search_words`` with GIN,
``websearch_to_tsquery``, ``ts_rank``, ``ts_headline``), the filters, the sort orders, and the
facet counts. Two statements a page whatever the library's size: the page of hits (with their
highlights and the number of matches) and every facet's counts (one UNION ALL)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Float, Integer, Row, and_, bindparam, case, func, literal, literal_column, select, true
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.sql import table

from lms.core.extensions import db
from lms.resources.models import SEARCH_COLUMN, SEARCH_CONFIG, SEARCH_TABLE, Resource
from lms.resources.services.vocabulary import AUDIENCES, KINDS, SUBJECTS, bit

START, STOP = "\ue000", "\ue001"  # private-use characters around matched words, marked after escaping
_r = Resource.__table__


@dataclass(frozen=True)
class Group:
    """Resources with every one of ``words`` and none of ``excluded``."""

    words: tuple[str, ...]
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    audience: str | None = None
    subject: str | None = None
    language: str | None = None


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts5_match(groups: Sequence[Group]) -> str:
    """``("a" AND "b c" NOT "d") OR ("e")``: every word quoted, never read as syntax."""
    return " OR ".join("(" + " AND ".join(map(_quoted, g.words)) + "".join(f" NOT {_quoted(w)}" for w in g.excluded) + ")"
                       for g in groups)


def websearch_text(groups: Sequence[Group]) -> str:
    def quoted(word: str) -> str:
        return '"' + word.replace('"', " ") + '"'

    return " or ".join(" ".join([*map(quoted, g.words), *("-" + quoted(w) for w in g.excluded)]) for g in groups)


def _postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _found(groups: Sequence[Group] | None):
    """The matching resources' ids and scores (higher is better), or None: every resource."""
    if not groups:
        return None
    if _postgresql():
        query = func.websearch_to_tsquery(literal_column(f"'{SEARCH_CONFIG}'::regconfig"), bindparam("words", websearch_text(groups)))
        words = literal_column(f"resources.{SEARCH_COLUMN}", TSVECTOR)
        return (select(_r.c.id, func.ts_rank(words, query, type_=Float).label("score"))
                .where(words.bool_op("@@")(query)).cte("found"))
    name = literal_column(SEARCH_TABLE)
    return (select(literal_column(f"{SEARCH_TABLE}.rowid", Integer).label("id"),
                   (-func.bm25(name, 10.0, 3.0, 1.0, type_=Float)).label("score"))
            .select_from(table(SEARCH_TABLE)).where(name.op("MATCH")(bindparam("match", fts5_match(groups))))
            .cte("found").prefix_with("MATERIALIZED"))


def _has(facet: str, value: str):
    """The resource is for this audience / about this subject (its bit in the mask)."""
    column, vocabulary = (_r.c.audience_mask, AUDIENCES) if facet == "audience" else (_r.c.subject_mask, SUBJECTS)
    return column.op("&")(bit(vocabulary, value)) != 0


def _filter(filters: Filters, facet: str):
    """The condition one facet's filter puts on the resources (true when it is not chosen)."""
    value = getattr(filters, facet)
    if not value:
        return true()
    return _has(facet, value) if facet in ("audience", "subject") else _r.c[facet] == value


def _conditions(filters: Filters) -> list:
    return [_r.c.archived_at.is_(None), *(_filter(filters, facet) for facet in ("kind", "audience", "subject", "language"))]


def _order(sort: str, score):
    average = case((_r.c.rating_count > 0, _r.c.rating_total * 1.0 / _r.c.rating_count), else_=-1.0)
    return {"relevance": [score.desc(), _r.c.published_on.desc(), _r.c.id],
            "newest": [_r.c.published_on.desc(), _r.c.id.desc()],
            "title": [func.lower(_r.c.title), _r.c.id],
            "rating": [average.desc(), _r.c.rating_count.desc(), _r.c.id]}[sort]


def find_page(groups, filters: Filters, sort: str, limit: int, offset: int) -> list[Row]:
    """A page of matching resources, each with its highlighted title and summary (markers
    START/STOP) and the number of matches (``total``)."""
    found = _found(groups)
    score = found.c.score if found is not None else literal(0.0)
    hits = select(_r.c.id, score.label("score"), func.count().over().label("total")).where(*_conditions(filters))
    if found is not None:
        hits = hits.join(found, found.c.id == _r.c.id)
    hits = hits.order_by(*_order(sort, score)).limit(limit).offset(offset).cte("hits")
    columns = [hits.c.total, hits.c.score, *_r.c]
    page = hits.join(_r, _r.c.id == hits.c.id)
    if found is None:
        shown = select(*columns, _r.c.title.label("title_marked"), _r.c.summary.label("summary_marked")).select_from(page)
    elif _postgresql():
        config = literal_column(f"'{SEARCH_CONFIG}'::regconfig")
        query = func.websearch_to_tsquery(config, bindparam("words", websearch_text(groups)))
        options = literal(f"HighlightAll=true, StartSel={START}, StopSel={STOP}")  # summaries are short: all of it
        title, summary = func.ts_headline(config, _r.c.title, query, options), func.ts_headline(config, _r.c.summary, query, options)
        shown = select(*columns, title.label("title_marked"), summary.label("summary_marked")).select_from(page)
    else:  # an FTS5 auxiliary function needs its MATCH: the index again, for the page's rows only
        name = literal_column(SEARCH_TABLE)
        shown = (select(*columns, func.highlight(name, 0, START, STOP).label("title_marked"),
                        func.highlight(name, 1, START, STOP).label("summary_marked"))
                 .select_from(page.join(table(SEARCH_TABLE), literal_column(f"{SEARCH_TABLE}.rowid", Integer) == _r.c.id))
                 .where(name.op("MATCH")(bindparam("match", fts5_match(groups)))))
    return list(db.session.execute(shown.order_by(*_order(sort, hits.c.score))))


def facet_counts(groups, filters: Filters) -> list[tuple[str, str, int]]:
    """(facet, value, count) for every value of the four facets among the resources that match
    the query and every OTHER facet's filter (so each value's count is what choosing it gives).
    One scan of the matching resources, grouped by language, each count a conditional sum; the
    languages' groups are added up here (those the language filter keeps, for the other facets)."""
    found = _found(groups)
    kind, audience, subject = (_filter(filters, facet) for facet in ("kind", "audience", "subject"))
    sums = [func.sum(case((and_(audience, subject, _r.c.kind == value), 1), else_=0)) for value in KINDS]
    sums += [func.sum(case((and_(kind, subject, _has("audience", value)), 1), else_=0)) for value in AUDIENCES]
    sums += [func.sum(case((and_(kind, audience, _has("subject", value)), 1), else_=0)) for value in SUBJECTS]
    sums.append(func.sum(case((and_(kind, audience, subject), 1), else_=0)))
    query = select(_r.c.language, *sums).where(_r.c.archived_at.is_(None)).group_by(_r.c.language)
    if found is not None:
        query = query.join(found, found.c.id == _r.c.id)
    names = [("kind", v) for v in KINDS] + [("audience", v) for v in AUDIENCES] + [("subject", v) for v in SUBJECTS]
    totals = dict.fromkeys(names, 0)
    counts = []
    for language, *numbers in db.session.execute(query):
        if numbers[-1]:
            counts.append(("language", language, numbers[-1]))
        if filters.language in (None, language):
            for name, number in zip(names, numbers):
                totals[name] += number
    return [(facet, value, count) for (facet, value), count in totals.items() if count] + counts
